import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * A polling app as pollwise's users write one, against a plain node:http API, with pollwise taken
 * from the built package (`dist/`, run `npm run build` first) as an app's bundler would take it.
 *
 * Two origins: the page and its API on `127.0.0.1`, and a second API on `127.0.0.2` that a submit
 * with `remote=1` hands its status location out on. Both answer CORS for the page's origin.
 *
 * The page (see `appScript`) follows the reload recipe of docs/recipes.md: it resumes the token in
 * `localStorage`, or submits when Start is clicked; it shows progress in `#bar` and `#percent`,
 * the outcome in `body[data-state]`, `#result` and `#error`, and Cancel calls `op.cancel()`. The
 * client's options come from the page URL's `client` parameter (JSON), the submit path from `submit`;
 * with `cacheable` the page is not `no-store`, so that it may enter the back/forward cache.
 *
 * Jobs: `POST /jobs?duration=MS` starts one (`remote=1`: its status location on the other origin;
 * `expose=0`: no `Access-Control-Expose-Headers`; `maxAge=S`: its status answers say
 * `Cache-Control: max-age=S`). `GET /jobs/N` answers `{ status, percentComplete }`, then
 * `{ status: 'succeeded', result }` once its duration has passed; `DELETE /jobs/N` cancels it.
 */

export interface AppRequest {
  /** `page` for 127.0.0.1, `remote` for 127.0.0.2. */
  readonly origin: 'page' | 'remote'
  readonly method: string
  /** The path without the query. */
  readonly path: string
  readonly headers: IncomingHttpHeaders
  /** `Date.now()` when it came in. */
  readonly at: number
}

export interface AppServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string
  /** `http://127.0.0.2:PORT` */
  readonly remoteUrl: string
  /** The API's requests (not the page's own files), in arrival order. */
  readonly requests: AppRequest[]
  /** Delays every status answer by this many ms (a slow API). */
  statusDelayMs: number
  close(): Promise<void>
}

/** The result every job returns. */
export const appResult = { rows: 1204, file: 'report-2026-10.csv' }

interface Job {
  readonly startedAt: number
  readonly durationMs: number
  readonly maxAge: number | undefined
  canceled: boolean
}

const distIndex = fileURLToPath(new URL('../../../dist/index.js', import.meta.url))

