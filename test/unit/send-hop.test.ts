import ky, { HTTPError } from 'ky'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Hop } from '../../src/http/hop.js'
import { createSendHop } from '../../src/http/send-hop.js'

const api = new URL('https://api.example.com/jobs/1')
const files = new URL('https://files.example.net/report.csv')
const sensitive = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key']

interface Sent {
  url: string
  method: string
  redirect: RequestRedirect
  headers: Record<string, string>
  body: string
}

/** A fetch that records the requests it was given and answers `status`, after `delayMs`. */
function recordingFetch(status = 200, delayMs = 0) {
  const calls: Sent[] = []
  const fetch = vi.fn(async (input: URL | string | Request, init?: RequestInit) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
    const request = new Request(input, init)
    calls.push({
      url: request.url,
      method: request.method,
      redirect: request.redirect,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    })
    return new Response('{}', { status, headers: { 'content-type': 'application/json' } })
  })
  return { calls, fetch }
}

/** `recordingFetch`, installed as the platform's fetch. */
function stubFetch(status = 200) {
  const { calls, fetch } = recordingFetch(status)
  vi.stubGlobal('fetch', fetch)
  return calls
}

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

describe('createSendHop', () => {
  const headers = { authorization: 'Bearer t', 'x-api-key': 'k', 'x-trace': 'on' }

  it("sends the client's headers to a trusted origin, credentials included", async () => {
    const calls = stubFetch()
    const send = createSendHop({ headers }, sensitive)
    const sent = hop()
    await send(api, sent)
    expect(calls[0]).toMatchObject({ url: api.href, method: 'GET', redirect: 'manual' })
    expect(calls[0]?.headers).toEqual(headers)
    expect(sent.withheld).toEqual(new Map())
  })

  it('withholds credential headers from an origin not trusted, and names them', async () => {
    const calls = stubFetch()
    const send = createSendHop({ headers }, sensitive)
    const sent = hop()
    await send(files, sent)
    expect(calls[0]?.headers).toEqual({ 'x-trace': 'on' })
    expect(sent.withheld).toEqual(
      new Map([[files.origin, new Set(['authorization', 'x-api-key'])]]),
    )
  })

  it("merges a hop's own headers over the client's, and withholds credentials among them too", async () => {
    const calls = stubFetch()
    const send = createSendHop({ headers }, sensitive)
    const own = new Headers({ 'idempotency-key': 'abc', cookie: 'session=1', 'x-trace': 'off' })
    const sent = hop({ method: 'POST', headers: own, json: { month: '2026-10' } })
    await send(files, sent)
    expect(calls[0]?.body).toBe('{"month":"2026-10"}')
    expect(calls[0]?.headers).toEqual({
      'content-type': 'application/json',
      'idempotency-key': 'abc',
      'x-trace': 'off',
    })
    expect(sent.withheld).toEqual(
      new Map([[files.origin, new Set(['authorization', 'cookie', 'x-api-key'])]]),
    )
  })

  it('keeps a content type the request names for its JSON', async () => {
    const calls = stubFetch()
    const send = createSendHop({}, sensitive)
    const own = new Headers({ 'content-type': 'application/merge-patch+json' })
    await send(api, hop({ method: 'PATCH', headers: own, json: { a: 1 } }))
    expect(calls[0]?.headers['content-type']).toBe('application/merge-patch+json')
  })

  it("throws ky's HTTPError for a status of 400 or more, with the response and the request", async () => {
    stubFetch(503)
    const send = createSendHop({}, sensitive)
    const error = await send(api, hop()).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(503)
    expect((error as HTTPError).request.url).toBe(api.href)
    expect((error as HTTPError).message).toContain(`GET ${api.href}`)
  })

  it('hands back an error status the hop accepts, and any status below 400', async () => {
    stubFetch(404)
    const send = createSendHop({}, sensitive)
    expect((await send(api, hop({ accept: [404] }))).status).toBe(404)
    await expect(send(api, hop({ accept: [409] }))).rejects.toBeInstanceOf(HTTPError)
    stubFetch(303)
    expect((await send(api, hop())).status).toBe(303)
  })

  it("lets a hop ask for the platform's own redirects", async () => {
    const calls = stubFetch()
    const send = createSendHop({}, sensitive)
    await send(api, hop({ redirect: 'follow' }))
    expect(calls[0]?.redirect).toBe('follow')
  })

  it('looks fetch up at each request, so that a fetch replaced later (a mock) is the one used', async () => {
    const send = createSendHop({}, sensitive)
    const calls = stubFetch()
    await send(api, hop())
    expect(calls).toHaveLength(1)
  })

  it("goes through the app's ky options, its fetch and hooks, with pollwise's rules on top", async () => {
    const platform = stubFetch()
    const own = recordingFetch(503, 20)
    const seen: string[] = []
    const send = createSendHop(
      {
        headers,
        ky: {
          fetch: own.fetch,
          prefixUrl: 'https://elsewhere.example',
          retry: 5,
          timeout: 1,
          hooks: {
            beforeRequest: [
              (request) => {
                seen.push(request.url)
                request.headers.set('cookie', 'from-a-hook')
              },
            ],
          },
        },
      },
      sensitive,
    )
    const sent = hop()
    await expect(send(files, sent)).rejects.toBeInstanceOf(HTTPError)
    // One try (ky's retry off), not cut at ky's timeout, to the URL as given.
    expect(platform).toHaveLength(0)
    expect(own.calls).toHaveLength(1)
    expect(seen).toEqual([files.href])
    expect(own.calls[0]?.headers).toEqual({ 'x-trace': 'on' })
    expect(sent.withheld).toEqual(
      new Map([[files.origin, new Set(['authorization', 'cookie', 'x-api-key'])]]),
    )
  })

  it("goes through the app's ky instance and keeps its fetch", async () => {
    const own = recordingFetch()
    const send = createSendHop(
      { ky: ky.create({ fetch: own.fetch, headers: { 'x-app': 'mine' } }) },
      sensitive,
    )
    await send(api, hop())
    expect(own.calls[0]?.headers).toEqual({ 'x-app': 'mine' })
  })
})
