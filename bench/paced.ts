// An open-loop load at a fixed rate: one request every 1/rate seconds whatever the answers
// do, each timed from when it was due (so a slow answer that delays the next send is
// counted, not hidden). autocannon's own rates (overallRate, connectionRate) send each
// second's quota in one burst at the start of the second, which measures the queue of
// that burst rather than the service at that rate.
//
// The generator runs in a process of its own (forked from this file) and keeps its own
// work small: requests are bytes made before the load starts, written to plain sockets,
// and an answer is read only as far as its status line and length. Its pauses are
// counted as the service's latency (a request due during one is sent late), and it
// shares the machine's cores with the server and PostgreSQL: built on node's HTTP client,
// inside the bench's own process, it took 0.19 ms of CPU per request (the server 0.5 ms),
// and its own event loop stalled up to 13 ms.
import { fork } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'

export interface PacedOptions {
  url: string
  /** requests per second */
  rate: number
  seconds: number
  /** the k-th request asks for paths[k % paths.length] (GET) */
  paths: readonly string[]
  headers?: Record<string, string>
  /** open sockets at most (requests beyond wait for one) */
  connections?: number
  /**
   * Seconds of the same load first, not measured (the generator's own code warms up
   * too); the measured requests follow on, on the same connections and with no pause, in
   * `paths` where the warm-up stopped.
   */
  warmup?: number
}

export interface PacedResult {
  rps: number
  p50: number
  p99: number
  /** answers that were not 2xx, and requests lost with their connection */
  bad: number
  /** when the requests at or above p99 were due (epoch ms): to lay beside what the host did then */
  slowDue: number[]
  /** for the same requests, how late the generator wrote each (ms after its due time) */
  slowLate: number[]
  /** the measured requests' first and last due times (epoch ms) */
  window: [number, number]
}

/** Runs the load in a child process and returns what it measured. */
export function paced(opts: PacedOptions): Promise<PacedResult> {
  // Said here: in the child, an empty list ends as a write of `undefined` to a socket.
  if (opts.paths.length === 0) return Promise.reject(new Error('paced load: no paths to ask for'))
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--paced-child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    let result: PacedResult | undefined
    child.once('message', (m) => (result = m as PacedResult))
    child.once('error', reject)
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`paced load generator exited with ${code}`))))
    child.send(opts)
  })
}

/**
 * The load itself, in this process: one stream of requests at the rate, of which the first
 * `warmup` seconds are not measured. One stream, not two loads: the measured requests go
 * out on the warm-up's connections, with no pause between them (a pause, and new
 * connections opened at its end, are not what a steady load looks like).
 */
export async function runPaced(opts: PacedOptions): Promise<PacedResult> {
  const { hostname, port } = new URL(opts.url)
  const head = Object.entries({ host: `${hostname}:${port}`, ...opts.headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  const requests = opts.paths.map((p) => Buffer.from(`GET ${p} HTTP/1.1\r\n${head}\r\n`, 'latin1'))
  const warm = Math.round(opts.rate * (opts.warmup ?? 0))
  const measured = Math.round(opts.rate * opts.seconds)
  const total = warm + measured
  // Latencies of the measured requests, by request number (k - warm).
  const latencies = new Float64Array(measured).fill(NaN)
  let answered = 0
  let bad = 0
  let lastAnswer = 0
  const maxConnections = opts.connections ?? 50

  type Conn = { socket: net.Socket; k: number; due: number; head: Buffer | null; bodyLeft: number; status: number }
  const idle: Conn[] = []
  const waiting: { k: number; due: number }[] = []
  let open = 0
  let allAnswered: () => void = () => {}

  const answer = (k: number, latency: number, ok: boolean) => {
    answered++
    if (k >= warm) {
      latencies[k - warm] = latency
      if (!ok) bad++
      lastAnswer = performance.now()
    }
    if (answered === total) allAnswered()
  }
  const finish = (c: Conn, ok: boolean) => {
    const k = c.k
    c.k = -1
    c.head = null
    const next = waiting.shift()
    if (next) write(c, next.k, next.due)
    else idle.push(c)
    answer(k, performance.now() - c.due, ok)
  }
  const onData = (c: Conn, chunk: Buffer) => {
    if (c.bodyLeft < 0) {
      // Still in the head: find its end, the status and the length of the body.
      const buf = c.head ? Buffer.concat([c.head, chunk]) : chunk
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) {
        c.head = buf
        return
      }
      const text = buf.toString('latin1', 0, end)
      c.status = Number(text.slice(9, 12))
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text)
      // The routes paced here answer with a length; a streamed answer would need a chunk parser.
      if (!length) throw new Error(`paced load: an answer without Content-Length (${text.split('\r\n')[0]})`)
      c.bodyLeft = Number(length[1])
      chunk = buf.subarray(end + 4)
      c.head = null
    }
    c.bodyLeft -= chunk.length
    if (c.bodyLeft <= 0) {
      c.bodyLeft = -1
      finish(c, c.status >= 200 && c.status < 300)
    }
  }
  // How late the generator itself wrote each measured request (behind its due time).
  const lateness = new Float64Array(measured).fill(NaN)
  const write = (c: Conn, k: number, due: number) => {
    c.k = k
    c.due = due
    c.bodyLeft = -1
    if (k >= warm) lateness[k - warm] = performance.now() - due
    c.socket.write(requests[k % requests.length]!)
  }
  const connect = (k: number, due: number) => {
    open++
    const c: Conn = { socket: net.connect({ host: hostname, port: Number(port), noDelay: true }), k, due, head: null, bodyLeft: -1, status: 0 }
    c.socket.on('data', (chunk: Buffer) => onData(c, chunk))
    c.socket.on('error', () => {})
    c.socket.on('close', () => {
      open--
      const i = idle.indexOf(c)
      if (i >= 0) idle.splice(i, 1)
      // A request in flight on a closed connection is lost: counted, and its slot freed.
      else if (c.k >= 0) {
        const k = c.k
        c.k = -1
        answer(k, NaN, false)
      }
      const next = waiting.shift()
      if (next) connect(next.k, next.due)
    })
    write(c, k, due)
  }
  const send = (k: number, due: number) => {
    const c = idle.pop()
    if (c) write(c, k, due)
    else if (open < maxConnections) connect(k, due)
    else waiting.push({ k, due })
  }

  const start = performance.now()
  let sent = 0
  const done = new Promise<void>((resolve) => (allAnswered = resolve))
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
  if (total > 0) await done
  for (const c of idle) c.socket.destroy()
  // From the first measured request's due time to the last measured answer.
  const elapsed = (lastAnswer - (start + (warm * 1000) / opts.rate)) / 1000
  const sorted = latencies.filter((x) => !Number.isNaN(x)).sort()
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  const p99 = at(0.99)
  const dueAt = (k: number) => performance.timeOrigin + start + ((warm + k) * 1000) / opts.rate
  const slowDue: number[] = []
  const slowLate: number[] = []
  latencies.forEach((l, k) => {
    if (l < p99) return
    slowDue.push(dueAt(k))
    slowLate.push(lateness[k]!)
  })
  return { rps: sorted.length / elapsed, p50: at(0.5), p99, bad, slowDue, slowLate, window: [dueAt(0), dueAt(measured - 1)] }
}

if (process.argv.includes('--paced-child') && process.send) {
  process.once('message', async (opts) => {
    const result = await runPaced(opts as PacedOptions)
    process.send!(result, () => process.exit(0))
  })
}
