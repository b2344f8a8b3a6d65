import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** Header values as `node:http` takes them: an array sends one header line per value. */
export type AnswerHeaders = Readonly<Record<string, string | number | readonly string[]>>

interface Head {
  /** Defaults to 200. */
  readonly status?: number
  readonly headers?: AnswerHeaders
  /** Wait this long after the request (its body included) arrived before sending anything. */
  readonly delayMs?: number
}

/** How a request is answered. Every kind but `raw` and `hang` sends a status line and headers. */
export type Answer =
  /** A normal answer with a JSON body (`content-type: application/json` unless given). */
  | (Head & { readonly kind: 'json'; readonly body: unknown })
  /** A normal answer with the body as given (none by default). */
  | (Head & { readonly kind: 'plain'; readonly body?: string | Uint8Array })
  /**
   * Declares the whole body's length, sends its first `sentBytes` bytes, waits `pauseMs` (default
   * 20, so the client has read them), then ends the socket: with a TCP reset (`'reset'`) or a clean
   * close (`'close'`).
   */
  | (Head & {
      readonly kind: 'cut'
      readonly body: string | Uint8Array
      readonly sentBytes: number
      readonly end: 'reset' | 'close'
      readonly pauseMs?: number
    })
  /**
   * Declares `contentLength` bytes (more than the body has), sends the body, then stays silent with
   * the socket open: the client waits for bytes that never come.
   */
  | (Head & {
      readonly kind: 'short-body'
      readonly body: string | Uint8Array
      readonly contentLength: number
    })
  /**
   * Sends the head at once, then `bytesPerTick` bytes of the body every `tickMs`, the first after
   * one tick. The Content-Length is the body's.
   */
  | (Head & {
      readonly kind: 'trickle'
      readonly body: string | Uint8Array
      readonly bytesPerTick: number
      readonly tickMs: number
    })
  /**
   * A chunked body that never ends: `chunk` (default 1 KiB of `x`) every `tickMs`, or as fast as
   * the client reads when `tickMs` is not given. It stops when the socket closes.
   */
  | (Head & {
      readonly kind: 'endless'
      readonly chunk?: string | Uint8Array
      readonly tickMs?: number
    })
  /**
   * A body of `bytes` bytes (`fill` repeated, default `x`), sent as fast as the client reads, with
   * a Content-Length unless `chunked`.
   */
  | (Head & {
      readonly kind: 'huge'
      readonly bytes: number
      readonly fill?: string
      readonly chunked?: boolean
    })
  /**
   * `data` written to the socket exactly as given (a string as UTF-8), bypassing `node:http`: for
   * bad status lines, duplicate headers and the like. Then the socket is closed cleanly (`'close'`,
   * the default), reset (`'reset'`), or left open (`'hang'`; nothing more is answered on it). With
   * `pauseMs`, a close or reset waits that long after the data is written: a whole answer, then a
   * connection reset while the client holds it idle.
   */
  | {
      readonly kind: 'raw'
      readonly data: string | Uint8Array
      readonly end?: 'close' | 'reset' | 'hang'
      readonly delayMs?: number
      readonly pauseMs?: number
    }
  /** Never answers; the socket stays open until the client gives up or the server closes. */
  | { readonly kind: 'hang' }

export interface RecordedRequest {
  /** `Date.now()` when the request's head arrived. */
  readonly at: number
  readonly method: string
  /** The full URL, query included. */
  readonly url: string
  /** The path, without the query: scripts are chosen by it. */
  readonly path: string
  /** Lowercase names; a header sent more than once has its values joined with `", "`. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** The {@link SocketRecord.id} of the socket it came on. */
  readonly socket: number
}

export interface SocketRecord {
  /** 1 for the server's first socket, then 2, 3... */
  readonly id: number
  /** The client's port: the socket as the client's side knows it. */
  readonly remotePort: number
  /** `Date.now()` when the client connected. */
  readonly openedAt: number
  /** `Date.now()` when the socket closed, by either side; `undefined` while it is open. */
  readonly closedAt: number | undefined
}

