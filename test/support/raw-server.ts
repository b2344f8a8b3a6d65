import { createServer, type Server, type Socket } from 'node:net'

/** A request as the raw server read it: its head only (these tests send no bodies but JSON). */
export interface RawRequest {
  readonly method: string
  readonly path: string
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  /** When its head arrived (`performance.now()`). */
  readonly at: number
}

/** What a route does with a request: writes bytes to the socket as it likes, or nothing at all. */
export type RawRoute = (socket: Socket, request: RawRequest) => void

/**
 * A server on a bare TCP socket, so that a test controls every byte: the status line, the
 * framing, where a chunk is cut, whether the socket is reset or left half-open. It keeps one
 * request per connection (each route closes or ends its socket), counts the sockets open, and can
 * stop listening and listen again on the same port, as a crashed server that restarts.
 */
export interface RawServer {
  readonly url: string
  readonly port: number
  readonly host: string
  readonly seen: RawRequest[]
  /** Routes by `METHOD /path`; a request with none is answered 404. */
  readonly routes: Map<string, RawRoute>
  /**
   * Sockets open now that carried a request. (A connection Node's fetch opens ahead and leaves
   * idle, as it may after an aborted body, is its pool's and is not counted.)
   */
  readonly open: number
  /** Resolves once no socket that carried a request is open. */
  drained(): Promise<void>
  /** Crashes: every socket reset, and the port refuses connections until `restart()`. */
  crash(): Promise<void>
  restart(): Promise<void>
  close(): Promise<void>
}

export async function startRawServer(host = '127.0.0.1', port = 0): Promise<RawServer> {
  /** Every socket, for a crash; those that carried a request, for `open`. */
  const sockets = new Set<Socket>()
  const used = new Set<Socket>()
  const seen: RawRequest[] = []
  const routes = new Map<string, RawRoute>()
  let waiters: (() => void)[] = []
  const onConnection = (socket: Socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => {
      sockets.delete(socket)
      used.delete(socket)
      if (used.size === 0) for (const waiter of waiters.splice(0)) waiter()
    })
    let head = ''
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) return
      socket.off('data', onData)
      const [line = '', ...fields] = head.slice(0, end).split('\r\n')
      const [method = '', path = ''] = line.split(' ')
      const headers: Record<string, string> = {}
      for (const field of fields) {
        const colon = field.indexOf(':')
        headers[field.slice(0, colon).toLowerCase()] = field.slice(colon + 1).trim()
      }
      const request = { method, path, headers, at: performance.now() }

      seen.push(request)
      used.add(socket)
      const route = routes.get(`${method} ${path}`)
      if (route) route(socket, request)
      else socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')
    }
    socket.on('data', onData)
  }
  let server: Server = createServer(onConnection)
  const listen = (at: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(at, host, () => {
        const address = server.address()
        resolve(typeof address === 'object' && address ? address.port : at)
      })
    })
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.resetAndDestroy()
      server.close(() => resolve())
    })
  const bound = await listen(port)
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    host,
    seen,
    routes,
    get open() {
      return used.size
    },
    drained: () =>
      used.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)),
    crash: stop,
    async restart() {
      server = createServer(onConnection)
      await listen(bound)
    },
    async close() {
      waiters = []
      if (server.listening) await stop()
    },
  }
}

/** The head of an answer, closed after its body (`connection: close`). */
export function head(status: string, headers: Record<string, string | number> = {}): string {
  const lines = Object.entries({ connection: 'close', ...headers }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  )
  return `HTTP/1.1 ${status}\r\n${lines.join('')}\r\n`
}

/** A whole JSON answer, then the socket ended. */
export function sendJson(socket: Socket, status: string, body: unknown, headers = {}): void {
  const text = JSON.stringify(body)
  socket.end(
    head(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    }) + text,
  )
}

/** One chunk of a chunked body. */
export function chunk(bytes: string | Uint8Array): Buffer {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)
  return Buffer.concat([
    Buffer.from(`${buffer.length.toString(16)}\r\n`),
    buffer,
    Buffer.from('\r\n'),
  ])
}

/** The end of a chunked body. */
export const lastChunk = '0\r\n\r\n'
