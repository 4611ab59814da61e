// An open-loop load at a fixed rate: one request every 1/rate seconds whatever the answers
// do, each timed from when it was due (so a slow answer that delays the next send is
// counted, not hidden). autocannon's own rates (overallRate, connectionRate) send each
// second's quota in one burst at the start of the second, which measures the queue of
// that burst rather than the service at that rate.
import http from 'node:http'

export interface PacedOptions {
  url: string
  /** requests per second */
  rate: number
  seconds: number
  /** the path of the k-th request */
  path: (k: number) => string
  headers?: Record<string, string>
  /** open sockets at most (requests beyond wait for one) */
  connections?: number
}

export async function paced(opts: PacedOptions): Promise<{ rps: number; p50: number; p99: number; bad: number }> {
  const { hostname, port } = new URL(opts.url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections ?? 50 })
  const latencies: number[] = []
  let bad = 0
  const inFlight = new Set<Promise<void>>()
  const send = (k: number, due: number) => {
    const done = new Promise<void>((resolve) => {
      const req = http.request({ host: hostname, port, path: opts.path(k), headers: opts.headers, agent }, (res) => {
        if (res.statusCode! < 200 || res.statusCode! >= 300) bad++
        res.on('end', () => {
          latencies.push(performance.now() - due)
          resolve()
        })
        res.resume()
      })
      req.on('error', () => {
        bad++
        resolve()
      })
      req.end()
    })
    inFlight.add(done)
    void done.then(() => inFlight.delete(done))
  }
  const total = Math.round(opts.rate * opts.seconds)
  const start = performance.now()
  let sent = 0
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * opts.rate) / 1000) + 1)
      for (; sent < due; sent++) send(sent, start + (sent * 1000) / opts.rate)
      if (sent >= total) {
        clearInterval(timer)
        resolve()
      }
    }, 1)
  })
  await Promise.all(inFlight)
  const elapsed = (performance.now() - start) / 1000
  agent.destroy()
  const sorted = latencies.sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), bad }
}
