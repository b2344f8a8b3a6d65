import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse, type RequestHandler } from 'msw'

export interface HttpServerOptions {
  /** The port on 127.0.0.1. @default 0 (a free port) */
  port?: number
  /**
   * Answers cross-origin requests, as an API that a page of another origin calls: every response
   * carries `Access-Control-Allow-Origin` (the request's origin) and exposes the headers pollwise
   * reads (`Location`, `Retry-After`, `Operation-Location`, `Azure-AsyncOperation`...); a preflight
   * (`OPTIONS` with `Access-Control-Request-Method`) that no handler answers gets `204` allowing the
   * methods and the request headers it asked for. Handlers still see (and the request log records)
   * every preflight. @default false
   */
  cors?: boolean
}

/** The headers a page may read from a cross-origin answer, when the server speaks CORS. */
export const exposedHeaders = [
  'location',
  'retry-after',
  'retry-after-ms',
  'x-ms-retry-after-ms',
  'operation-location',
  'azure-asyncoperation',
]

export interface RunningServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string
  close(): Promise<void>
}

/**
 * Serves msw handlers on a real loopback socket, so the same reference server answers the demo and
 * the real-socket tests. Listens on 127.0.0.1 only, on a free port unless `options.port` names one.
 */
export async function startHttpServer(
  handlers: RequestHandler[],
  options: HttpServerOptions = {},
): Promise<RunningServer> {
  const server = createServer((incoming, outgoing) => {
    answer(handlers, incoming, outgoing, options.cors === true).catch((error: unknown) => {
      outgoing.writeHead(500, { 'content-type': 'text/plain' })
      outgoing.end(String(error))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

async function answer(
  handlers: RequestHandler[],
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  cors: boolean,
): Promise<void> {
  const chunks: Buffer[] = []
  for await (const chunk of incoming) chunks.push(chunk as Buffer)
  const host = incoming.headers.host ?? '127.0.0.1'
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const method = incoming.method ?? 'GET'
  // A handler that waits (latency, a request that never answers) stops when the client goes away.
  const gone = new AbortController()
  outgoing.on('close', () => gone.abort())
  const request = new Request(`http://${host}${incoming.url ?? '/'}`, {
    method,
    headers,
    signal: gone.signal,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  })
  const preflight = cors && method === 'OPTIONS' && headers.has('access-control-request-method')
  const response =
    (await getResponse(handlers, request)) ??
    (preflight
      ? new Response(null, { status: 204, headers: preflightHeaders(headers) })
      : new Response('Not found', { status: 404 }))
  const answerHeaders = Object.fromEntries(response.headers)
  if (cors) Object.assign(answerHeaders, corsHeaders(headers))
  outgoing.writeHead(response.status, answerHeaders)
  outgoing.end(Buffer.from(await response.arrayBuffer()))
}

/** On every answer of a CORS server: who may read it, and which headers it may read. */
function corsHeaders(request: Headers): Record<string, string> {
  return {
    'access-control-allow-origin': request.get('origin') ?? '*',
    'access-control-expose-headers': exposedHeaders.join(', '),
    vary: 'Origin',
  }
}

/** A preflight's answer: the methods a page may use, and the request headers it asked for. */
function preflightHeaders(request: Headers): Record<string, string> {
  return {
    'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
    'access-control-allow-headers':
      request.get('access-control-request-headers') ?? 'authorization, content-type',
    'access-control-max-age': '600',
  }
}
