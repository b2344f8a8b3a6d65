import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The benchmarks' status server: node:http on 127.0.0.1, small JSON answers, no framework in the
 * way. It runs in its own process (see `child-server.ts`) so its CPU and heap never count against
 * the client measured.
 *
 * Routes (every one takes `?delay=ms`: the answer is sent that long after the request arrived):
 * - `GET /status`: `{"status":"running"}`, for the bare fetch and ky loops.
 * - `POST /jobs?polls=N&retryAfter=S`: `202` with `Location: /jobs/ID`; the job answers
 *   `{"status":"running"}` (with `Retry-After: S` when given) N-1 times, then
 *   `{"status":"succeeded","result":{"ok":true}}`.
 * - `POST /azure/jobs?polls=N&retryAfter=S`: the same job as an Azure status monitor
 *   (`Operation-Location`, `Running` / `Succeeded`).
 *
 * A second server on its own port (`control`) serves the harness: `GET /stats`, `POST /reset`,
 * `POST /close-idle`; its connections are not counted.
 */
export interface ServerStats {
  /** Requests answered since the last reset, the harness's own excluded. */
  requests: number
  /** Connections accepted since the last reset. */
  connections: number
  /** Connections open right now. */
  open: number
  /** The most connections open at once since the last reset. */
  peakOpen: number
  /** Jobs submitted and not yet done. */
  pendingJobs: number
  /** Status requests answered since the last reset. */
  polls: number
}

interface Job {
  readonly polls: number
  readonly delayMs: number
  readonly retryAfter: string | undefined
  readonly azure: boolean
  seen: number
}

const running = '{"status":"running"}'
const azureRunning = '{"status":"Running"}'
const succeeded = '{"status":"succeeded","result":{"ok":true}}'
const azureSucceeded = '{"status":"Succeeded","result":{"ok":true}}'

export function createBenchServer(): { server: Server; control: Server } {
  const jobs = new Map<string, Job>()
  let nextId = 1
  let open = 0
  const stats: ServerStats = {
    requests: 0,
    connections: 0,
    open: 0,
    peakOpen: 0,
    pendingJobs: 0,
    polls: 0,
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    stats.requests += 1
    const delayMs = Number(url.searchParams.get('delay') ?? 0)
    const answer = () => route(request, response, url, delayMs)
    if (delayMs > 0) {
      const timer = setTimeout(answer, delayMs)
      response.on('close', () => clearTimeout(timer))
    } else answer()
  })
  server.keepAliveTimeout = 5_000

  server.on('connection', (socket) => {
    open += 1
    stats.connections += 1
    stats.peakOpen = Math.max(stats.peakOpen, open)
    socket.on('close', () => {
      open -= 1
    })
  })

  function route(request: IncomingMessage, response: ServerResponse, url: URL, delayMs: number) {
    const { pathname, searchParams } = url
    if (request.method === 'GET' && pathname === '/status') {
      json(response, 200, running)
      return
    }
    if (request.method === 'POST' && (pathname === '/jobs' || pathname === '/azure/jobs')) {
      const azure = pathname === '/azure/jobs'
      const id = String(nextId++)
      jobs.set(id, {
        polls: Math.max(1, Number(searchParams.get('polls') ?? 1)),
        delayMs,
        retryAfter: searchParams.get('retryAfter') ?? undefined,
        azure,
        seen: 0,
      })
      const location = `${pathname}/${id}${delayMs > 0 ? `?delay=${delayMs}` : ''}`
      // The submit's body is drained (there is none) before answering.
      request.resume()
      json(response, 202, azure ? azureRunning : '{"status":"queued"}', {
        [azure ? 'operation-location' : 'location']: location,
      })
      return
    }
    const match = /^\/(?:azure\/)?jobs\/(\d+)$/.exec(pathname)
    const job = match?.[1] === undefined ? undefined : jobs.get(match[1])
    if (request.method === 'GET' && match && job) {
      stats.polls += 1
      job.seen += 1
      if (job.seen >= job.polls) {
        jobs.delete(match[1] as string)
        json(response, 200, job.azure ? azureSucceeded : succeeded)
        return
      }
      json(
        response,
        200,
        job.azure ? azureRunning : running,
        job.retryAfter === undefined ? {} : { 'retry-after': job.retryAfter },
      )
      return
    }
    json(response, 404, '{"error":"not found"}')
  }

  const control = createServer((request, response) => {
    if (request.url === '/reset') {
      Object.assign(stats, { requests: 0, connections: 0, peakOpen: open, polls: 0 })
    } else if (request.url === '/close-idle') {
      server.closeIdleConnections()
    }
    json(response, 200, JSON.stringify({ ...stats, open, pendingJobs: jobs.size }))
  })

  return { server, control }
}

/** Answers `status` with a JSON `body` and its length, and `headers` on top. */
export function json(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  })
  response.end(body)
}

/** Listens on a free port of 127.0.0.1, with a deep accept queue for bursts of connections. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: 65_535 }, resolve),
  )
  const { port } = server.address() as AddressInfo
  return `http://127.0.0.1:${port}`
}
