import { delay, HttpResponse, http, type JsonBodyType, type RequestHandler } from 'msw'

/**
 * A reference task server: jobs that run for a while, report progress, then end in an outcome.
 * Time is `Date.now()`, so tests drive it with fake timers and the demo with the real clock.
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
}

interface Job extends JobSpec {
  readonly id: string
  readonly createdAt: number
}

export interface LoggedRequest {
  /** `Date.now()` when the request arrived. */
  readonly at: number
  readonly method: string
  readonly url: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
}

export interface Fault {
  /** How many of the next matching requests fail. */
  count: number
  status: number
  method?: string
  /** Only requests whose path starts with this. */
  path?: string
  retryAfterSec?: number
}

const defaultSpec: JobSpec = {
  durationMs: 3000,
  steps: 4,
  outcome: 'done',
  shape: 'generic',
  result: { ok: true },
}

export interface TaskServer {
  readonly handlers: RequestHandler[]
  /** Every request the server saw, in order. */
  readonly requests: LoggedRequest[]
  /** Makes the next `count` matching requests fail with `status`. */
  failNext(fault: Fault): void
  /** The most status requests of configurable jobs that were in flight at once. */
  readonly peakInFlight: () => number
  /** How many requests matched a method and a path. */
  count(method: string, path: string): number
}

