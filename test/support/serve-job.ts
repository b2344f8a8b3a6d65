import { delay, HttpResponse, http } from 'msw'
import type { setupServer } from 'msw/node'
import { vi } from 'vitest'

/** What a job served by `jobServer` lets a test change. */
export interface JobOptions {
  pendingPolls?: number
  statusDelayMs?: number
  downloadDelayMs?: number
  cancelStatus?: number
}

/**
 * Returns `serveJob`, which serves on `server`, under `origin`, a job that is running for
 * `pendingPolls` polls, then completed with a download link. Every request is logged;
 * `statusDelayMs` / `downloadDelayMs` keep a request in flight that long.
 */
export function jobServer(server: ReturnType<typeof setupServer>, origin: string) {
  const at = (path: string) => `${origin}${path}`
  return function serveJob(options: JobOptions = {}) {
    const { pendingPolls = 2, statusDelayMs = 0, downloadDelayMs = 0, cancelStatus = 202 } = options
    const log: string[] = []
    let polls = 0
    let canceled = false
    server.use(
      http.post(at('/jobs'), () => {
        log.push('POST /jobs')
        return new HttpResponse(null, { status: 202, headers: { location: '/jobs/1' } })
      }),
      http.get(at('/jobs/1'), async () => {
        log.push('GET /jobs/1')
        polls++
        if (statusDelayMs) await delay(statusDelayMs)
        if (canceled) return HttpResponse.json({ status: 'canceled' })
        return polls <= pendingPolls
          ? HttpResponse.json({ status: 'running', progress: polls / (pendingPolls + 1) })
          : HttpResponse.json({ status: 'completed', download_link: '/files/1' })
      }),
      http.delete(at('/jobs/1'), () => {
        log.push('DELETE /jobs/1')
        canceled = cancelStatus < 300
        return new HttpResponse(null, { status: cancelStatus })
      }),
      http.get(at('/files/1'), async () => {
        log.push('GET /files/1')
        if (downloadDelayMs) await delay(downloadDelayMs)
        return HttpResponse.json({ rows: 3 })
      }),
    )
    return { log, polls: () => polls }
  }
}

/** Both outcomes, handled from the start so that neither rejection goes unhandled meanwhile. */
export async function bothWithin<T>(a: Promise<T>, b: Promise<T>, ms: number) {
  const settled = Promise.allSettled([a, b])
  await vi.advanceTimersByTimeAsync(ms)
  return settled
}
