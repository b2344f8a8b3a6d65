import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse, type RequestHandler } from 'msw'

export interface RunningServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string
  close(): Promise<void>
}

/**
 * Serves msw handlers on a real loopback socket, so the same reference server answers the demo and
 * the real-socket tests. Listens on a free port of 127.0.0.1 only.
 */
export async function startHttpServer(handlers: RequestHandler[]): Promise<RunningServer> {
  const server = createServer((incoming, outgoing) => {
    answer(handlers, incoming, outgoing).catch((error: unknown) => {
      outgoing.writeHead(500, { 'content-type': 'text/plain' })
      outgoing.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
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
  const response =
    (await getResponse(handlers, request)) ?? new Response('Not found', { status: 404 })
  outgoing.writeHead(response.status, Object.fromEntries(response.headers))
  outgoing.end(Buffer.from(await response.arrayBuffer()))
}