export interface StartFaultServerOptions {
  /**
   * The loopback address to listen on: any of 127.0.0.0/8 works on Linux, so `'127.0.0.2'` gives
   * a second origin beside `'127.0.0.1'`.
   * @default '127.0.0.1'
   */
  readonly host?: string
  /** @default 0, a free port */
  readonly port?: number
}

export interface FaultServer {
  /** `http://HOST:PORT`, without a trailing slash. */
  readonly url: string
  /**
   * Sets the answers to successive requests for `path` (matched without the query, any method):
   * the first request gets the first answer, and so on; the last answer repeats. Replaces any
   * earlier script for the path. A path without a script answers 404.
   */
  script(path: string, answers: readonly Answer[]): void
  /** Every request seen, in order of arrival. */
  readonly requests: readonly RecordedRequest[]
  /** Every socket accepted, open or closed, in order of connection. */
  readonly sockets: readonly SocketRecord[]
  /** The sockets open now. */
  openSockets(): SocketRecord[]
  /** Resolves once the socket with this id has closed (at once if it has). */
  untilClosed(socket: number): Promise<void>
  /** Destroys every socket, cancels every pending write and stops listening. Safe to call twice. */
  close(): Promise<void>
}

interface SocketState {
  record: { -readonly [K in keyof SocketRecord]: SocketRecord[K] }
  readonly socket: Socket
  readonly timers: Set<NodeJS.Timeout>
  readonly closed: Promise<void>
}

/**
 * Starts a loopback HTTP server that answers each request as a script says, faults included:
 * bodies cut by a reset or a clean close, a Content-Length the body never reaches, trickled,
 * endless and huge bodies, raw bytes written to the socket as given, and requests never answered.
 * It records every request and every socket, so a test can see what the client sent and that it
 * closed its socket.
 *
 * Built on `node:http` alone and driven by real timers: do not fake timers while it serves. It
 * listens on a free port of a loopback address; call `close()` after each test.
 *
 * @example
 * const faults = await startFaultServer()
 * faults.script('/status/1', [
 *   { kind: 'json', status: 202, headers: { location: '/status/1' }, body: { status: 'running' } },
 *   { kind: 'cut', body: '{"status":"succeeded"}', sentBytes: 5, end: 'reset' },
 *   { kind: 'json', body: { status: 'succeeded' } },
 * ])
 * await fetch(`${faults.url}/status/1`) // 202; the next request's body is cut; then 200 forever
 * faults.requests.length // 1
 * await faults.close()
 */