export function createTaskServer(defaults: Partial<JobSpec> = {}): TaskServer {
  const jobs = new Map<string, Job>()
  const requests: LoggedRequest[] = []
  const faults: Fault[] = []
  let nextId = 1
  let inFlight = 0
  let peak = 0

  const createJob = (id: string, spec: Partial<JobSpec>): Job => {
    const job = { ...defaultSpec, ...defaults, ...spec, id, createdAt: Date.now() }
    jobs.set(id, job)
    return job
  }

  const elapsed = (job: Job) => Date.now() - job.createdAt
  const isRunning = (job: Job) => elapsed(job) < job.durationMs
  const progressPercent = (job: Job) => {
    if (job.steps === 0) return undefined
    const fraction = Math.min(1, elapsed(job) / job.durationMs)
    return Math.floor(fraction * job.steps) * (100 / job.steps)
  }
  const retryAfter = (job: Job): Record<string, string> =>
    job.retryAfterSec === undefined ? {} : { 'retry-after': String(job.retryAfterSec) }

  const accepted = (statusPath: string, job: Job) =>
    new HttpResponse(null, { status: 202, headers: { location: statusPath, ...retryAfter(job) } })

  const cancel = (job: Job) => {
    job.outcome = 'canceled'
    job.durationMs = elapsed(job)
  }

  const googleOperation = (job: Job) => {
    const metadata = { progressPercent: progressPercent(job) ?? 0 }
    const name = `operations/${job.id}`
    if (isRunning(job)) return { name, done: false, metadata }
    const ending = {
      done: { response: job.result },
      failed: { error: { code: 8, message: 'Resource exhausted', details: [{ reason: 'QUOTA' }] } },
      canceled: { error: { code: 1, message: 'Operation was cancelled' } },
    }[job.outcome]
    return { name, done: true, metadata, ...ending }
  }

  const statusBody = (job: Job, words: { pending: string; done: string }, extra = {}) => {
    const percent = progressPercent(job)
    const progress = percent === undefined ? {} : { progress: percent / 100 }
    if (isRunning(job)) return { status: words.pending, ...progress, ...extra }
    const end = job.outcome === 'done' ? words.done : job.outcome
    const error =
      job.outcome === 'failed'
        ? { error: { code: 'JobFailed', message: `job ${job.id} failed` } }
        : {}
    return { status: end, ...progress, ...error, ...extra }
  }

  const log: RequestHandler = http.all('*', async ({ request }) => {
    const url = new URL(request.url)
    requests.push({
      at: Date.now(),
      method: request.method,
      url: request.url,
      path: url.pathname,
      headers: Object.fromEntries(request.headers),
      body: await request.clone().text(),
    })
    const fault = faults.find(
      (candidate) =>
        candidate.count > 0 &&
        (candidate.method === undefined || candidate.method === request.method) &&
        (candidate.path === undefined || url.pathname.startsWith(candidate.path)),
    )
    if (fault) {
      fault.count -= 1
      const headers: Record<string, string> =
        fault.retryAfterSec === undefined ? {} : { 'retry-after': String(fault.retryAfterSec) }
      return HttpResponse.json({ error: 'injected fault' }, { status: fault.status, headers })
    }
    return undefined
  })

  const handlers: RequestHandler[] = [
    log,

    // Example 3 (first: its paths would match example 1's `*/status/:id`): percent progress,
    // and a download that answers 404 until it exists.
    http.post('*/video/convert', () => {
      const job = createJob('123', { durationMs: 4000, steps: 4 })
      return accepted('/video/status/123', job)
    }),
    http.get('*/video/status/:id', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job) return new HttpResponse(null, { status: 404 })
      const percent = progressPercent(job) ?? 0
      const word = isRunning(job) ? (percent === 0 ? 'queued' : 'processing') : 'done'
      return HttpResponse.json({
        id: Number(job.id),
        status: word,
        priority: 2,
        'progress-percent': percent,
        'submitted-utc-time': '2016-04-19T13:59:22',
      })
    }),
    http.get('*/video/download/:id', ({ params }) => {
      const job = jobs.get(String(params.id))
      // The file is written one second after the conversion ends.
      if (!job || elapsed(job) < job.durationMs + 1000)
        return new HttpResponse(null, { status: 404 })
      return HttpResponse.json({
        id: Number(job.id),
        url: `https://cdn.example.com/video-${job.id}.mp4`,
      })
    }),

    // Example 1: a video conversion with a result_url link.
    http.post('*/convert-video', () => {
      const job = createJob('convert-789', { result: 'converted video bytes' })
      return accepted('/status/convert-789', job)
    }),
    http.get('*/status/:id', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job) return new HttpResponse(null, { status: 404 })
      if (isRunning(job)) return HttpResponse.json({ status: 'processing' })
      if (job.outcome !== 'done') return HttpResponse.json({ status: job.outcome })
      return HttpResponse.json({ status: 'done', result_url: '/videos/converted-789.mp4' })
    }),
    http.get(
      '*/videos/converted-789.mp4',
      () => new HttpResponse('converted video bytes', { headers: { 'content-type': 'video/mp4' } }),
    ),

    // Example 2: a report with a download_link.
    http.post('*/start-report', async ({ request }) => {
      const spec = await readSpec(request)
      const job = createJob('555', spec)
      return accepted('/report-status/555', job)
    }),
    http.get('*/report-status/:id', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job) return new HttpResponse(null, { status: 404 })
      const link =
        !isRunning(job) && job.outcome === 'done'
          ? { download_link: `/reports/report-${job.id}.pdf` }
          : {}
      return HttpResponse.json(
        statusBody(job, { pending: 'in_progress', done: 'completed' }, link),
        {
          headers: isRunning(job) ? retryAfter(job) : {},
        },
      )
    }),
    http.get(
      '*/reports/:file',
      ({ params }) =>
        new HttpResponse(`%PDF-1.7 ${String(params.file)}`, {
          headers: { 'content-type': 'application/pdf' },
        }),
    ),

    // Azure-style (before the configurable jobs, whose `*/jobs` would match `/azure/jobs`): a status monitor in Operation-Location, the result at the resource or Location.
    http.put('*/azure/widgets/:name', async ({ params, request }) => {
      const name = String(params.name)
      const job = createJob(`w-${name}`, {
        ...(await readSpec(request)),
        result: { name, color: 'blue' },
      })
      return HttpResponse.json(
        { name, provisioningState: 'Creating' },
        {
          status: 201,
          headers: { 'operation-location': `/azure/operations/${job.id}`, ...retryAfter(job) },
        },
      )
    }),
    http.get('*/azure/widgets/:name', ({ params }) => {
      const job = jobs.get(`w-${String(params.name)}`)
      if (!job || isRunning(job)) return new HttpResponse(null, { status: 404 })
      return HttpResponse.json({ ...(job.result as object), provisioningState: 'Succeeded' })
    }),
    http.post('*/azure/jobs', async ({ request }) => {
      const job = createJob(`a-${nextId++}`, await readSpec(request))
      return new HttpResponse(null, {
        status: 202,
        headers: {
          'operation-location': `/azure/operations/${job.id}`,
          location: `/azure/results/${job.id}`,
          ...retryAfter(job),
        },
      })
    }),
    http.get('*/azure/operations/:id', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job) return new HttpResponse(null, { status: 404 })
      const percentComplete = progressPercent(job) ?? 0
      const status = isRunning(job)
        ? percentComplete === 0
          ? 'NotStarted'
          : 'Running'
        : { done: 'Succeeded', failed: 'Failed', canceled: 'Canceled' }[job.outcome]
      const error =
        job.outcome === 'failed' && !isRunning(job)
          ? { error: { code: 'QuotaExceeded', message: 'The quota is exhausted.' } }
          : {}
      return HttpResponse.json(
        { id: job.id, status, percentComplete, ...error },
        { headers: isRunning(job) ? retryAfter(job) : {} },
      )
    }),
    http.delete('*/azure/operations/:id', () =>
      HttpResponse.json({ error: { code: 'MethodNotAllowed' } }, { status: 405 }),
    ),
    http.get('*/azure/results/:id', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job || isRunning(job)) return new HttpResponse(null, { status: 404 })
      return HttpResponse.json(job.result)
    }),

    // Google AIP-151: an Operation in the submit's 200, polled at /v1/{name}, canceled by :cancel.
    http.post(/\/v1\/reports:generate$/, async ({ request }) => {
      const job = createJob(`op-${nextId++}`, await readSpec(request))
      return HttpResponse.json(googleOperation(job))
    }),
    http.get(/\/v1\/operations\/[^/:]+$/, ({ request }) => {
      const job = jobs.get(new URL(request.url).pathname.split('/').at(-1) ?? '')
      if (!job)
        return HttpResponse.json({ error: { code: 5, message: 'NOT_FOUND' } }, { status: 404 })
      return HttpResponse.json(googleOperation(job))
    }),
    http.post(/\/v1\/operations\/[^/:]+:cancel$/, ({ request }) => {
      const id =
        new URL(request.url).pathname
          .split('/')
          .at(-1)
          ?.replace(/:cancel$/, '') ?? ''
      const job = jobs.get(id)
      if (!job)
        return HttpResponse.json({ error: { code: 5, message: 'NOT_FOUND' } }, { status: 404 })
      if (isRunning(job)) cancel(job)
      return HttpResponse.json({})
    }),

    // Configurable jobs: the submit body is a partial JobSpec.
    http.post('*/jobs', async ({ request }) => {
      const id = String(nextId++)
      const job = createJob(id, await readSpec(request))
      const location = job.shape === 'result' ? `/jobs/${id}/result` : `/jobs/${id}`
      return accepted(location, job)
    }),
    http.get('*/jobs/:id/result', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job) return new HttpResponse(null, { status: 404 })
      if (isRunning(job)) return new HttpResponse(null, { status: 404, headers: retryAfter(job) })
      return HttpResponse.json(job.result)
    }),
    http.get('*/jobs/:id', async ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job) return HttpResponse.json({ error: 'no such job' }, { status: 404 })
      if (job.latencyMs) {
        inFlight += 1
        peak = Math.max(peak, inFlight)
        await delay(job.latencyMs).finally(() => {
          inFlight -= 1
        })
      }
      switch (job.shape) {
        case 'http':
        case 'http-200':
          if (isRunning(job))
            return new HttpResponse(null, { status: 202, headers: retryAfter(job) })
          if (job.shape === 'http-200') return HttpResponse.json(job.result)
          return new HttpResponse(null, {
            status: 303,
            headers: { location: `/jobs/${job.id}/result` },
          })
        case 'inline': {
          const body = statusBody(job, { pending: 'running', done: 'succeeded' })
          const result = !isRunning(job) && job.outcome === 'done' ? { result: job.result } : {}
          return HttpResponse.json(
            { ...body, ...result },
            { headers: isRunning(job) ? retryAfter(job) : {} },
          )
        }
        default: {
          const link =
            !isRunning(job) && job.outcome === 'done'
              ? { result_url: `/jobs/${job.id}/result` }
              : {}
          return HttpResponse.json(
            statusBody(job, { pending: 'running', done: 'completed' }, link),
            {
              headers: isRunning(job) ? retryAfter(job) : {},
            },
          )
        }
      }
    }),
    http.delete('*/jobs/:id', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job) return new HttpResponse(null, { status: 404 })
      if (!isRunning(job)) return HttpResponse.json({ error: 'already finished' }, { status: 409 })
      cancel(job)
      return new HttpResponse(null, { status: 202 })
    }),

    // A slow endpoint, for request timeouts.
    http.get('*/slow', async () => {
      await delay('infinite')
      return new HttpResponse(null, { status: 204 })
    }),
  ]

  return {
    handlers,
    requests,
    peakInFlight: () => peak,
    failNext(fault) {
      faults.push({ ...fault })
    },
    count(method, path) {
      return requests.filter((r) => r.method === method && r.path === path).length
    },
  }
}

async function readSpec(request: Request): Promise<Partial<JobSpec>> {
  if (!request.headers.get('content-type')?.includes('json')) return {}
  const text = await request.text()
  if (!text) return {}
  const body = JSON.parse(text) as Record<string, unknown>
  return (typeof body.job === 'object' && body.job !== null ? body.job : {}) as Partial<JobSpec>
}
