import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { randomIdempotencyKey } from '../../src/http/idempotency-key.js'
import { createClient } from '../../src/index.js'

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** The crypto of a page that is not a secure context: `getRandomValues` only. */
function stubInsecureCrypto() {
  const real = globalThis.crypto
  const getRandomValues = vi.fn((array: Uint8Array) => real.getRandomValues(array))
  vi.stubGlobal('crypto', { getRandomValues })
  return getRandomValues
}

describe('randomIdempotencyKey', () => {
  it('returns a version 4 UUID from crypto.randomUUID', () => {
    const randomUUID = vi.spyOn(globalThis.crypto, 'randomUUID')
    const key = randomIdempotencyKey()
    expect(key).toMatch(uuidV4)
    expect(randomUUID).toHaveBeenCalledTimes(1)
    expect(key).toBe(randomUUID.mock.results[0]?.value)
  })

  it('returns a distinct key on every call', () => {
    const keys = Array.from({ length: 100 }, randomIdempotencyKey)
    expect(new Set(keys).size).toBe(100)
  })
})

describe('randomIdempotencyKey outside a secure context (no crypto.randomUUID)', () => {
  it('still returns a version 4 UUID, from crypto.getRandomValues', () => {
    const getRandomValues = stubInsecureCrypto()
    expect(globalThis.crypto.randomUUID).toBeUndefined()
    const key = randomIdempotencyKey()
    expect(key).toMatch(uuidV4)
    expect(getRandomValues).toHaveBeenCalled()
  })

  it('returns distinct valid keys across calls', () => {
    stubInsecureCrypto()
    const keys = Array.from({ length: 1000 }, randomIdempotencyKey)
    for (const key of keys) expect(key).toMatch(uuidV4)
    expect(new Set(keys).size).toBe(1000)
  })

  it('sets the version and variant bits whatever the random bytes are', () => {
    for (const fill of [0x00, 0xff]) {
      vi.stubGlobal('crypto', {
        getRandomValues: (array: Uint8Array) => array.fill(fill),
      })
      expect(randomIdempotencyKey()).toMatch(uuidV4)
    }
  })
})

describe('idempotencyKey: true through the client, outside a secure context', () => {
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())

  it('sends a version 4 UUID as Idempotency-Key, the same on each try', async () => {
    const keys: Array<string | null> = []
    server.use(
      http.put('https://api.example.com/v2/reports/7', ({ request }) => {
        keys.push(request.headers.get('idempotency-key'))
        if (keys.length === 1) return new HttpResponse(null, { status: 503 })
        return new HttpResponse(null, {
          status: 202,
          headers: { location: 'https://api.example.com/v2/reports/7/status' },
        })
      }),
      http.post('https://api.example.com/v2/exports', ({ request }) => {
        keys.push(request.headers.get('idempotency-key'))
        return new HttpResponse(null, {
          status: 202,
          headers: { location: 'https://api.example.com/v2/exports/1' },
        })
      }),
    )
    stubInsecureCrypto()
    const api = createClient({
      baseUrl: 'https://api.example.com/v2',
      backoff: { initialDelayMs: 1, minDelayMs: 1, jitter: 'none' },
    })
    const put = await api.start('/reports/7', { method: 'PUT', idempotencyKey: true })
    const post = await api.start('/exports', { json: {}, idempotencyKey: true })
    expect(put.statusUrl).toBe('https://api.example.com/v2/reports/7/status')
    expect(post.statusUrl).toBe('https://api.example.com/v2/exports/1')
    expect(keys).toHaveLength(3)
    for (const key of keys) expect(key).toMatch(uuidV4)
    expect(keys[0]).toBe(keys[1])
    expect(keys[2]).not.toBe(keys[0])
  })
})
