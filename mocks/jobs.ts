import { HttpResponse, type JsonBodyType } from 'msw'

/**
 * The job model every route family shares: a job runs for `durationMs` from its creation, reports
 * progress in `steps`, then ends in its `outcome`. Time is `Date.now()`, so tests drive it with
 * fake timers and the demo with the real clock.
 */

export type Outcome = 'done' | 'failed' | 'canceled'

/**
 * How a job speaks:
 * - `generic`: 202 + Location, then `{status, progress}` bodies and a `result_url` link;
 * - `inline`: as `generic`, with the result inline in the final body's `result` field;
 * - `http`: 202 while running (with Retry-After), then `303 See Other` to the result;
 * - `http-200`: 202 while running, then 200 with the result itself;
 * - `result`: the Location is the result itself, answering 404 until it exists.
 */
export type Shape = 'generic' | 'inline' | 'http' | 'http-200' | 'result'

export interface JobSpec {
  /** How long the job runs. */
  durationMs: number
  /** Progress moves in this many equal steps (0 for no progress field). */
  steps: number
  outcome: Outcome
  shape: Shape
  /** Retry-After seconds on pending answers, if any. */
  retryAfterSec?: number
  /** The result, for shapes that return one. */
  result: JsonBodyType
  /** How long each status answer takes. */
  latencyMs?: number
  /** Azure: a `resourceLocation` the status monitor names once Succeeded, echoed as is. */
  resourceLocation?: string
  /** Azure Location polling: the last hop answers 204 without a body instead of 200 + result. */
  noContent?: boolean
}

export interface Job extends JobSpec {
  readonly id: string
  readonly createdAt: number
}

const defaultSpec: JobSpec = {
  durationMs: 3000,
  steps: 4,
  outcome: 'done',
  shape: 'generic',
  result: { ok: true },
}

/** One route family's jobs, by id. */
export interface JobStore {
  /** Starts a job now (replacing any job with the same id): built-ins < defaults < spec. */
  create(id: string, spec: Partial<JobSpec>): Job
  get(id: string): Job | undefined
}

export function createJobStore(defaults: Partial<JobSpec>): JobStore {
  const jobs = new Map<string, Job>()
  return {
    create(id, spec) {
      const job = { ...defaultSpec, ...defaults, ...spec, id, createdAt: Date.now() }
      jobs.set(id, job)
      return job
    },
    get: (id) => jobs.get(id),
  }
}

/** Ids `${prefix}1`, `${prefix}2`, ...: one sequence per kind of job, so ids never collide. */
export function sequence(prefix = ''): () => string {
  let next = 1
  return () => `${prefix}${next++}`
}

export const elapsed = (job: Job): number => Date.now() - job.createdAt

export const isRunning = (job: Job): boolean => elapsed(job) < job.durationMs

/** 0..100 in `steps` equal steps, or undefined for a job without progress. */
export function progressPercent(job: Job): number | undefined {
  if (job.steps === 0) return undefined
  const fraction = job.durationMs > 0 ? Math.min(1, elapsed(job) / job.durationMs) : 1
  return Math.floor(fraction * job.steps) * (100 / job.steps)
}

/** The Retry-After header of the job's pending answers, if it has one. */
export const retryAfter = (job: Job): Record<string, string> =>
  job.retryAfterSec === undefined ? {} : { 'retry-after': String(job.retryAfterSec) }

/** 202 Accepted naming the status resource in Location, with the job's Retry-After. */
export const accepted = (location: string, job: Job): HttpResponse<null> =>
  new HttpResponse(null, { status: 202, headers: { location, ...retryAfter(job) } })

/** Ends a running job now, as canceled. */
export function cancel(job: Job): void {
  job.outcome = 'canceled'
  job.durationMs = elapsed(job)
}

/** The partial JobSpec in a JSON submit body's `job` field; `{}` for any other body. */
export async function readSpec(request: Request): Promise<Partial<JobSpec>> {
  if (!request.headers.get('content-type')?.includes('json')) return {}
  const text = await request.text()
  if (!text) return {}
  const body = JSON.parse(text) as Record<string, unknown>
  return (typeof body.job === 'object' && body.job !== null ? body.job : {}) as Partial<JobSpec>
}

/**
 * A generic JSON status body: `{status, progress?, error?, ...extra}`, with `words.pending` while
 * running, then `words.done` or the outcome, and `{code: 'JobFailed'}` when failed.
 */
export function statusBody(
  job: Job,
  words: { pending: string; done: string },
  whenDone: Record<string, JsonBodyType> = {},
): Record<string, JsonBodyType> {
  // One reading of the clock: a body never says "completed" without what completion brings.
  const running = isRunning(job)
  const percent = progressPercent(job)
  const progress = percent === undefined ? {} : { progress: percent / 100 }
  if (running) return { status: words.pending, ...progress }
  const end = job.outcome === 'done' ? words.done : job.outcome
  const error =
    job.outcome === 'failed'
      ? { error: { code: 'JobFailed', message: `job ${job.id} failed` } }
      : {}
  return { status: end, ...progress, ...error, ...(job.outcome === 'done' ? whenDone : {}) }
}