export async function startFaultServer(
  options: StartFaultServerOptions = {},
): Promise<FaultServer> {
  const host = options.host ?? '127.0.0.1'
  const scripts = new Map<string, { answers: readonly Answer[]; served: number }>()
  const requests: RecordedRequest[] = []
  const sockets: SocketRecord[] = []
  const states = new Map<Socket, SocketState>()
  let closing: Promise<void> | undefined
  let origin = '' // known once listening, before any request

  const server = createServer((incoming, outgoing) => {
    const state = states.get(incoming.socket)
    if (state) handle(incoming, outgoing, state).catch(() => incoming.socket.destroy())
    else incoming.socket.destroy()
  })
  // A client that resets its socket is an expected event here, not a failure.
  server.on('clientError', (_error, socket) => socket.destroy())

  server.on('connection', (socket: Socket) => {
    const record = {
      id: sockets.length + 1,
      remotePort: socket.remotePort ?? 0,
      openedAt: Date.now(),
      closedAt: undefined as number | undefined,
    }
    sockets.push(record)
    const timers = new Set<NodeJS.Timeout>()
    const closed = new Promise<void>((resolve) =>
      socket.once('close', () => {
        record.closedAt = Date.now()
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        states.delete(socket)
        resolve()
      }),
    )
    socket.on('error', () => {})
    states.set(socket, { record, socket, timers, closed })
  })

  async function handle(
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    state: SocketState,
  ): Promise<void> {
    const at = Date.now()
    const url = new URL(incoming.url ?? '/', origin)
    const chunks: Buffer[] = []
    for await (const chunk of incoming) chunks.push(chunk as Buffer)
    const headers: Record<string, string> = {}
    for (const [name, values] of Object.entries(incoming.headersDistinct)) {
      if (values !== undefined) headers[name] = values.join(', ')
    }
    requests.push({
      at,
      method: incoming.method ?? 'GET',
      url: url.href,
      path: url.pathname,
      headers,
      body: Buffer.concat(chunks).toString(),
      socket: state.record.id,
    })
    const answer = nextAnswer(url.pathname)
    outgoing.on('error', () => {})
    if (answer.kind === 'hang') return
    after(state, answer.delayMs ?? 0, () => send(answer, outgoing, state))
  }

  function nextAnswer(path: string): Answer {
    const entry = scripts.get(path)
    if (!entry) {
      return { kind: 'json', status: 404, body: { error: `No script for ${path}` } }
    }
    const answer = entry.answers[Math.min(entry.served, entry.answers.length - 1)]
    entry.served += 1
    // `script` refuses an empty list, so there is always an answer.
    return answer as Answer
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  return {
    url: origin,
    requests,
    sockets,
    script(path, answers) {
      if (answers.length === 0) {
        throw new TypeError(`The script for "${path}" needs at least one answer`)
      }
      for (const answer of answers) checkAnswer(answer)
      scripts.set(path, { answers: [...answers], served: 0 })
    },
    openSockets: () => sockets.filter((socket) => socket.closedAt === undefined),
    async untilClosed(id) {
      const state = [...states.values()].find((candidate) => candidate.record.id === id)
      if (state) await state.closed
      else if (!sockets.some((socket) => socket.id === id)) {
        throw new RangeError(`No socket ${id}: the server has seen ${sockets.length}`)
      }
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve, reject) =>
          server.close((error) => (error ? reject(error) : resolve())),
        )
        const open = [...states.values()]
        for (const { socket } of open) socket.destroy()
        await Promise.all([stopped, ...open.map((state) => state.closed)])
      })()
      return closing
    },
  }
}

function checkAnswer(answer: Answer): void {
  if (answer.kind === 'cut' && answer.sentBytes >= toBuffer(answer.body).length) {
    throw new RangeError(`A cut must send less than the whole body, not ${answer.sentBytes} bytes`)
  }
  if (answer.kind === 'short-body' && answer.contentLength <= toBuffer(answer.body).length) {
    throw new RangeError(`A short body needs a Content-Length above the body's length`)
  }
  if (answer.kind === 'trickle' && (answer.bytesPerTick < 1 || answer.tickMs < 0)) {
    throw new RangeError('A trickle needs at least 1 byte per tick and a tick of 0 ms or more')
  }
  if (answer.kind === 'huge' && (answer.fill ?? 'x').length === 0) {
    throw new RangeError('A huge body needs a non-empty fill')
  }
}

/** Runs `action` after `ms` unless the socket closes first. */
function after(state: SocketState, ms: number, action: () => void): void {
  if (state.socket.destroyed) return
  const timer = setTimeout(() => {
    state.timers.delete(timer)
    if (!state.socket.destroyed) action()
  }, ms)
  state.timers.add(timer)
}

