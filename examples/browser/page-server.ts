import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { HttpResponse, http, type RequestHandler } from 'msw'
import { type RunningServer, startHttpServer } from '../../mocks/http-server.js'
import { remoteJobRoutes } from '../../mocks/routes/remote-jobs.js'
import { createTaskServer, type JobSpec, type TaskServer } from '../../mocks/task-server.js'
import { bundlePage } from './bundle-page.js'

/**
 * The example page and the reference task server behind it, on loopback sockets: one server
 * answers `/` (index.html), `/main.js` (main.ts and pollwise from src/, bundled by esbuild when
 * the server starts) and the task routes; a second one, on another port, is the "remote" origin
 * that `POST /remote-jobs` hands status URLs out on. Both speak CORS.
 *
 * The page's own files are served before the request log, so `tasks.requests` holds only what
 * the page's pollwise client sent.
 */

export interface PageServer {
  /** The page's origin, `http://127.0.0.1:PORT`; open `${url}/`. */
  readonly url: string
  /** The task server of the page's origin: its request log and fault injection. */
  readonly tasks: TaskServer
  /** The second origin, where `POST /remote-jobs` puts the job and its status resource. */
  readonly remote: { readonly url: string; readonly tasks: TaskServer }
  close(): Promise<void>
}

export interface PageServerOptions {
  /** The page's port. @default 0 (a free port) */
  port?: number
  /** Job defaults for both task servers (the page sends its own duration and steps). */
  jobs?: Partial<JobSpec>
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

export async function startPageServer(options: PageServerOptions = {}): Promise<PageServer> {
  const [html, bundle] = await Promise.all([
    readFile(here('./index.html'), 'utf8'),
    bundlePage(new URL('./main.ts', import.meta.url)),
  ])

  const remoteTasks = createTaskServer(options.jobs)
  const remote = await startHttpServer(remoteTasks.handlers, { cors: true })
  let page: RunningServer | undefined
  try {
    const tasks = createTaskServer(options.jobs)
    page = await startHttpServer(
      [
        ...pageRoutes(html, bundle),
        ...tasks.handlers,
        ...remoteJobRoutes({ url: remote.url, handlers: remoteTasks.handlers }),
      ],
      { cors: true, ...(options.port === undefined ? {} : { port: options.port }) },
    )
    const opened = page
    return {
      url: opened.url,
      tasks,
      remote: { url: remote.url, tasks: remoteTasks },
      close: async () => {
        await Promise.all([opened.close(), remote.close()])
      },
    }
  } catch (error) {
    await Promise.all([page?.close(), remote.close()])
    throw error
  }
}

/** `GET /` and `GET /main.js`; anything else falls through to the task routes. */
function pageRoutes(html: string, bundle: string): RequestHandler[] {
  return [
    http.get('*', ({ request }) => {
      const { pathname } = new URL(request.url)
      if (pathname === '/' || pathname === '/index.html') {
        return new HttpResponse(html, {
          headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
        })
      }
      if (pathname === '/main.js') {
        return new HttpResponse(bundle, {
          headers: {
            'content-type': 'text/javascript; charset=utf-8',
            'cache-control': 'no-store',
          },
        })
      }
      return undefined
    }),
  ]
}
