import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient, ResponseValidationError, TimeoutError } from '../../src/index.js'
import { baseUrl, submitTo, useTaskServer } from '../support/msw.js'
import { fastBackoff, within } from '../support/real-time.js'

const { server } = useTaskServer({ durationMs: 60_000, steps: 0 })
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('body reading', () => {
  it('bounds a body by maxBodyBytes even when its Content-Length is smaller than the body', async () => {
    server.use(
      submitTo('/big/1'),
      http.get(
        'https://api.example.com/big/1',
        () =>
          new HttpResponse(JSON.stringify({ status: 'completed', result: 'x'.repeat(200_000) }), {
            headers: { 'content-type': 'application/json', 'content-length': '50' },
          }),
      ),
    )
    const api = createClient({ baseUrl, backoff: fastBackoff, maxBodyBytes: 1000 })
    const outcome = await api.run('/submit', { json: {} }).then(
      (v) => `resolved with ${String(v).length} chars`,
      (e: unknown) => e,
    )
    expect(outcome).toBeInstanceOf(ResponseValidationError)
  })

  it('times out a stalled body with a Content-Length at requestTimeoutMs', async () => {
    server.use(
      submitTo('/stall/1'),
      http.get('https://api.example.com/stall/1', () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"status":'))
          },
        })
        return new HttpResponse(stream, {
          headers: { 'content-type': 'application/json', 'content-length': '30' },
        })
      }),
    )
    const api = createClient({
      baseUrl,
      backoff: fastBackoff,
      requestTimeoutMs: 300,
      retries: 0,
      maxOutageMs: 0,
    })
    const outcome = await within(
      api.run('/submit', { json: {} }).catch((error: unknown) => error),
      1500,
      'no answer 1.5 s after the 300 ms request timeout',
    )
    expect(outcome).toBeInstanceOf(TimeoutError)
  })
})

/** A stalled body with a Content-Length: its first bytes, then nothing. */
function stalledJson(): HttpResponse<null> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"status":'))
    },
  })
  return new HttpResponse(stream, {
    headers: { 'content-type': 'application/json', 'content-length': '30' },
  }) as unknown as HttpResponse<null>
}

describe('an aborted wait whose poll is reading a body', () => {
  it('frees its request slot: the next operation of the origin runs (maxConcurrentPolls: 1)', async () => {
    server.use(
      http.post(
        `${baseUrl}/submit-a`,
        () => new HttpResponse(null, { status: 202, headers: { location: '/a/1' } }),
      ),
      http.post(
        `${baseUrl}/submit-b`,
        () => new HttpResponse(null, { status: 202, headers: { location: '/b/1' } }),
      ),
      http.get('https://api.example.com/a/1', () => stalledJson()),
      http.get('https://api.example.com/b/1', () =>
        HttpResponse.json({ status: 'completed', result: 'b' }),
      ),
    )
    const api = createClient({ baseUrl, backoff: fastBackoff, maxConcurrentPolls: 1 })
    const a = await api.start('/submit-a', { json: {} })
    const controller = new AbortController()
    const waitingA = a.wait({ signal: controller.signal }).catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 100))
    controller.abort()
    expect(await waitingA).toBeInstanceOf(DOMException)
    // B's submit and poll each need the one slot of the origin.
    const outcome = await within(
      api.run('/submit-b', { json: {} }),
      1000,
      'still waiting for a slot',
    )
    expect(outcome).toBe('b')
  })
})
