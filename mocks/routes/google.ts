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
 * Google AIP-151 long-running operations: an Operation in the submit's 200, polled at
 * /VERSION/{name}, canceled by :cancel. VERSION is any API version segment (v1, v2beta,
 * v1p1beta1...), and the operations answer under every one. Ids are op-1, op-2, ...; the submit
 * body's `job` is a partial JobSpec.
 *
 *   POST .../VERSION/reports:generate            -> 200 OPERATION
 *   POST .../VERSION/speech:longrunningrecognize -> 200 {"name":"operations/:id"}, and its
 *                                                   OPERATION is bare while running: no `done`,
 *                                                   no `metadata` (proto3 JSON omits them)
 *   GET  /VERSION/operations/:id                 -> 200 OPERATION
 *   POST /VERSION/operations/:id:cancel          -> 200 {} (a running job ends as canceled)
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
  /** Ids of the operations that answer bare while running. */
  const bare = new Set<string>()
  const notFound = () =>
    HttpResponse.json({ error: { code: 5, message: 'NOT_FOUND' } }, { status: 404 })

  return [
    http.post(/\/v\d+[a-z0-9]*\/reports:generate$/i, async ({ request }) => {
      const job = jobs.create(nextId(), await readSpec(request))
      return HttpResponse.json(operation(job))
    }),
    http.post(/\/v\d+[a-z0-9]*\/speech:longrunningrecognize$/i, async ({ request }) => {
      const job = jobs.create(nextId(), await readSpec(request))
      bare.add(job.id)
      return HttpResponse.json({ name: `operations/${job.id}` })
    }),
    http.get(/\/v\d+[a-z0-9]*\/operations\/[^/:]+$/i, ({ request }) => {
      const job = jobs.get(lastSegment(request))
      if (!job) return notFound()
      if (bare.has(job.id) && isRunning(job))
        return HttpResponse.json({ name: `operations/${job.id}` })
      return HttpResponse.json(operation(job))
    }),
    http.post(/\/v\d+[a-z0-9]*\/operations\/[^/:]+:cancel$/i, ({ request }) => {
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
