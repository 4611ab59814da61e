// The host's own work that stops the processes under test for milliseconds at a time. On
// the machines this bench runs on, the kernel's DAMON thread (`kdamond.N`, proactive
// reclaim) samples memory every 500 ms and each sample holds a core for 5–15 ms: with two
// cores shared by the server, PostgreSQL and the load generator, the requests due then
// wait. At 1,000 requests a second that is ~10 requests in every 500, about 2 % of them,
// enough to set a p99 on its own.
//
// The watcher reads the thread's CPU time (/proc/<pid>/schedstat, nanoseconds) every
// millisecond in the bench's own process (idle while a paced load runs in its child) and
// keeps the moments it ran, so the slowest requests can be laid beside them. It explains a
// figure; it never removes a request from one.
import { readFileSync, readdirSync } from 'node:fs'

/** A stretch of time (epoch milliseconds) in which the host thread ran. */
export interface HostRun {
  start: number
  end: number
  /** its CPU time in the stretch, ms */
  cpuMs: number
}

export interface HostNoise {
  /** the threads watched, e.g. `kdamond.0` (none: nothing to watch on this host) */
  threads: string[]
  /** DAMON's sampling interval when it says, ms */
  sampleMs: number | null
  runs: HostRun[]
}

/** Runs closer than this are one stretch. */
const JOIN_MS = 20

function kdamondThreads(): { pid: number; name: string }[] {
  const out: { pid: number; name: string }[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
      if (name.startsWith('kdamond')) out.push({ pid: Number(entry), name })
    } catch {}
  }
  return out
}

function damonSampleMs(): number | null {
  try {
    const us = Number(readFileSync('/sys/kernel/mm/damon/admin/kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us', 'utf8'))
    return Number.isFinite(us) && us > 0 ? us / 1000 : null
  } catch {
    return null
  }
}

/** Starts watching; `stop()` ends it and returns what ran. On a host without kdamond it watches nothing. */
export function watchHostNoise(): { stop: () => HostNoise } {
  const threads = process.platform === 'linux' ? kdamondThreads() : []
  const cpuNs = (pid: number) => {
    try {
      return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0])
    } catch {
      return NaN
    }
  }
  const last = threads.map((t) => cpuNs(t.pid))
  const runs: HostRun[] = []
  const timer =
    threads.length === 0
      ? undefined
      : setInterval(() => {
          const now = performance.timeOrigin + performance.now()
          let ran = 0
          threads.forEach((t, i) => {
            const ns = cpuNs(t.pid)
            if (ns > last[i]!) ran += (ns - last[i]!) / 1e6
            last[i] = ns
          })
          // Under a tenth of a millisecond is bookkeeping, not a sample.
          if (ran < 0.1) return
          const prev = runs.at(-1)
          if (prev && now - prev.end <= JOIN_MS) {
            prev.end = now
            prev.cpuMs += ran
          } else runs.push({ start: now - ran, end: now, cpuMs: ran })
        }, 1)
  return {
    stop: () => {
      clearInterval(timer)
      return { threads: threads.map((t) => t.name), sampleMs: damonSampleMs(), runs }
    },
  }
}

/**
 * How many of the requests due at `due` (epoch ms) fell in or just before a host run: due
 * from `before` ms before a run began to `after` ms after it ended (a request is slow when
 * it waits behind the run, or when the queue the run left is still draining). `covered` is
 * the share of the time [from, to] such windows take: what chance alone would give.
 */
export function nearHostRuns(due: readonly number[], noise: HostNoise, from: number, to: number, before = 10, after = 20) {
  const windows = noise.runs.map((r) => [r.start - before, r.end + after] as const).filter(([a, b]) => b >= from && a <= to)
  let covered = 0
  let edge = from
  for (const [a, b] of windows) {
    const s = Math.max(a, edge)
    const e = Math.min(b, to)
    if (e > s) covered += e - s
    edge = Math.max(edge, e)
  }
  const near = due.filter((t) => windows.some(([a, b]) => t >= a && t <= b)).length
  const cpu = noise.runs.filter((r) => r.end >= from && r.start <= to).map((r) => r.cpuMs)
  return { near, runs: cpu.length, medianCpuMs: cpu.length ? cpu.sort((x, y) => x - y)[cpu.length >> 1]! : 0, coveredShare: to > from ? covered / (to - from) : 0 }
}