function send(answer: Exclude<Answer, { kind: 'hang' }>, out: ServerResponse, state: SocketState) {
  const { socket } = state
  switch (answer.kind) {
    case 'json': {
      const body = Buffer.from(JSON.stringify(answer.body) ?? 'null')
      writeHead(out, answer, { 'content-type': 'application/json', 'content-length': body.length })
      out.end(body)
      return
    }
    case 'plain': {
      const body = toBuffer(answer.body ?? '')
      writeHead(out, answer, { 'content-length': body.length })
      out.end(body)
      return
    }
    case 'cut': {
      const body = toBuffer(answer.body)
      writeHead(out, answer, { 'content-length': body.length })
      out.flushHeaders()
      out.write(body.subarray(0, answer.sentBytes), () =>
        after(state, answer.pauseMs ?? 20, () =>
          answer.end === 'reset' ? socket.resetAndDestroy() : socket.end(),
        ),
      )
      return
    }
    case 'short-body': {
      writeHead(out, answer, { 'content-length': answer.contentLength })
      out.write(toBuffer(answer.body))
      return
    }
    case 'trickle': {
      const body = toBuffer(answer.body)
      writeHead(out, answer, { 'content-length': body.length })
      out.flushHeaders()
      const tick = (offset: number) => {
        const next = offset + answer.bytesPerTick
        if (next >= body.length) out.end(body.subarray(offset))
        else {
          out.write(body.subarray(offset, next))
          after(state, answer.tickMs, () => tick(next))
        }
      }
      after(state, answer.tickMs, () => tick(0))
      return
    }
    case 'endless': {
      const chunk = toBuffer(answer.chunk ?? 'x'.repeat(1024))
      writeHead(out, answer, {})
      out.flushHeaders()
      const { tickMs } = answer
      if (tickMs === undefined) {
        pump(out, state, () => chunk)
        return
      }
      const tick = () => {
        out.write(chunk)
        after(state, tickMs, tick)
      }
      after(state, tickMs, tick)
      return
    }
    case 'huge': {
      const block = toBuffer(
        (answer.fill ?? 'x').repeat(Math.ceil(65_536 / (answer.fill ?? 'x').length)),
      )
      writeHead(out, answer, answer.chunked ? {} : { 'content-length': answer.bytes })
      let left = answer.bytes
      pump(out, state, () => {
        const piece = block.subarray(0, Math.min(block.length, left))
        left -= piece.length
        return left > 0 ? piece : { last: piece }
      })
      return
    }
    case 'raw': {
      const data = toBuffer(answer.data)
      const end = answer.end ?? 'close'
      const { pauseMs } = answer
      if (end === 'close' && pauseMs === undefined) socket.end(data)
      else if (end === 'hang') socket.write(data)
      else {
        const close = () => (end === 'reset' ? socket.resetAndDestroy() : socket.end())
        socket.write(data, () => (pauseMs === undefined ? close() : after(state, pauseMs, close)))
      }
      return
    }
  }
}

/**
 * Writes what `next` gives as fast as the client reads (waiting for `drain`), until it gives
 * `{ last }` or the socket closes.
 */
function pump(
  out: ServerResponse,
  state: SocketState,
  next: () => Buffer | { readonly last: Buffer },
): void {
  const write = () => {
    while (!state.socket.destroyed) {
      const piece = next()
      if (!Buffer.isBuffer(piece)) {
        out.end(piece.last)
        return
      }
      if (!out.write(piece)) {
        out.once('drain', write)
        return
      }
    }
  }
  write()
}

/** The answer's status and headers over the defaults; a header given in any case replaces one. */
function writeHead(
  out: ServerResponse,
  { status = 200, headers = {} }: Head,
  defaults: Record<string, string | number>,
): void {
  const given = new Set(Object.keys(headers).map((name) => name.toLowerCase()))
  const merged: Record<string, string | number | readonly string[]> = {}
  for (const [name, value] of Object.entries(defaults)) if (!given.has(name)) merged[name] = value
  // node:http does not change the arrays it is given; its types just do not say so.
  out.writeHead(status, { ...merged, ...headers } as Record<string, string | number | string[]>)
}

function toBuffer(data: string | Uint8Array): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)
}
