import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import * as z from 'zod'
import {
  createClient,
  HTTPError,
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  PollwiseError,
  ProtocolError,
  ResponseValidationError,
  TimeoutError,
} from '../../src/index.js'
import { rejection, settleWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks, server } = useTaskServer({ durationMs: 2000, steps: 0 })
const backoff = { initialDelayMs: 500, factor: 1.5, maxDelayMs: 5000, jitter: 'none' } as const
const api = () => createClient({ baseUrl, backoff })

useFakeTime()

describe('typed errors', () => {
  it('rejects with OperationFailedError carrying the last snapshot and the server detail', async () => {
    const error = rejection(
      await settleWithin(api().run('/jobs', { json: { job: { outcome: 'failed' } } }), 20_000),
    )
    expect(error).toBeInstanceOf(OperationFailedError)
    expect(error).toBeInstanceOf(PollwiseError)
    const failed = error as OperationFailedError
    expect(failed.detail).toEqual({ code: 'JobFailed', message: 'job 1 failed' })
    expect(failed.snapshot).toMatchObject({
      state: 'failed',
      httpStatus: 200,
      status: { status: 'failed' },
    })
    expect(failed.message).toBe(
      'Operation failed at https://api.example.com/jobs/1: job 1 failed [JobFailed]',
    )
  })

  it('rejects with OperationCanceledError when the server reports a cancel', async () => {
    const error = rejection(
      await settleWithin(api().run('/jobs', { json: { job: { outcome: 'canceled' } } }), 20_000),
    )
    expect(error).toBeInstanceOf(OperationCanceledError)
    expect((error as OperationCanceledError).snapshot.state).toBe('canceled')
  })

  it('rejects with PollTimeoutError at the deadline, not after the next sleep', async () => {
    const client = createClient({
      baseUrl,
      backoff: { ...backoff, initialDelayMs: 4000, factor: 1 },
      timeoutMs: 10_000,
    })
    const op = await client.start('/jobs', { json: { job: { durationMs: 60_000 } } })
    const waiting = op.wait()
    let settled = false
    waiting.catch(() => {}).finally(() => (settled = true))
    // Polls at 4 s and 8 s; the next would be at 12 s, past the deadline.
    await vi.advanceTimersByTimeAsync(9_999)
    expect(settled).toBe(false)
    expect(tasks().count('GET', '/jobs/1')).toBe(2)
    const error = rejection(await settleWithin(waiting, 1)) as PollTimeoutError
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(error.elapsedMs).toBe(10_000)
    expect(error.attempts).toBe(2)
    expect(error.snapshot).toMatchObject({ state: 'pending', attempt: 2 })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('rejects with ResponseValidationError when the result does not match its schema', async () => {
    const run = api().run('/jobs', {
      json: { job: { result: { rows: 'three' } } },
      result: z.object({ rows: z.number() }),
    })
    const error = rejection(await settleWithin(run, 20_000)) as ResponseValidationError
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect(error.url).toBe('https://api.example.com/jobs/1/result')
    expect(error.issues[0]?.path).toEqual(['rows'])
    expect(error.bodyExcerpt).toBe('{"rows":"three"}')
    expect(error.message).toMatch(
      /^Response from https:\/\/api.example.com\/jobs\/1\/result did not validate: rows: /,
    )
  })

  it('rejects with ResponseValidationError when a status body does not match its schema', async () => {
    const run = api().run('/jobs', { json: {}, status: z.object({ status: z.enum(['queued']) }) })
    const error = rejection(await settleWithin(run, 20_000)) as ResponseValidationError
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect(error.url).toBe('https://api.example.com/jobs/1')
    expect(tasks().count('GET', '/jobs/1')).toBe(1)
  })

  it('rejects with HTTPError at once for a permanent failure, without retrying', async () => {
    const op = await api().start('/jobs', { json: {} })
    const waiting = op.wait()
    await vi.advanceTimersByTimeAsync(600)
    tasks().failNext({ count: 1, status: 403, path: '/jobs/1' })
    const error = rejection(await settleWithin(waiting, 1000)) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.response.status).toBe(403)
    expect(error.request.url).toBe('https://api.example.com/jobs/1')
    expect(tasks().count('GET', '/jobs/1')).toBe(2)
  })

  it('waits through 404 and 409 from a status location that has not answered yet', async () => {
    tasks().failNext({ count: 2, status: 404, path: '/jobs/1' })
    tasks().failNext({ count: 1, status: 409, path: '/jobs/1' })
    const result = await settleWithin(api().run('/jobs', { json: {} }), 20_000)
    expect(result).toEqual({ status: 'fulfilled', value: { ok: true } })
    expect(tasks().count('GET', '/jobs/1')).toBeGreaterThan(3)
  })

  it.each([400, 401, 410])('fails fast on %i', async (status) => {
    tasks().failNext({ count: 1, status, path: '/jobs/1' })
    const error = rejection(await settleWithin(api().run('/jobs', { json: {} }), 1000)) as HTTPError
    expect(error.response.status).toBe(status)
    expect(tasks().count('GET', '/jobs/1')).toBe(1)
  })

  it('fails fast on a 404 from a status location that has answered before', async () => {
    const op = await api().start('/jobs', { json: {} })
    const waiting = op.wait()
    await vi.advanceTimersByTimeAsync(600)
    tasks().failNext({ count: 5, status: 404, path: '/jobs/1' })
    const error = rejection(await settleWithin(waiting, 2000)) as HTTPError
    expect(error.response.status).toBe(404)
    expect(tasks().count('GET', '/jobs/1')).toBe(2)
  })

  it("rejects with an app hook's own error named HTTPError, as it threw it, when it is not ky's", async () => {
    // Named like ky's, with a response, but no request: not ky's error, and no outage to ride out.
    const foreign = Object.assign(new Error('Service unavailable'), {
      name: 'HTTPError',
      response: new Response(null, { status: 503 }),
    })
    const throwOnPoll = (request: Request) => {
      if (request.method === 'GET') throw foreign
    }
    const client = createClient({
      baseUrl,
      backoff,
      ky: { hooks: { beforeRequest: [throwOnPoll] } },
    })
    const error = rejection(await settleWithin(client.run('/jobs', { json: {} }), 1000))
    expect(error).toBe(foreign)
    expect(tasks().count('GET', '/jobs/1')).toBe(0)
  })

  it('rejects the submit with HTTPError when the server refuses it', async () => {
    tasks().failNext({ count: 1, status: 422, method: 'POST' })
    await expect(api().start('/jobs', { json: {} })).rejects.toBeInstanceOf(HTTPError)
  })
})

describe('protocol errors', () => {
  it('rejects a 202 without a status location', async () => {
    server.use(http.post('*/bare', () => new HttpResponse(null, { status: 202 })))
    const error = await api()
      .start('/bare')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toBe(
      "202 Accepted without a status location; if its documentation puts the status elsewhere, name it with the `statusLocation` option (a field of the answer, or a template such as '/jobs/{id}') (https://api.example.com/v2/bare)",
    )
  })

  it('refuses a non-http(s) status location', async () => {
    server.use(
      http.post(
        '*/sneaky',
        () => new HttpResponse(null, { status: 202, headers: { location: 'file:///etc/passwd' } }),
      ),
    )
    await expect(api().start('/sneaky')).rejects.toThrow(/Refusing to follow a file: location/)
  })

  it('names an unknown status word', async () => {
    server.use(
      http.post(
        '*/odd',
        () => new HttpResponse(null, { status: 202, headers: { location: '/odd/1' } }),
      ),
      http.get('*/odd/1', () => HttpResponse.json({ status: 'exploded' })),
    )
    const error = rejection(await settleWithin(api().run('/odd'), 2000))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toMatch(/Unknown status word "exploded"/)
  })

  it('detects a redirect loop', async () => {
    server.use(
      http.post(
        '*/loop',
        () => new HttpResponse(null, { status: 202, headers: { location: '/a' } }),
      ),
      http.get('*/a', () => new HttpResponse(null, { status: 302, headers: { location: '/b' } })),
      http.get('*/b', () => new HttpResponse(null, { status: 302, headers: { location: '/a' } })),
    )
    const error = rejection(await settleWithin(api().run('/loop'), 2000))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toMatch(/Redirect loop/)
  })

  it('rejects a status body labelled JSON that does not parse', async () => {
    server.use(
      http.post(
        '*/garbled',
        () => new HttpResponse(null, { status: 202, headers: { location: '/garbled/1' } }),
      ),
      http.get(
        '*/garbled/1',
        () =>
          new HttpResponse('{"status": "runn', { headers: { 'content-type': 'application/json' } }),
      ),
    )
    const error = rejection(
      await settleWithin(api().run('/garbled'), 2000),
    ) as ResponseValidationError
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect(error.bodyExcerpt).toBe('{"status": "runn')
  })

  it('rejects with ky TimeoutError when a request outlasts requestTimeoutMs after its retries', async () => {
    server.use(
      http.post(
        '*/slowpoke',
        () => new HttpResponse(null, { status: 202, headers: { location: '/slow' } }),
      ),
    )
    const client = createClient({
      baseUrl,
      backoff,
      requestTimeoutMs: 1000,
      retries: 1,
      maxOutageMs: 0,
    })
    const error = rejection(await settleWithin(client.run('/slowpoke'), 10_000))
    expect(error).toBeInstanceOf(TimeoutError)
  })
})
