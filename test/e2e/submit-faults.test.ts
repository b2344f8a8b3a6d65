import type { Socket } from 'node:net'
import { beforeEach, describe, expect, it } from 'vitest'
import { HTTPError, NetworkError, PollTimeoutError, TimeoutError } from '../../src/index.js'
import { head, type RawServer, sendJson } from '../support/raw-server.js'
import { rawServerPerTest } from '../support/raw-server-per-test.js'

// A submit meets a fault after the server received it, over real loopback sockets written byte by
// byte: the server may have started the work, and a POST without an idempotency key is never
// sent again. What pollwise can still learn from the answer, it keeps: a 202's headers, whatever
// befell its body, at the submit and at the status location.

const servers = rawServerPerTest()
const client = servers.client
let api: RawServer

beforeEach(() => {
  api = servers.api
  api.routes.set('GET /jobs/1', (socket) =>
    sendJson(socket, '200 OK', { status: 'succeeded', result: { rows: 3 } }),
  )
})

/** A submit's answer whose head arrives whole, and its body only in part: 50 bytes promised. */
function acceptedInPart(socket: Socket, headers: Record<string, string> = {}): void {
  socket.write(
    head('202 Accepted', { 'content-type': 'application/json', 'content-length': 50, ...headers }),
  )
  socket.write('{"status":"que')
}

const posts = () => api.seen.filter((request) => request.method === 'POST').length

describe('a 202 whose headers name the status location, and whose body does not arrive whole', () => {
  it('follows the status location after a reset mid-body: the result, one submit', async () => {
    api.routes.set('POST /jobs', (socket) => {
      acceptedInPart(socket, { location: '/jobs/1' })
      setTimeout(() => socket.resetAndDestroy(), 10)
    })
    expect(await client().run('/jobs', { json: {} })).toEqual({ rows: 3 })
    expect(posts()).toBe(1)
  })

  it('follows it after the connection closes short of the Content-Length', async () => {
    api.routes.set('POST /jobs', (socket) => {
      acceptedInPart(socket, { 'operation-location': '/jobs/1' })
      socket.end()
    })
    const op = await client().start('/jobs', { json: {} })
    expect(op.statusUrl).toBe(`${api.url}/jobs/1`)
    expect(await op.wait()).toEqual({ rows: 3 })
    expect(posts()).toBe(1)
  })

  it('follows it once the body stalls for requestTimeoutMs, and closes that socket', async () => {
    api.routes.set('POST /jobs', (socket) => acceptedInPart(socket, { location: '/jobs/1' }))
    const started = performance.now()
    const op = await client({ requestTimeoutMs: 300 }).start('/jobs', { json: {} })
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(await op.wait()).toEqual({ rows: 3 })
    expect(posts()).toBe(1)
  })

  it.each([
    ['not JSON though labelled so', '{"status": queued'],
    ['over maxBodyBytes', `{"log":"${'x'.repeat(70_000)}"}`],
  ])('follows it when the body is %s: the result, one submit', async (_, text) => {
    api.routes.set('POST /jobs', (socket) =>
      socket.end(
        head('202 Accepted', {
          location: '/jobs/1',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        }) + text,
      ),
    )
    expect(await client({ maxBodyBytes: 65_536 }).run('/jobs', { json: {} })).toEqual({ rows: 3 })
    expect(posts()).toBe(1)
  })

  it('rejects with the abort reason when the caller aborts while the body stalls', async () => {
    api.routes.set('POST /jobs', (socket) => acceptedInPart(socket, { location: '/jobs/1' }))
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('stop')), 50)
    await expect(client().start('/jobs', { json: {}, signal: controller.signal })).rejects.toThrow(
      'stop',
    )
    expect(api.seen.filter((request) => request.method === 'GET')).toHaveLength(0)
  })

  it('still fails with the NetworkError when no header names a status location', async () => {
    api.routes.set('POST /jobs', (socket) => {
      acceptedInPart(socket)
      setTimeout(() => socket.resetAndDestroy(), 10)
    })
    await expect(client().start('/jobs', { json: {} })).rejects.toBeInstanceOf(NetworkError)
    expect(posts()).toBe(1)
  })
})

