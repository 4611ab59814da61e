import t from 'tap'
import { nearHostRuns, type HostNoise } from '../../bench/host-noise.js'

const noise = (runs: [number, number, number][]): HostNoise => ({
  threads: ['kdamond.0'],
  sampleMs: 500,
  runs: runs.map(([start, end, cpuMs]) => ({ start, end, cpuMs })),
})

t.test('when slow requests are laid beside the host runs, then those due from 10 ms before a run to 20 ms after it are counted', async (t) => {
  const n = nearHostRuns([489, 490, 500, 530, 531, 600, 1000, 1015, 1036], noise([[500, 510, 8], [1010, 1016, 6]]), 0, 2000)
  // 490 (10 before), 500, 530 (20 after the end at 510); 1000, 1015, 1036 (20 after 1016)
  t.equal(n.near, 6)
  t.equal(n.runs, 2)
  // windows 490–530 and 1000–1036: 76 ms of 2,000
  t.equal(n.coveredShare, 76 / 2000)
  t.equal(n.medianCpuMs, 8)
})

t.test('when windows overlap or run past the measured time, then the time they cover is counted once and only inside it', async (t) => {
  const n = nearHostRuns([], noise([[100, 110, 1], [115, 120, 3], [990, 1000, 2], [5000, 5010, 9]]), 0, 1000)
  // 90–140 (two runs joined), 980–1000 (cut at the end); the run at 5000 is outside
  t.equal(n.coveredShare, 70 / 1000)
  t.equal(n.runs, 3)
  t.equal(n.medianCpuMs, 2)
  t.equal(n.near, 0)
})

t.test('when the host has no kdamond, then nothing is near and nothing is covered', async (t) => {
  const n = nearHostRuns([1, 2, 3], { threads: [], sampleMs: null, runs: [] }, 0, 1000)
  t.same(n, { near: 0, runs: 0, medianCpuMs: 0, coveredShare: 0 })
})
