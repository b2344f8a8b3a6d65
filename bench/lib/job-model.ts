/**
 * The job model of the cadence benchmark: jobs with log-normal durations and what their status
 * resource says at any moment, in four modes. Deterministic: everything is drawn from a seeded
 * random source, so a seed names one workload.
 */

/** What the status resource tells a client besides "running". */
export type Mode = 'none' | 'linear' | 'realistic' | 'retry-after'

export const modes: readonly Mode[] = ['none', 'linear', 'realistic', 'retry-after']

/** A point of a job's progress curve: `progress` (0..1) reached `atMs` after the submit. */
export interface CurvePoint {
  readonly atMs: number
  readonly progress: number
}

export interface Job {
  /** From the submit to the end of the work. */
  readonly durationMs: number
  /**
   * The realistic progress curve: 0 through a queued phase, then straight pieces of uneven speed,
   * reaching 1 at `durationMs`.
   */
  readonly curve: readonly CurvePoint[]
}

/** What one status request sees. */
export interface JobStatus {
  readonly done: boolean
  /** Whole percents, 0..99 while running; absent where the mode reports none. */
  readonly percent?: number
  /** Whole seconds, in the Retry-After mode. */
  readonly retryAfterSec?: number
}

export interface WorkloadOptions {
  readonly count?: number
  readonly medianMs?: number
  /** The log-normal's sigma (of the natural log of the duration). */
  readonly sigma?: number
  readonly minMs?: number
  readonly maxMs?: number
}

/** The benchmark's workload: 300 jobs, median 30 s, sigma 1, clamped to 1 s..10 min. */
export const workload = {
  count: 300,
  medianMs: 30_000,
  sigma: 1,
  minMs: 1000,
  maxMs: 600_000,
} as const satisfies Required<WorkloadOptions>

/** What the server of the Retry-After mode says on every answer before the end. */
export const retryAfterSec = 5

/** The realistic mode's queued phase lasts up to this share of the job. */
const maxQueuedShare = 1 / 3
/** The realistic mode's pieces of work: 2 to 5, each from a third to three times the mean speed. */
const minPieces = 2
const maxPieces = 5
const maxSpeedRatio = 3

/** A seeded source of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  const u = 1 - random()
  const v = random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/**
 * The jobs of one seed. Durations come from one random stream and progress curves from another,
 * so that every mode runs the very same durations.
 */
export function createJobs(seed: number, options: WorkloadOptions = {}): Job[] {
  const { count, medianMs, sigma, minMs, maxMs } = { ...workload, ...options }
  const durations = seededRandom(seed)
  const shapes = seededRandom(seed ^ 0x5bd1e995)
  return Array.from({ length: count }, () => {
    const drawn = medianMs * Math.exp(sigma * normal(durations))
    const durationMs = Math.round(Math.min(maxMs, Math.max(minMs, drawn)))
    return { durationMs, curve: realisticCurve(durationMs, shapes) }
  })
}

/**
 * A queued phase at 0 for a random part (up to a third) of the job, then 2 to 5 pieces of random
 * length, each at its own speed (from a third to three times the mean, log-uniform).
 */
function realisticCurve(durationMs: number, random: () => number): CurvePoint[] {
  const queuedMs = durationMs * maxQueuedShare * random()
  const pieces = minPieces + Math.floor(random() * (maxPieces - minPieces + 1))
  const lengths = Array.from({ length: pieces }, () => 0.25 + random())
  const speeds = Array.from({ length: pieces }, () => maxSpeedRatio ** (2 * random() - 1))
  const workMs = durationMs - queuedMs
  const totalLength = lengths.reduce((sum, length) => sum + length, 0)
  const totalWork = lengths.reduce((sum, length, index) => sum + length * (speeds[index] ?? 1), 0)
  const curve: CurvePoint[] = [
    { atMs: 0, progress: 0 },
    { atMs: queuedMs, progress: 0 },
  ]
  let atMs = queuedMs
  let progress = 0
  for (const [index, length] of lengths.entries()) {
    atMs += (workMs * length) / totalLength
    progress += (length * (speeds[index] ?? 1)) / totalWork
    curve.push({ atMs, progress })
  }
  curve[curve.length - 1] = { atMs: durationMs, progress: 1 }
  return curve
}

/** The curve's progress at `atMs`, by straight lines between its points. */
export function progressAt(curve: readonly CurvePoint[], atMs: number): number {
  let previous = curve[0] ?? { atMs: 0, progress: 0 }
  for (const point of curve) {
    if (atMs <= point.atMs) {
      const span = point.atMs - previous.atMs
      return span <= 0
        ? point.progress
        : previous.progress + ((point.progress - previous.progress) * (atMs - previous.atMs)) / span
    }
    previous = point
  }
  return 1
}

/** What the job's status resource says `atMs` after the submit, in `mode`. */
export function statusAt(job: Job, mode: Mode, atMs: number): JobStatus {
  if (atMs >= job.durationMs) return { done: true }
  switch (mode) {
    case 'none':
      return { done: false }
    case 'linear':
      return { done: false, percent: wholePercent(atMs / job.durationMs) }
    case 'realistic':
      return { done: false, percent: wholePercent(progressAt(job.curve, atMs)) }
    case 'retry-after':
      return { done: false, retryAfterSec }
  }
}

/** Whole percents, as servers report them: rounded down, and never 100 before the end. */
function wholePercent(fraction: number): number {
  return Math.min(99, Math.floor(fraction * 100))
}