describe('a POST without an idempotency key that fails where the server may have received it', () => {
  const maybeStarted =
    /; the POST was not sent again: the server may have started the operation \(`idempotencyKey` makes a submit safe to retry\)$/

  it('says so in the NetworkError of a reset after the request arrived, sent once', async () => {
    api.routes.set('POST /jobs', (socket) => setTimeout(() => socket.resetAndDestroy(), 10))
    const error = await client()
      .start('/jobs', { json: {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as Error).message).toMatch(maybeStarted)
    expect(posts()).toBe(1)
  })

  it('says so in the TimeoutError of a submit never answered, sent once', async () => {
    api.routes.set('POST /jobs', () => {})
    const error = await client({ requestTimeoutMs: 200 })
      .start('/jobs', { json: {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toMatch(maybeStarted)
    expect(posts()).toBe(1)
  })

  it('says so in the PollTimeoutError of a submit that timeoutMs cut before its answer, sent once', async () => {
    api.routes.set('POST /jobs', () => {})
    const started = performance.now()
    const error = await client({ timeoutMs: 300, requestTimeoutMs: 1000 })
      .start('/jobs', { json: {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect((error as Error).message).toMatch(maybeStarted)
    expect(performance.now() - started).toBeLessThan(900)
    expect(posts()).toBe(1)
  })

  it('does not say so of a submit that timeoutMs ended in its wait for a connection slot, never sent', async () => {
    api.routes.set('GET /jobs/9', () => {})
    api.routes.set('POST /jobs', () => {})
    const busy = client({ maxConcurrentPolls: 1, timeoutMs: 300, requestTimeoutMs: 2000 })
    // A status read that holds the one slot past the submit's deadline (its own ends a second later).
    const held = busy
      .follow('/jobs/9', { startedAt: Date.now() + 1000 })
      .wait()
      .catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const error = await busy.start('/jobs', { json: {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect((error as Error).message).not.toContain('may have started')
    expect(posts()).toBe(0)
    expect(await held).toBeInstanceOf(PollTimeoutError)
  })

  it.each([
    '500 Internal Server Error',
    '502 Bad Gateway',
    '504 Gateway Timeout',
    '524 A Timeout Occurred',
  ])(
    'says so in the HTTPError of a %s, which comes once a server got the request, sent once',
    async (status) => {
      // A load balancer's idle timeout: the handler behind it goes on with the work.
      api.routes.set('POST /jobs', (socket) =>
        socket.end(head(status, { 'content-type': 'text/html', 'content-length': 0 })),
      )
      const error = await client({ retries: 2 })
        .start('/jobs', { json: {} })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(Number(status.slice(0, 3)))
      expect((error as Error).message).toMatch(maybeStarted)
      expect(posts()).toBe(1)
    },
  )

  it.each(['503 Service Unavailable', '400 Bad Request', '429 Too Many Requests'])(
    'does not say so of a %s, which says the request was not handled',
    async (status) => {
      api.routes.set('POST /jobs', (socket) => socket.end(head(status, { 'content-length': 0 })))
      const error = await client()
        .start('/jobs', { json: {} })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as Error).message).not.toContain('may have started')
      expect(posts()).toBe(1)
    },
  )

  it('does not say so of a connection refused, which carried nothing: one try, as for any POST', async () => {
    await api.crash()
    const error = await client({ retries: 2 })
      .start('/jobs', { json: {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ attempts: 1 })
    expect((error as Error).message).toContain('ECONNREFUSED')
    expect((error as Error).message).not.toContain('may have started')
  })

  it('retries with the same Idempotency-Key when one is given: the result, two POSTs', async () => {
    let tries = 0
    api.routes.set('POST /jobs', (socket) => {
      tries += 1
      if (tries === 1) setTimeout(() => socket.resetAndDestroy(), 10)
      else socket.end(head('202 Accepted', { location: '/jobs/1', 'content-length': 0 }))
    })
    const result = await client().run('/jobs', { json: {}, idempotencyKey: 'order-42' })
    expect(result).toEqual({ rows: 3 })
    const keys = api.seen
      .filter((request) => request.method === 'POST')
      .map((request) => request.headers['idempotency-key'])
    expect(keys).toEqual(['order-42', 'order-42'])
  })
})
