import { HttpResponse, http, type JsonBodyType, type RequestHandler } from 'msw'
import {
  createJobStore,
  isRunning,
  type Job,
  type JobSpec,
  progressPercent,
  readSpec,
  retryAfter,
  sequence,
} from '../jobs.js'

/**
 * Azure-style operations (Azure REST API guidelines, ARM async operations). The submit body's
 * `job` field is a partial JobSpec (timing, outcome, retryAfterSec, result, resourceLocation,
 * noContent). "Retry-After" below means `retryAfterSec` when the spec sets it; it also rides on
 * every submit that starts a job (not on /azure/lost, /azure/flaky, PATCH /azure/widgets).
 * Ids: `w-NAME` (widgets), `r-NAME` (resources), `a-N` (jobs), `act-N` (actions), `exp-N`
 * (exports), `del-N` (deletions), `rep-N` (reports), `missing-N` (lost monitors), `f-N` (files).
 *
 * The status monitor, for every id an Operation-Location or Azure-AsyncOperation names:
 *   GET    /azure/operations/:id   -> 200 {"id","status":"NotStarted"|"Running","percentComplete"},
 *                                     Retry-After, while running; then 200 {"id","status":
 *                                     "Succeeded"|"Failed"|"Canceled","percentComplete", and
 *                                     Failed: "error":{"code":"QuotaExceeded","message":
 *                                     "The quota is exhausted."}; Succeeded: "resourceLocation" when
 *                                     the spec sets it, plus the extras named below}
 *                                  -> 404 (unknown id, no body)
 *   GET    /azure/operations/missing-N -> 404 {"error":{"code":"NotFound"}}, always
 *   POST   /azure/operations/:id:cancel,
 *   DELETE /azure/operations/:id   -> 405 {"error":{"code":"MethodNotAllowed"}}: no cancel
 *
 * Widgets, a monitor in Operation-Location, the result at the resource:
 *   PUT    /azure/widgets/:name    -> 201 {"name","provisioningState":"Creating"},
 *                                     Operation-Location: /azure/operations/w-NAME
 *   GET    /azure/widgets/:name    -> 404 while running or unknown or deleted, then
 *                                     200 {"name","color":"blue","provisioningState":"Succeeded"}
 *   PATCH  /azure/widgets/:name    -> 200 {"name","color":"red","provisioningState":"Succeeded"},
 *                                     Azure-AsyncOperation: /azure/operations/w-NAME (already
 *                                     Succeeded: a client needs no further request)
 *   DELETE /azure/widgets/:name    -> 202, Location: /azure/deletions/del-N,
 *                                     Azure-AsyncOperation: /azure/operations/del-N; once the
 *                                     deletion is done, GET /azure/widgets/:name answers 404
 *
 * Resources, no monitor header: the resource's own provisioningState tells the state.
 *   PUT    /azure/resources/:name  -> 201 {"name","properties":{"provisioningState":"Creating"}}
 *   GET    /azure/resources/:name  -> 200 {"name","color":"green","properties":{"provisioningState":
 *                                     "Creating" (or "Updating" after a PATCH), Retry-After, while
 *                                     running; then "Succeeded"|"Failed"|"Canceled"}}
 *                                  -> 404 (unknown or deleted, no body)
 *   PATCH  /azure/resources/:name  -> 200 {"name","color":"green","properties":{"provisioningState":
 *                                     "Updating"}}, restarting the job with the body's spec
 *                                  -> 404 (unknown or deleted, no body)
 *   DELETE /azure/resources/:name  -> 202, Location: /azure/deletions/del-N (no monitor)
 *
 * Deletions (Location polling):
 *   GET    /azure/deletions/:id    -> 202, Retry-After, while running; then 204 (done), or 400
 *                                     {"error":{"code":"DeletionFailed"|"DeletionCanceled",...}}
 *
 * Files, polled by Location alone whatever the method (no monitor, no provisioningState):
 *   PUT    /azure/files/:name      -> 202, Location: /azure/file-operations/f-N; RESULT is
 *                                     {"name","size":1}
 *   PATCH  /azure/files/:name      -> the same; RESULT is {"name","size":2}
 *   DELETE /azure/files/:name      -> the same; RESULT is {"name","deleted":true}
 *   GET    /azure/file-operations/:id -> 202, Retry-After, while running; then 200 RESULT, or 204
 *                                     with `noContent`; 400 {"error":{"code":"FileFailed"|
 *                                     "FileCanceled",...}}
 *   GET    /azure/files/:name      -> 200 {"name","via":"original-uri"} once its latest PUT or
 *                                     PATCH finished; 404 before, after a DELETE, or unknown
 *
 * A POST whose result is at Location:
 *   POST   /azure/jobs             -> 202, Operation-Location: /azure/operations/a-N,
 *                                     Location: /azure/results/a-N
 *   GET    /azure/results/:id      -> 404 while running, then 200 RESULT
 *
 * An action that names its monitor on a 200:
 *   POST   /azure/actions/:name    -> 200 {}, Azure-AsyncOperation: /azure/operations/act-N;
 *                                     the monitor's Succeeded body adds "result":RESULT
 *
 * Location chains (a new Location every answer):
 *   POST   /azure/exports          -> 202, Location: /azure/exports/exp-N/poll/1
 *   GET    /azure/exports/:id/poll/:n -> 202, Location: /azure/exports/:id/poll/(n+1), Retry-After,
 *                                     while running; then 200 RESULT, or 204 with `noContent`;
 *                                     400 {"error":{"code":"ExportFailed","message":
 *                                     "The export failed."}} (or "ExportCanceled", "The export
 *                                     was canceled.")
 *
 * Every place a final result could be (finalStateVia):
 *   POST   /azure/reports          -> 202, Operation-Location: /azure/operations/rep-N,
 *                                     Location: /azure/reports/rep-N/result; the monitor's
 *                                     Succeeded body adds "resourceLocation":
 *                                     "/azure/reports/rep-N/resource","result":{"via":"monitor"}
 *   GET    /azure/reports/:id/result   -> 200 {"via":"location"}
 *   GET    /azure/reports/:id/resource -> 200 {"via":"resourceLocation"}
 *   GET    /azure/reports              -> 200 {"via":"original-uri"} (the latest report)
 *   (all three: 404 while the job runs, or unknown)
 *
 * A monitor that is not there:
 *   POST   /azure/lost             -> 202, Operation-Location: /azure/operations/missing-N
 *
 * Idempotent and non-idempotent submits that fail once: the first PUT, DELETE, POST and PATCH of
 * each NAME (counted per method) answers 500 {"error":{"code":"InternalError"}}; later ones:
 *   PUT    /azure/flaky/:name      -> 200 {"name","provisioningState":"Succeeded"}
 *   DELETE /azure/flaky/:name      -> 204
 *   POST   /azure/flaky/:name      -> 200 {"name","provisioningState":"Succeeded"}
 *   PATCH  /azure/flaky/:name      -> 200 {"name","provisioningState":"Succeeded"}
 *
 * Put these before the configurable jobs, whose `*\/jobs` would match `/azure/jobs`.
 */
