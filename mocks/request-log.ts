import { HttpResponse, http, type RequestHandler } from 'msw'

/**
 * The request log and fault injection: one catch-all handler, first in the list, that records
 * every request and answers the ones a `Fault` claims. Any other request falls through to the
 * route handlers after it.
 *
 *   (a claimed request) -> fault.status, Retry-After: fault.retryAfterSec if set,
 *                          {"error":"injected fault"}
 */

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

export interface RequestLog {
  /** Put it before every route handler. */
  readonly handler: RequestHandler
  /** Every request the server saw, in order. */
  readonly requests: LoggedRequest[]
  /** Makes the next `count` matching requests fail with `status`. */
  failNext(fault: Fault): void
  /** How many requests matched a method and a path. */
  count(method: string, path: string): number
}

export function createRequestLog(): RequestLog {
  const requests: LoggedRequest[] = []
  const faults: Fault[] = []

  const handler = http.all('*', async ({ request }) => {
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
    if (!fault) return undefined
    fault.count -= 1
    const headers: Record<string, string> =
      fault.retryAfterSec === undefined ? {} : { 'retry-after': String(fault.retryAfterSec) }
    return HttpResponse.json({ error: 'injected fault' }, { status: fault.status, headers })
  })

  return {
    handler,
    requests,
    failNext(fault) {
      faults.push({ ...fault })
    },
    count(method, path) {
      return requests.filter((r) => r.method === method && r.path === path).length
    },
  }
}
