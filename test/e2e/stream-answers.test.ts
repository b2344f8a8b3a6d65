import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient, ProtocolError } from '../../src/index.js'
import { within } from '../support/real-time.js'

// Over a real loopback socket and Node's own fetch: a result link that streams Server-Sent Events
// forever is refused at once, and its connection is closed rather than held open. (A status
// location that streams is read as a status stream: test/e2e/push.test.ts.)

let server: Server
let url: string
/** Settles when the server sees the connection of the event stream closed. */
let streamClosed: Promise<void>
let events = 0

beforeEach(async () => {
  events = 0
  let closed: () => void = () => {}
  streamClosed = new Promise((resolve) => {
    closed = resolve
  })
  server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/jobs') {
      response.writeHead(202, { location: '/jobs/7' }).end()
      return
    }
    if (request.url === '/jobs/7') {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"status":"succeeded","resultUrl":"/files/7"}')
      return
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    const timer = setInterval(() => {
      events += 1
      response.write(`event: status\ndata: {"status":"running","n":${events}}\n\n`)
    }, 20)
    request.socket.once('close', () => {
      clearInterval(timer)
      closed()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
)

describe('a result link that streams Server-Sent Events forever', () => {
  it('is a ProtocolError within a second, and its socket is closed', async () => {
    const api = createClient({
      baseUrl: url,
      backoff: { initialDelayMs: 50, factor: 1, maxDelayMs: 50, jitter: 'none' },
    })
    const op = await api.start('/jobs', { json: {} })
    const started = performance.now()
    const error = await within(
      op.wait().catch((reason: unknown) => reason),
      1000,
      'still waiting after 1 s',
    )
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toContain('text/event-stream')
    expect((error as ProtocolError).url).toBe(`${url}/files/7`)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(await within(streamClosed, 1000, 'socket still open after 1 s')).toBeUndefined()
  })
})
