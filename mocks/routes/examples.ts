import { HttpResponse, http, type RequestHandler } from 'msw'
import {
  accepted,
  createJobStore,
  elapsed,
  isRunning,
  type JobSpec,
  progressPercent,
  readSpec,
  retryAfter,
  statusBody,
} from '../jobs.js'

/**
 * The three seed examples, each with a fixed job id (a new submit restarts that job).
 *
 * Example 3, a video conversion with percent progress (4 s, 4 steps):
 *   POST /video/convert        -> 202, Location: /video/status/123, Retry-After per spec
 *   GET  /video/status/123     -> 200 {"id":123,"status":"queued"|"processing"|"done","priority":2,
 *                                      "progress-percent":0..100,"submitted-utc-time":"2016-04-19T13:59:22"}
 *   GET  /video/download/123   -> 404 until 1 s after the job ends, then
 *                                 200 {"id":123,"url":"https://cdn.example.com/video-123.mp4"}
 *
 * Example 1, a video conversion with a result_url link:
 *   POST /convert-video             -> 202, Location: /status/convert-789
 *   GET  /status/convert-789        -> 200 {"status":"processing"}, then {"status":"failed"|"canceled"}
 *                                      or {"status":"done","result_url":"/videos/converted-789.mp4"}
 *   GET  /videos/converted-789.mp4  -> 200 video/mp4 "converted video bytes"
 *
 * Example 2, a report with a download_link (the submit body's `job` is a partial JobSpec):
 *   POST /start-report         -> 202, Location: /report-status/555, Retry-After per spec
 *   GET  /report-status/555    -> 200 {"status":"in_progress","progress"?}, Retry-After per spec;
 *                                 then {"status":"completed","progress"?,
 *                                       "download_link":"/reports/report-555.pdf"}
 *                                 or {"status":"failed","error":{"code":"JobFailed",...}} / "canceled"
 *   GET  /reports/:file        -> 200 application/pdf "%PDF-1.7 :file"
 *
 * Unknown ids answer 404. Example 3 comes first: its paths would match example 1's `*\/status/:id`.
 */
export function exampleRoutes(defaults: Partial<JobSpec>): RequestHandler[] {
  const jobs = createJobStore(defaults)

  return [
    // Example 3.
    http.post('*/video/convert', () => {
      const job = jobs.create('123', { durationMs: 4000, steps: 4 })
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

    // Example 1.
    http.post('*/convert-video', () => {
      const job = jobs.create('convert-789', { result: 'converted video bytes' })
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

    // Example 2.
    http.post('*/start-report', async ({ request }) => {
      const job = jobs.create('555', await readSpec(request))
      return accepted('/report-status/555', job)
    }),
    http.get('*/report-status/:id', ({ params }) => {
      const job = jobs.get(String(params.id))
      if (!job) return new HttpResponse(null, { status: 404 })
      const link = { download_link: `/reports/report-${job.id}.pdf` }
      return HttpResponse.json(
        statusBody(job, { pending: 'in_progress', done: 'completed' }, link),
        { headers: isRunning(job) ? retryAfter(job) : {} },
      )
    }),
    http.get(
      '*/reports/:file',
      ({ params }) =>
        new HttpResponse(`%PDF-1.7 ${String(params.file)}`, {
          headers: { 'content-type': 'application/pdf' },
        }),
    ),
  ]
}
