import { HttpResponse, http, type RequestHandler } from 'msw'
import {
  cancel,
  createJobStore,
  isRunning,
  type Job,
  type JobSpec,
  progressPercent,
  readSpec,
  sequence,
} from '../jobs.js'

/**
 * Google AIP-151 long-running operations: an Operation in the submit's 200, polled at /v1/{name},
 * canceled by :cancel. Ids are op-1, op-2, ...; the submit body's `job` is a partial JobSpec.
 *
 *   POST /v1/reports:generate         -> 200 OPERATION
 *   GET  /v1/operations/:id           -> 200 OPERATION
 *   POST /v1/operations/:id:cancel    -> 200 {} (a running job ends as canceled)
 *
 *   OPERATION = {"name":"operations/:id","done":false,"metadata":{"progressPercent":0..100}}, then
 *     done: {...,"done":true,"response":RESULT}
 *     failed: {...,"done":true,"error":{"code":8,"message":"Resource exhausted",
 *                                       "details":[{"reason":"QUOTA"}]}}
 *     canceled: {...,"done":true,"error":{"code":1,"message":"Operation was cancelled"}}
 *
 * Unknown ids answer 404 {"error":{"code":5,"message":"NOT_FOUND"}}.
 */
export function googleRoutes(defaults: Partial<JobSpec>): RequestHandler[] {
  const jobs = createJobStore(defaults)
  const nextId = sequence('op-')
  const notFound = () =>
    HttpResponse.json({ error: { code: 5, message: 'NOT_FOUND' } }, { status: 404 })

  return [
    http.post(/\/v1\/reports:generate$/, async ({ request }) => {
      const job = jobs.create(nextId(), await readSpec(request))
      return HttpResponse.json(operation(job))
    }),
    http.get(/\/v1\/operations\/[^/:]+$/, ({ request }) => {
      const job = jobs.get(lastSegment(request))
      if (!job) return notFound()
      return HttpResponse.json(operation(job))
    }),
    http.post(/\/v1\/operations\/[^/:]+:cancel$/, ({ request }) => {
      const job = jobs.get(lastSegment(request).replace(/:cancel$/, ''))
      if (!job) return notFound()
      if (isRunning(job)) cancel(job)
      return HttpResponse.json({})
    }),
  ]
}

function operation(job: Job) {
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

const lastSegment = (request: Request) => new URL(request.url).pathname.split('/').at(-1) ?? ''