async function bundleDist(): Promise<string> {
  const result = await build({
    entryPoints: [distIndex],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  const [output] = result.outputFiles
  if (!output) throw new Error('esbuild wrote no bundle of dist/index.js')
  return output.text
}

/** The app: the reload recipe, a progress bar, a Cancel button. */
const appScript = `
import { createClient, endsOperation } from '/pollwise.js'
const params = new URLSearchParams(location.search)
const api = createClient(JSON.parse(params.get('client') ?? '{}'))
const $ = (id) => document.getElementById(id)
window.seen = []
let op
async function run(operation) {
  op = operation
  localStorage.setItem('export', JSON.stringify(op))
  $('status-url').textContent = op.statusUrl ?? ''
  document.body.dataset.state = 'running'
  $('cancel').disabled = false
  try {
    const result = await op.wait({
      onProgress: (snapshot) => {
        const progress = snapshot.progress ?? 0
        window.seen.push({ at: Date.now(), progress })
        $('bar').value = progress
        $('percent').textContent = Math.round(progress * 100) + ' %'
      },
    })
    localStorage.removeItem('export')
    $('result').textContent = JSON.stringify(result)
    document.body.dataset.state = 'succeeded'
  } catch (error) {
    if (endsOperation(error)) localStorage.removeItem('export')
    $('error-name').textContent = error.name
    $('error-message').textContent = error.message
    document.body.dataset.state = error.name === 'OperationCanceledError' ? 'canceled' : 'failed'
  } finally {
    $('cancel').disabled = true
  }
}
$('cancel').addEventListener('click', async () => {
  let answer
  try {
    answer = String(await op.cancel())
  } catch (error) {
    answer = error.name
  }
  $('cancel-answer').textContent += answer + ';'
})
$('start').addEventListener('click', async () => {
  try {
    await run(await api.start(params.get('submit') ?? '/jobs', { json: { report: 'monthly' } }))
  } catch (error) {
    $('error-name').textContent = error.name
    $('error-message').textContent = error.message
    document.body.dataset.state = 'failed'
  }
})
const saved = localStorage.getItem('export')
if (saved) {
  $('note').textContent = 'Resumed'
  run(api.resume(saved))
}
document.body.dataset.ready = 'yes'
`

const html = `<!doctype html><html><head><meta charset="utf-8"><title>export</title></head>
<body data-state="idle">
<button id="start">Start</button> <button id="cancel" disabled>Cancel</button>
<progress id="bar" max="1" value="0"></progress> <span id="percent"></span>
<p id="note"></p><p id="status-url"></p><pre id="result"></pre>
<p><span id="error-name"></span> <span id="error-message"></span></p><p id="cancel-answer"></p>
<script type="module">${appScript}</script>
</body></html>`

export async function startAppServer(): Promise<AppServer> {
  const bundle = await bundleDist()
  const jobs = new Map<number, Job>()
  const requests: AppRequest[] = []
  let nextId = 1
  let remoteUrl = ''
  let pageUrl = ''

  const handle =
    (origin: AppRequest['origin']) => (request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url ?? '/', 'http://x')
      const method = request.method ?? 'GET'
      if (
        origin === 'page' &&
        method === 'GET' &&
        (url.pathname === '/' || url.pathname === '/pollwise.js')
      ) {
        const page = url.pathname === '/'
        response.writeHead(200, {
          'content-type': page ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
          // `cacheable`: a page the browser may keep in its back/forward cache.
          'cache-control': url.searchParams.has('cacheable') ? 'max-age=0' : 'no-store',
        })
        response.end(page ? html : bundle)
        return
      }
      if (url.pathname === '/favicon.ico') {
        response.writeHead(404).end()
        return
      }
      requests.push({
        origin,
        method,
        path: url.pathname,
        headers: request.headers,
        at: Date.now(),
      })
      const cors: Record<string, string> = {
        'access-control-allow-origin': pageUrl,
        'access-control-expose-headers': 'Location, Retry-After',
        vary: 'Origin',
      }
      if (method === 'OPTIONS') {
        response.writeHead(204, {
          ...cors,
          'access-control-allow-methods': 'GET, POST, DELETE',
          'access-control-allow-headers': 'authorization, content-type',
        })
        response.end()
        return
      }
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { ...cors, 'content-type': 'application/json', ...headers })
        response.end(body === undefined ? undefined : JSON.stringify(body))
      }
      // Drain the request body before answering.
      request.resume()
      request.on('end', () => {
        if (method === 'POST' && url.pathname === '/jobs') {
          const id = nextId++
          const maxAge = url.searchParams.get('maxAge')
          jobs.set(id, {
            startedAt: Date.now(),
            durationMs: Number(url.searchParams.get('duration') ?? 3000),
            maxAge: maxAge === null ? undefined : Number(maxAge),
            canceled: false,
          })
          const base = url.searchParams.get('remote') === '1' ? remoteUrl : ''
          const headers: Record<string, string> = { location: `${base}/jobs/${id}` }
          if (url.searchParams.get('expose') === '0') {
            delete cors['access-control-expose-headers']
          }
          send(202, { id, status: 'running' }, headers)
          return
        }
        const match = /^\/jobs\/(\d+)$/.exec(url.pathname)
        const job = match ? jobs.get(Number(match[1])) : undefined
        if (!job) {
          send(404, { error: 'no such job' })
          return
        }
        if (method === 'DELETE') {
          job.canceled = true
          send(200, { status: 'canceled' })
          return
        }
        if (method !== 'GET') {
          send(405, { error: 'method not allowed' })
          return
        }
        const answer = () => {
          const elapsed = Date.now() - job.startedAt
          const caching: Record<string, string> =
            job.maxAge === undefined
              ? { 'cache-control': 'no-store' }
              : { 'cache-control': `max-age=${job.maxAge}` }
          if (job.canceled) send(200, { status: 'canceled' }, caching)
          else if (elapsed >= job.durationMs)
            send(200, { status: 'succeeded', result: appResult }, caching)
          else
            send(
              200,
              { status: 'running', percentComplete: Math.floor((elapsed / job.durationMs) * 100) },
              caching,
            )
        }
        if (server.statusDelayMs > 0) setTimeout(answer, server.statusDelayMs)
        else answer()
      })
    }

  const listen = (http: Server, host: string) =>
    new Promise<string>((resolve, reject) => {
      http.once('error', reject)
      http.listen(0, host, () => resolve(`http://${host}:${(http.address() as AddressInfo).port}`))
    })
  const pageHttp = createServer(handle('page'))
  const remoteHttp = createServer(handle('remote'))
  pageUrl = await listen(pageHttp, '127.0.0.1')
  remoteUrl = await listen(remoteHttp, '127.0.0.2')
  const close = (http: Server) =>
    new Promise<void>((resolve) => {
      http.closeAllConnections()
      http.close(() => resolve())
    })

  const server: AppServer = {
    url: pageUrl,
    remoteUrl,
    requests,
    statusDelayMs: 0,
    close: async () => {
      await Promise.all([close(pageHttp), close(remoteHttp)])
    },
  }
  return server
}