export function azureRoutes(defaults: Partial<JobSpec>): RequestHandler[] {
  const jobs = createJobStore(defaults)
  const ids = {
    job: sequence('a-'),
    action: sequence('act-'),
    export: sequence('exp-'),
    deletion: sequence('del-'),
    report: sequence('rep-'),
    lost: sequence('missing-'),
    file: sequence('f-'),
  }
  /** What a monitor's Succeeded body adds, by job id. */
  const succeededExtras = new Map<string, Record<string, JsonBodyType>>()
  /** Deletion jobs, by id. */
  const deletions = new Map<string, Job>()
  /** The latest deletion of `widgets/NAME` or `resources/NAME`, until it is created again. */
  const deletedBy = new Map<string, Job>()
  /** A resource's provisioningState while its job runs. */
  const resourceWork = new Map<string, 'Creating' | 'Updating'>()
  const exportJobs = new Map<string, Job>()
  const reports = new Map<string, Job>()
  /** File operations by id, and the latest one of each file with its method. */
  const fileJobs = new Map<string, Job>()
  const latestFileJob = new Map<string, { method: string; job: Job }>()
  let latestReport: Job | undefined
  /** `METHOD NAME` of flaky submits that already failed once. */
  const failedOnce = new Set<string>()

  const notFound = () => new HttpResponse(null, { status: 404 })
  const isGone = (target: string) => {
    const deletion = deletedBy.get(target)
    return deletion !== undefined && !isRunning(deletion) && deletion.outcome === 'done'
  }
  const finished = (job: Job | undefined): job is Job => job !== undefined && !isRunning(job)

  /** A Succeeded monitor's fields after `percentComplete`. */
  const succeededFields = (job: Job): Record<string, JsonBodyType> => ({
    ...(job.resourceLocation === undefined ? {} : { resourceLocation: job.resourceLocation }),
    ...succeededExtras.get(job.id),
  })

  const monitor = (job: Job) => {
    const percentComplete = progressPercent(job) ?? 0
    if (isRunning(job)) {
      const status = percentComplete === 0 ? 'NotStarted' : 'Running'
      return HttpResponse.json(
        { id: job.id, status, percentComplete },
        { headers: retryAfter(job) },
      )
    }
    const status = { done: 'Succeeded', failed: 'Failed', canceled: 'Canceled' }[job.outcome]
    const ending = {
      done: () => succeededFields(job),
      failed: () => ({ error: { code: 'QuotaExceeded', message: 'The quota is exhausted.' } }),
      canceled: () => ({}),
    }[job.outcome]()
    return HttpResponse.json({ id: job.id, status, percentComplete, ...ending })
  }

  const resourceBody = (name: string, provisioningState: string) => ({
    name,
    color: 'green',
    properties: { provisioningState },
  })

  const locationFailure = (job: Job, noun: 'Export' | 'Deletion' | 'File') => {
    const code = job.outcome === 'failed' ? `${noun}Failed` : `${noun}Canceled`
    const message = `The ${noun.toLowerCase()} ${job.outcome === 'failed' ? 'failed' : 'was canceled'}.`
    return HttpResponse.json({ error: { code, message } }, { status: 400 })
  }

  const startDeletion = async (request: Request, target: string) => {
    const job = jobs.create(ids.deletion(), await readSpec(request))
    deletions.set(job.id, job)
    deletedBy.set(target, job)
    return job
  }

  const flaky = (
    method: 'put' | 'delete' | 'post' | 'patch',
    success: (name: string) => Response,
  ) =>
    http[method]('*/azure/flaky/:name', ({ params }) => {
      const name = String(params.name)
      const key = `${method} ${name}`
      if (failedOnce.has(key)) return success(name)
      failedOnce.add(key)
      return HttpResponse.json({ error: { code: 'InternalError' } }, { status: 500 })
    })
  const flakySucceeded = (name: string) =>
    HttpResponse.json({ name, provisioningState: 'Succeeded' })

  return [
    // Widgets.
    http.put('*/azure/widgets/:name', async ({ params, request }) => {
      const name = String(params.name)
      const job = jobs.create(`w-${name}`, {
        ...(await readSpec(request)),
        result: { name, color: 'blue' },
      })
      deletedBy.delete(`widgets/${name}`)
      return HttpResponse.json(
        { name, provisioningState: 'Creating' },
        {
          status: 201,
          headers: { 'operation-location': `/azure/operations/${job.id}`, ...retryAfter(job) },
        },
      )
    }),
    http.get('*/azure/widgets/:name', ({ params }) => {
      const name = String(params.name)
      const job = jobs.get(`w-${name}`)
      if (!finished(job) || isGone(`widgets/${name}`)) return notFound()
      return HttpResponse.json({ ...(job.result as object), provisioningState: 'Succeeded' })
    }),
    http.patch('*/azure/widgets/:name', ({ params }) => {
      const name = String(params.name)
      const job = jobs.create(`w-${name}`, {
        durationMs: 0,
        outcome: 'done',
        result: { name, color: 'red' },
      })
      deletedBy.delete(`widgets/${name}`)
      return HttpResponse.json(
        { name, color: 'red', provisioningState: 'Succeeded' },
        { headers: { 'azure-asyncoperation': `/azure/operations/${job.id}` } },
      )
    }),
    http.delete('*/azure/widgets/:name', async ({ params, request }) => {
      const job = await startDeletion(request, `widgets/${String(params.name)}`)
      return new HttpResponse(null, {
        status: 202,
        headers: {
          location: `/azure/deletions/${job.id}`,
          'azure-asyncoperation': `/azure/operations/${job.id}`,
          ...retryAfter(job),
        },
      })
    }),

    // Resources, polled by their provisioningState.
    http.put('*/azure/resources/:name', async ({ params, request }) => {
      const name = String(params.name)
      const job = jobs.create(`r-${name}`, await readSpec(request))
      resourceWork.set(name, 'Creating')
      deletedBy.delete(`resources/${name}`)
      return HttpResponse.json(
        { name, properties: { provisioningState: 'Creating' } },
        { status: 201, headers: retryAfter(job) },
      )
    }),
    http.get('*/azure/resources/:name', ({ params }) => {
      const name = String(params.name)
      const job = jobs.get(`r-${name}`)
      if (!job || isGone(`resources/${name}`)) return notFound()
      if (isRunning(job)) {
        const state = resourceWork.get(name) ?? 'Creating'
        return HttpResponse.json(resourceBody(name, state), { headers: retryAfter(job) })
      }
      const state = { done: 'Succeeded', failed: 'Failed', canceled: 'Canceled' }[job.outcome]
      return HttpResponse.json(resourceBody(name, state))
    }),
    http.patch('*/azure/resources/:name', async ({ params, request }) => {
      const name = String(params.name)
      if (!jobs.get(`r-${name}`) || isGone(`resources/${name}`)) return notFound()
      const job = jobs.create(`r-${name}`, await readSpec(request))
      resourceWork.set(name, 'Updating')
      return HttpResponse.json(resourceBody(name, 'Updating'), { headers: retryAfter(job) })
    }),
    http.delete('*/azure/resources/:name', async ({ params, request }) => {
      const job = await startDeletion(request, `resources/${String(params.name)}`)
      return new HttpResponse(null, {
        status: 202,
        headers: { location: `/azure/deletions/${job.id}`, ...retryAfter(job) },
      })
    }),
    http.get('*/azure/deletions/:id', ({ params }) => {
      const job = deletions.get(String(params.id))
      if (!job) return notFound()
      if (isRunning(job)) return new HttpResponse(null, { status: 202, headers: retryAfter(job) })
      if (job.outcome !== 'done') return locationFailure(job, 'Deletion')
      return new HttpResponse(null, { status: 204 })
    }),

    // Files: Location polling for every method.
    ...(['put', 'patch', 'delete'] as const).map((method) =>
      http[method]('*/azure/files/:name', async ({ params, request }) => {
        const name = String(params.name)
        const result = {
          put: { name, size: 1 },
          patch: { name, size: 2 },
          delete: { name, deleted: true },
        }[method]
        const job = jobs.create(ids.file(), { ...(await readSpec(request)), result })
        fileJobs.set(job.id, job)
        latestFileJob.set(name, { method, job })
        return new HttpResponse(null, {
          status: 202,
          headers: { location: `/azure/file-operations/${job.id}`, ...retryAfter(job) },
        })
      }),
    ),
    http.get('*/azure/file-operations/:id', ({ params }) => {
      const job = fileJobs.get(String(params.id))
      if (!job) return notFound()
      if (isRunning(job)) return new HttpResponse(null, { status: 202, headers: retryAfter(job) })
      if (job.outcome !== 'done') return locationFailure(job, 'File')
      if (job.noContent) return new HttpResponse(null, { status: 204 })
      return HttpResponse.json(job.result)
    }),
    http.get('*/azure/files/:name', ({ params }) => {
      const name = String(params.name)
      const latest = latestFileJob.get(name)
      if (!latest || latest.method === 'delete' || !finished(latest.job)) return notFound()
      return HttpResponse.json({ name, via: 'original-uri' })
    }),

    // A POST with its result at Location.
    http.post('*/azure/jobs', async ({ request }) => {
      const job = jobs.create(ids.job(), await readSpec(request))
      return new HttpResponse(null, {
        status: 202,
        headers: {
          'operation-location': `/azure/operations/${job.id}`,
          location: `/azure/results/${job.id}`,
          ...retryAfter(job),
        },
      })
    }),
    http.get('*/azure/results/:id', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!finished(job)) return notFound()
      return HttpResponse.json(job.result)
    }),

    // An action that names its monitor on a 200.
    http.post('*/azure/actions/:name', async ({ request }) => {
      const job = jobs.create(ids.action(), await readSpec(request))
      succeededExtras.set(job.id, { result: job.result })
      return HttpResponse.json(
        {},
        { headers: { 'azure-asyncoperation': `/azure/operations/${job.id}`, ...retryAfter(job) } },
      )
    }),

    // A chain of Locations.
    http.post('*/azure/exports', async ({ request }) => {
      const job = jobs.create(ids.export(), await readSpec(request))
      exportJobs.set(job.id, job)
      return new HttpResponse(null, {
        status: 202,
        headers: { location: `/azure/exports/${job.id}/poll/1`, ...retryAfter(job) },
      })
    }),
    http.get('*/azure/exports/:id/poll/:hop', ({ params }) => {
      const id = String(params.id)
      const job = exportJobs.get(id)
      const hop = Number(params.hop)
      if (!job || !Number.isInteger(hop) || hop < 1) return notFound()
      if (isRunning(job))
        return new HttpResponse(null, {
          status: 202,
          headers: { location: `/azure/exports/${id}/poll/${hop + 1}`, ...retryAfter(job) },
        })
      if (job.outcome !== 'done') return locationFailure(job, 'Export')
      if (job.noContent) return new HttpResponse(null, { status: 204 })
      return HttpResponse.json(job.result)
    }),

    // Every place a final result could be.
    http.post('*/azure/reports', async ({ request }) => {
      const job = jobs.create(ids.report(), await readSpec(request))
      reports.set(job.id, job)
      latestReport = job
      succeededExtras.set(job.id, {
        resourceLocation: `/azure/reports/${job.id}/resource`,
        result: { via: 'monitor' },
      })
      return new HttpResponse(null, {
        status: 202,
        headers: {
          'operation-location': `/azure/operations/${job.id}`,
          location: `/azure/reports/${job.id}/result`,
          ...retryAfter(job),
        },
      })
    }),
    http.get('*/azure/reports', () =>
      finished(latestReport) ? HttpResponse.json({ via: 'original-uri' }) : notFound(),
    ),
    http.get('*/azure/reports/:id/result', ({ params }) =>
      finished(reports.get(String(params.id)))
        ? HttpResponse.json({ via: 'location' })
        : notFound(),
    ),
    http.get('*/azure/reports/:id/resource', ({ params }) =>
      finished(reports.get(String(params.id)))
        ? HttpResponse.json({ via: 'resourceLocation' })
        : notFound(),
    ),

    // A monitor that is not there.
    http.post(
      '*/azure/lost',
      () =>
        new HttpResponse(null, {
          status: 202,
          headers: { 'operation-location': `/azure/operations/${ids.lost()}` },
        }),
    ),

    // Submits that fail once.
    flaky('put', flakySucceeded),
    flaky('delete', () => new HttpResponse(null, { status: 204 })),
    flaky('post', flakySucceeded),
    flaky('patch', flakySucceeded),

    // The status monitor.
    http.get('*/azure/operations/:id', ({ params }) => {
      const id = String(params.id)
      if (id.startsWith('missing-'))
        return HttpResponse.json({ error: { code: 'NotFound' } }, { status: 404 })
      const job = jobs.get(id)
      return job ? monitor(job) : notFound()
    }),
    http.post(/\/azure\/operations\/[^/:]+:cancel$/, methodNotAllowed),
    http.delete('*/azure/operations/:id', methodNotAllowed),
  ]
}

function methodNotAllowed(): Response {
  return HttpResponse.json({ error: { code: 'MethodNotAllowed' } }, { status: 405 })
}
