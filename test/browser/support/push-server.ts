import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { bundlePage } from '../../../examples/browser/bundle-page.js'

/**
 * The page of the push tests and its API on one loopback origin, a plain node:http server: `/`
 * and `/page.js` (push-page.ts with pollwise from src/, bundled by esbuild when the server
 * starts); `POST /jobs` answers 202 with `/jobs/N`; `GET /jobs/N` is answered by the test's
 * `status` script (a status stream, as a rule); `GET /jobs/N/result` answers the job's result.
 * Only the API's requests are logged.
 */

/** One request to the API, as the server saw it. */
export interface ApiRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  /** `Date.now()` when it came in. */
  readonly at: number
  /** `Date.now()` when its response closed: it ended, or its connection did. */
  closedAt?: number
  /** Settles with `closedAt`. */
  readonly closed: Promise<number>
}

/** Answers a status read: `read` counts the job's status reads from 1. */
export type StatusScript = (response: ServerResponse, request: ApiRequest, read: number) => void

export interface PushServer {
  /** The page's origin, `http://127.0.0.1:PORT`; open `${url}/`. */
  readonly url: string
  /** The API's requests, in arrival order. */
  readonly requests: ApiRequest[]
  /** How `GET /jobs/N` is answered; a test sets its own. */
  status: StatusScript
  /** The result every job returns. */
  readonly result: { readonly rows: number; readonly file: string }
  close(): Promise<void>
}

const sse = { 'content-type': 'text/event-stream', 'cache-control': 'no-store' }

/** One SSE event: `data` as JSON, with its `id:` when given. */
export function sseEvent(data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`
}

/** Starts an event stream on `response`: its headers and a comment, so the page sees it at once. */
export function openStream(response: ServerResponse): void {
  response.writeHead(200, sse)
  response.write(': open\n\n')
}

/**
 * Writes `events` to an open stream, one every `everyMs`, the first at once; `then` runs after the
 * last one. Stops when the connection closes. Returns when each event was written (`Date.now()`),
 * filled in as they are.
 */
export function writeEvents(
  response: ServerResponse,
  events: readonly string[],
  everyMs: number,
  then: () => void = () => {},
): number[] {
  const written: number[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  const writeNext = () => {
    if (response.destroyed) return
    const event = events[written.length]
    if (event === undefined) {
      then()
      return
    }
    response.write(event)
    written.push(Date.now())
    timer = setTimeout(writeNext, everyMs)
  }
  timer = setTimeout(writeNext, 0)
  response.once('close', () => clearTimeout(timer))
  return written
}

/** Keeps an open stream alive with a comment every `everyMs` until its connection closes. */
export function heartbeat(response: ServerResponse, everyMs = 1000): void {
  const timer = setInterval(() => response.write(':\n\n'), everyMs)
  response.once('close', () => clearInterval(timer))
}

const html = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>push</title></head>
  <body data-state="idle">
    <button id="start" type="button">Start</button>
    <button id="cancel" type="button" disabled>Cancel</button>
    <script type="module" src="/page.js"></script>
  </body>
</html>`

export async function startPushServer(): Promise<PushServer> {
  const bundle = await bundlePage(new URL('./push-page.ts', import.meta.url))
  const requests: ApiRequest[] = []
  const statusReads = new Map<string, number>()
  let jobs = 0
  const result = { rows: 1204, file: 'report-2026-10.csv' }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (request.method === 'GET' && (pathname === '/' || pathname === '/page.js')) {
      const page = pathname === '/'
      response.writeHead(200, {
        'content-type': page ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      })
      response.end(page ? html : bundle)
      return
    }
    let markClosed: (at: number) => void = () => {}
    const logged: ApiRequest = {
      method: request.method ?? '',
      path: pathname,
      headers: request.headers,
      at: Date.now(),
      closed: new Promise((resolve) => {
        markClosed = resolve
      }),
    }
    requests.push(logged)
    response.once('close', () => {
      logged.closedAt = Date.now()
      markClosed(logged.closedAt)
    })
    request.resume()

    if (request.method === 'POST' && pathname === '/jobs') {
      jobs += 1
      response.writeHead(202, { location: `/jobs/${jobs}` }).end()
      return
    }
    if (request.method === 'GET' && /^\/jobs\/\d+\/result$/.test(pathname)) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result))
      return
    }
    if (request.method === 'GET' && /^\/jobs\/\d+$/.test(pathname)) {
      const read = (statusReads.get(pathname) ?? 0) + 1
      statusReads.set(pathname, read)
      pushServer.status(response, logged, read)
      return
    }
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const pushServer: PushServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    status: (response) => {
      response.writeHead(500).end()
    },
    result,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return pushServer
}
