/**
 * The hindsight frontier of the cadence benchmark: for a number of status requests per job, the
 * least mean delay a client could achieve with no hints, knowing the job model's distribution of
 * durations (log-normal, clamped) but not how long the job at hand will run.
 *
 * Without hints a status answer says only "running" until the end, so whatever a client does is a
 * fixed list of poll times after the submit, perhaps drawn at random per job. For a list
 * t1 < t2 < ..., a job of duration d is polled at every ti < d and at the first ti >= d, which sees
 * its end: its delay is that ti - d. Over the distribution, with F(t) the share of jobs of at most
 * t and G(t) the sum of those durations weighted by their share:
 *
 * - the poll after one at v (or the first) is sent for the share of jobs longer than v, 1 - F(v);
 * - the jobs ending between two polls v < t wait t (F(t) - F(v)) - (G(t) - G(v)) in all.
 *
 * For a price λ per request, the list of least expected `delay + λ * requests` is a shortest path
 * over candidate poll times, found by dynamic programming in O(m²) over m candidates: 1,000 times
 * spaced evenly on a log scale from the shortest job to the longest (the longest is always polled,
 * so that every job is seen). Prices from 20 ms to 60 s per request, 3% apart, give lists of 1.4 to
 * 34 requests a job. The frontier is the lower convex hull of their expected (requests, mean
 * delay), read at any number of requests by straight-line interpolation: between two lists, a
 * client that picks one of them at random for each job reaches the line joining them. Three times
 * finer candidates or prices move it by under 0.1%, and a list run on 400,000 jobs of the model
 * lands within 0.3% of its expected requests and delay.
 *
 * The frontier is the expectation over the distribution, not a fit to a seed's jobs: hindsight of
 * the very jobs would let a list poll at their ends and beat any real client by far. A client's
 * figures are those of 300 jobs per seed, so they carry the seed's chance; the best lists, run on
 * the seeds' jobs, land within a few percent of their expected delay, and the seeds 1 to 5 hold
 * slightly more long jobs than the expectation, which costs every client a few percent more
 * requests (and so reads the frontier a little lower than a client's own jobs would).
 */
import type { WorkloadOptions } from './job-model.js'

/** A point of a frontier: mean status requests per job and mean delay (ms) seeing its end. */
export interface FrontierPoint {
  readonly requests: number
  readonly meanDelayMs: number
}

/** The error function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
function erf(x: number): number {
  const sign = Math.sign(x)
  const a = Math.abs(x)
  const t = 1 / (1 + 0.3275911 * a)
  const poly =
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
  return sign * (1 - poly * Math.exp(-a * a))
}

const normalCdf = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2))

/**
 * The job model's durations: F(t), the share of jobs of at most t, and G(t), the sum of those
 * durations weighted by share (a log-normal clamped to minMs..maxMs: the clamped tails are two
 * point masses).
 */
function durationDistribution(workload: Required<WorkloadOptions>) {
  const { medianMs, sigma, minMs, maxMs } = workload
  const z = (t: number) => Math.log(t / medianMs) / sigma
  const shareBelow = (t: number) => normalCdf(z(t))
  const partialMean = (t: number) =>
    medianMs * Math.exp((sigma * sigma) / 2) * normalCdf(z(t) - sigma)
  const share = (t: number) => (t < minMs ? 0 : t >= maxMs ? 1 : shareBelow(t))
  const weighted = (t: number) => {
    if (t < minMs) return 0
    const inner = partialMean(Math.min(t, maxMs)) - partialMean(minMs)
    const top = t >= maxMs ? maxMs * (1 - shareBelow(maxMs)) : 0
    return minMs * shareBelow(minMs) + inner + top
  }
  return { share, weighted }
}

/** Candidate poll times. */
const candidates = 1000
/** Prices per request, ms of delay: from 20 ms, each 3% above the last, to about 60 s. */
const prices = Array.from({ length: 270 }, (_, index) => 20 * 1.03 ** index)

/**
 * The frontier of the job model: the lists' expected requests and mean delay, from the fewest
 * requests to the most, only those on the lower convex hull.
 */
export function hindsightFrontier(workload: Required<WorkloadOptions>): FrontierPoint[] {
  const { minMs, maxMs } = workload
  const { share, weighted } = durationDistribution(workload)
  const m = candidates
  const times = Array.from(
    { length: m },
    (_, index) => minMs * (maxMs / minMs) ** (index / (m - 1)),
  )
  times[m - 1] = maxMs
  const F = times.map(share)
  const G = times.map(weighted)
  const points: FrontierPoint[] = []
  for (const price of prices) {
    // cost[k]: the least expected delay + price * requests for the jobs up to times[k], the
    // last poll at times[k]; requests[k] and delay[k], its two parts.
    const cost = new Float64Array(m)
    const requests = new Float64Array(m)
    const delay = new Float64Array(m)
    for (let k = 0; k < m; k++) {
      const t = times[k] as number
      const Fk = F[k] as number
      const Gk = G[k] as number
      // As the first poll: sent for every job.
      let bestDelay = t * Fk - Gk
      let bestRequests = 1
      let best = bestDelay + price
      for (let j = 0; j < k; j++) {
        const Fj = F[j] as number
        const waited = t * (Fk - Fj) - (Gk - (G[j] as number))
        const c = (cost[j] as number) + waited + price * (1 - Fj)
        if (c < best) {
          best = c
          bestDelay = (delay[j] as number) + waited
          bestRequests = (requests[j] as number) + 1 - Fj
        }
      }
      cost[k] = best
      requests[k] = bestRequests
      delay[k] = bestDelay
    }
    points.push({ requests: requests[m - 1] as number, meanDelayMs: delay[m - 1] as number })
  }
  return lowerHull(points)
}

/** The points that no mix of two others beats, from the fewest requests to the most. */
function lowerHull(points: readonly FrontierPoint[]): FrontierPoint[] {
  const sorted = [...points].sort(
    (a, b) => a.requests - b.requests || a.meanDelayMs - b.meanDelayMs,
  )
  const hull: FrontierPoint[] = []
  for (const point of sorted) {
    const last = hull.at(-1)
    // More requests for no less delay: beaten by the last one.
    if (last && point.meanDelayMs >= last.meanDelayMs) continue
    // Drops a vertex that lies on or above the line from its predecessor to the new point.
    while (hull.length >= 2) {
      const a = hull[hull.length - 2] as FrontierPoint
      const b = hull[hull.length - 1] as FrontierPoint
      const cross =
        (b.requests - a.requests) * (point.meanDelayMs - a.meanDelayMs) -
        (b.meanDelayMs - a.meanDelayMs) * (point.requests - a.requests)
      if (cross > 0) break
      hull.pop()
    }
    hull.push(point)
  }
  return hull
}

/**
 * The frontier's mean delay (ms) at no more than `requests` per job, or `undefined` below its
 * fewest requests.
 */
export function frontierDelayAt(
  frontier: readonly FrontierPoint[],
  requests: number,
): number | undefined {
  let previous: FrontierPoint | undefined
  for (const point of frontier) {
    if (point.requests >= requests) {
      if (!previous) return point.requests === requests ? point.meanDelayMs : undefined
      const share = (requests - previous.requests) / (point.requests - previous.requests)
      return previous.meanDelayMs + share * (point.meanDelayMs - previous.meanDelayMs)
    }
    previous = point
  }
  return previous?.meanDelayMs
}
