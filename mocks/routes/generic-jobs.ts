import { HttpResponse, http, type RequestHandler } from 'msw'
import {
  accepted,
  cancel,
  createJobStore,
  isRunning,
  type JobSpec,
  readSpec,
  retryAfter,
  sequence,
  statusBody,
} from '../jobs.js'

/**
 * Configurable jobs: the submit body's `job` field is a partial JobSpec, and `shape` says how the
 * job speaks. Ids are 1, 2, 3, ... Retry-After (per spec) rides on every pending answer.
 *
 *   POST   /jobs             -> 202, Location: /jobs/:id (shape `result`: /jobs/:id/result)
 *   GET    /jobs/:id         -> after `latencyMs`, by shape:
 *     generic   200 {"status":"running","progress"?}, then {"status":"completed","progress"?,
 *               "result_url":"/jobs/:id/result"} or {"status":"failed","error":{"code":"JobFailed",
 *               "message":"job :id failed"}} or {"status":"canceled"}
 *     inline    200 {"status":"running",...}, then {"status":"succeeded",...,"result":RESULT}
 *               (failed / canceled as generic)
 *     http      202 while running, then 303, Location: /jobs/:id/result
 *     http-200  202 while running, then 200 RESULT
 *   GET    /jobs/:id/result  -> 404 while running, then 200 RESULT
 *   DELETE /jobs/:id         -> 202 (canceled), or 409 {"error":"already finished"}
 *   GET    /slow             -> never answers (for request timeouts)
 *
 * Unknown ids answer 404 (`GET /jobs/:id`: {"error":"no such job"}).
 * After the Azure routes: `*\/jobs` would match `/azure/jobs`.
 */
export function genericJobRoutes(defaults: Partial<JobSpec>): {
  handlers: RequestHandler[]
  /** The most `GET /jobs/:id` requests that were in flight at once. */
  peakInFlight: () => number
} {
  const jobs = createJobStore(defaults)
  const nextId = sequence()
  let inFlight = 0
  let peak = 0

  const handlers = [
    http.post('*/jobs', async ({ request }) => {
      const id = nextId()
      const job = jobs.create(id, await readSpec(request))
      return accepted(job.shape === 'result' ? `/jobs/${id}/result` : `/jobs/${id}`, job)
    }),
    http.get('*/jobs/:id/result', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job) return new HttpResponse(null, { status: 404 })
      if (isRunning(job)) return new HttpResponse(null, { status: 404, headers: retryAfter(job) })
      return HttpResponse.json(job.result)
    }),
    http.get('*/jobs/:id', async ({ params, request }) => {
      const job = jobs.get(String(params.id))
      if (!job) return HttpResponse.json({ error: 'no such job' }, { status: 404 })
      if (job.latencyMs) {
        inFlight += 1
        peak = Math.max(peak, inFlight)
        await pause(job.latencyMs, request.signal).finally(() => {
          inFlight -= 1
        })
      }
      const pending = isRunning(job) ? retryAfter(job) : {}
      switch (job.shape) {
        case 'http':
        case 'http-200':
          if (isRunning(job)) return new HttpResponse(null, { status: 202, headers: pending })
          if (job.shape === 'http-200') return HttpResponse.json(job.result)
          return new HttpResponse(null, {
            status: 303,
            headers: { location: `/jobs/${job.id}/result` },
          })
        case 'inline': {
          const body = statusBody(
            job,
            { pending: 'running', done: 'succeeded' },
            {
              result: job.result,
            },
          )
          return HttpResponse.json(body, { headers: pending })
        }
        default: {
          const link = { result_url: `/jobs/${job.id}/result` }
          return HttpResponse.json(
            statusBody(job, { pending: 'running', done: 'completed' }, link),
            {
              headers: pending,
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
    http.get('*/slow', async ({ request }) => {
      await pause(Number.POSITIVE_INFINITY, request.signal)
      return new HttpResponse(null, { status: 204 })
    }),
  ]

  return { handlers, peakInFlight: () => peak }
}

/**
 * Waits `ms` (forever for `Infinity`, with no timer), or until the request is aborted: a client that
 * went away leaves no timer behind in the server.
 */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve()
      return
    }
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
