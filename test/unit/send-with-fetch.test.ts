import { HTTPError } from 'ky'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Hop } from '../../src/http/hop.js'
import { sendWithFetch } from '../../src/http/send-with-fetch.js'

const api = new URL('https://api.example.com/jobs/1')
const files = new URL('https://files.example.net/report.csv')
const sensitive = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key']

/** A fetch that records what it was given and answers `status`. */
function recordingFetch(status = 200) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  const fetch = vi.fn(async (url: URL | string, init: RequestInit = {}) => {
    calls.push({ url: String(url), init })
    return new Response('{}', { status, headers: { 'content-type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  return calls
}

const sentHeaders = (init: RequestInit) => Object.fromEntries(new Headers(init.headers))

function hop(overrides: Partial<Hop> = {}): Hop {
  return {
    method: 'GET',
    signal: new AbortController().signal,
    redirect: 'manual',
    accept: [],
    trustedOrigins: new Set([api.origin]),
    withheld: new Map(),
    ...overrides,
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('sendWithFetch', () => {
  const clientHeaders = { authorization: 'Bearer t', 'x-api-key': 'k', 'x-trace': 'on' }

  it("sends the client's headers to a trusted origin, credentials included", async () => {
    const calls = recordingFetch()
    const send = sendWithFetch(clientHeaders, sensitive)
    const sent = hop()
    await send(api, sent)
    expect(calls[0]?.url).toBe(api.href)
    expect(calls[0]?.init).toMatchObject({ method: 'GET', redirect: 'manual' })
    expect(sentHeaders(calls[0]?.init ?? {})).toEqual(clientHeaders)
    expect(sent.withheld).toEqual(new Map())
  })

  it('withholds credential headers from an origin not trusted, and names them', async () => {
    const calls = recordingFetch()
    const send = sendWithFetch(clientHeaders, sensitive)
    const sent = hop()
    await send(files, sent)
    expect(sentHeaders(calls[0]?.init ?? {})).toEqual({ 'x-trace': 'on' })
    expect(sent.withheld).toEqual(
      new Map([[files.origin, new Set(['authorization', 'x-api-key'])]]),
    )
  })

  it("merges a hop's own headers over the client's, and withholds credentials among them too", async () => {
    const calls = recordingFetch()
    const send = sendWithFetch(clientHeaders, sensitive)
    const own = new Headers({ 'idempotency-key': 'abc', cookie: 'session=1', 'x-trace': 'off' })
    const sent = hop({ method: 'POST', headers: own, json: { month: '2026-10' } })
    await send(files, sent)
    expect(calls[0]?.init.body).toBe('{"month":"2026-10"}')
    expect(sentHeaders(calls[0]?.init ?? {})).toEqual({
      'content-type': 'application/json',
      'idempotency-key': 'abc',
      'x-trace': 'off',
    })
    expect(sent.withheld).toEqual(
      new Map([[files.origin, new Set(['authorization', 'cookie', 'x-api-key'])]]),
    )
  })

  it('keeps a content type the request names for its JSON', async () => {
    const calls = recordingFetch()
    const send = sendWithFetch(undefined, sensitive)
    const own = new Headers({ 'content-type': 'application/merge-patch+json' })
    await send(api, hop({ method: 'PATCH', headers: own, json: { a: 1 } }))
    expect(sentHeaders(calls[0]?.init ?? {})['content-type']).toBe('application/merge-patch+json')
  })

  it("throws ky's HTTPError for a status of 400 or more, with the response and the request", async () => {
    recordingFetch(503)
    const send = sendWithFetch(undefined, sensitive)
    const error = await send(api, hop()).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(503)
    expect((error as HTTPError).request.url).toBe(api.href)
    expect((error as HTTPError).message).toContain(`GET ${api.href}`)
  })

  it('hands back an error status the hop accepts, and any status below 400', async () => {
    recordingFetch(404)
    const send = sendWithFetch(undefined, sensitive)
    expect((await send(api, hop({ accept: [404] }))).status).toBe(404)
    recordingFetch(303)
    expect((await send(api, hop())).status).toBe(303)
  })

  it('looks fetch up at each request, so that a fetch replaced later (a mock) is the one used', async () => {
    const send = sendWithFetch(undefined, sensitive)
    const calls = recordingFetch()
    await send(api, hop())
    expect(calls).toHaveLength(1)
  })
})
