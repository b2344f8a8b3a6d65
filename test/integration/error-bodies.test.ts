import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient, HTTPError } from '../../src/index.js'
import { baseUrl, submitTo, useTaskServer } from '../support/msw.js'
import { fastBackoff, within } from '../support/real-time.js'

const { server } = useTaskServer({ durationMs: 60_000, steps: 0 })
afterEach(() => {
  vi.unstubAllGlobals()
})

/** An error answer whose body sends its first bytes, then stalls. */
function stalledError(status: number): HttpResponse<null> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"error":"bad request"'))
    },
  })
  return new HttpResponse(stream, {
    status,
    headers: { 'content-type': 'application/json' },
  }) as unknown as HttpResponse<null>
}

describe('an error answer whose body stalls', () => {
  it('rejects a poll answered 400 with the HTTPError after one request, not a TimeoutError after retries', async () => {
    let polls = 0
    server.use(
      submitTo('/stall-400/1'),
      http.get('https://api.example.com/stall-400/1', () => {
        polls += 1
        return stalledError(400)
      }),
    )
    const api = createClient({ baseUrl, backoff: fastBackoff, requestTimeoutMs: 200, retries: 2 })
    const op = await api.start('/submit', { json: {} })
    const outcome = await within(
      op.wait().catch((error: unknown) => error),
      3000,
      'still waiting',
    )
    expect(outcome).toBeInstanceOf(HTTPError)
    expect(polls).toBe(1)
  })

  it('rejects a cancel answered 403 with the HTTPError, not a TimeoutError after the cancel budget', async () => {
    let deletes = 0
    server.use(
      submitTo('/stall-403/1'),
      http.get('https://api.example.com/stall-403/1', () =>
        HttpResponse.json({ status: 'running' }, { headers: { 'retry-after': '3600' } }),
      ),
      http.delete('https://api.example.com/stall-403/1', () => {
        deletes += 1
        return stalledError(403)
      }),
    )
    const api = createClient({ baseUrl, backoff: fastBackoff, requestTimeoutMs: 200, retries: 2 })
    const op = await api.start('/submit', { json: {} })
    const outcome = await within(
      op.cancel().catch((error: unknown) => error),
      3000,
      'still waiting',
    )
    expect(outcome).toBeInstanceOf(HTTPError)
    expect(deletes).toBe(1)
  })

  it('rejects with the caller abort reason when the wait is aborted mid-read of an error body', async () => {
    server.use(
      submitTo('/stall-400/2'),
      http.get('https://api.example.com/stall-400/2', () => stalledError(400)),
    )
    const api = createClient({ baseUrl, backoff: fastBackoff, requestTimeoutMs: 5000 })
    const op = await api.start('/submit', { json: {} })
    const controller = new AbortController()
    const waiting = op.wait({ signal: controller.signal }).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const reason = new Error('user gave up')
    controller.abort(reason)
    expect(await within(waiting, 500, 'still waiting')).toBe(reason)
  })
})

describe('error bodies on the ky path', () => {
  it('keeps the error body readable when an afterResponse hook was given the response (a tee branch)', async () => {
    server.use(
      submitTo('/ky-400/1'),
      http.get('https://api.example.com/ky-400/1', () =>
        HttpResponse.json({ error: 'nope' }, { status: 400 }),
      ),
    )
    const seen: number[] = []
    const api = createClient({
      baseUrl,
      backoff: fastBackoff,
      ky: { hooks: { afterResponse: [(_r, _o, response) => void seen.push(response.status)] } },
    })
    const op = await api.start('/submit', { json: {} })
    const error = await op.wait().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect(await (error as HTTPError).response.json()).toEqual({ error: 'nope' })
    expect(seen).toContain(400)
  })

  it('lets go of the body of an error answer that a signal-ignoring fetch delivers after the abort', async () => {
    let canceled = false
    let answer: (() => void) | undefined
    const stubbornFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      if (request.method === 'POST') {
        return new Response(null, { status: 202, headers: { location: '/stubborn/1' } })
      }
      // Ignores the signal: answers 400 only when the test says so.
      await new Promise<void>((resolve) => {
        answer = resolve
      })
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"error":'))
        },
        cancel() {
          canceled = true
        },
      })
      return new Response(body, { status: 400, headers: { 'content-type': 'application/json' } })
    }
    const api = createClient({ baseUrl, backoff: fastBackoff, ky: { fetch: stubbornFetch } })
    const op = await api.start('/submit', { json: {} })
    const controller = new AbortController()
    const waiting = op.wait({ signal: controller.signal }).catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 50))
    controller.abort()
    expect(await waiting).toBeInstanceOf(DOMException)
    answer?.()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(canceled).toBe(true)
  })
})

describe('a cancel during a poll that is reading an error body', () => {
  it('settles the wait as canceled and the cancel with the server answer', async () => {
    server.use(
      submitTo('/cancel-mid/1'),
      http.get('https://api.example.com/cancel-mid/1', () => stalledError(400)),
      http.delete(
        'https://api.example.com/cancel-mid/1',
        () => new HttpResponse(null, { status: 204 }),
      ),
    )
    const api = createClient({ baseUrl, backoff: fastBackoff, requestTimeoutMs: 5000 })
    const op = await api.start('/submit', { json: {} })
    const waiting = op.wait().catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await within(op.cancel(), 1000, 'cancel hangs')).toBe(true)
    expect(((await waiting) as Error).name).toBe('OperationCanceledError')
  })
})
