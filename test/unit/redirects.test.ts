import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import type { Hop, SendHop } from '../../src/http/hop.js'
import { followRedirects, HiddenRedirects } from '../../src/http/redirects.js'

/**
 * A browser's fetch: a manual redirect comes back opaque (its target hidden); with
 * `redirect: 'follow'` the browser follows it and the response names the final URL.
 */
function browser(finalUrl: string) {
  const calls: Array<{ url: string; redirect: unknown }> = []
  const send: SendHop = async (url, hop) => {
    calls.push({ url: url.href, redirect: hop.redirect })
    if (hop.redirect === 'follow') {
      const response = new Response('{"status":"running"}', { status: 200 })
      Object.defineProperty(response, 'url', { value: finalUrl })
      return response
    }
    return { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null } as Response
  }
  return { send, calls }
}

const hop = (method: string): Hop => ({
  method,
  signal: new AbortController().signal,
  redirect: 'manual',
  accept: [],
  trustedOrigins: new Set(),
  withheld: new Map(),
})
const status = new URL('https://api.example.com/status/1')
const final = 'https://cdn.example.com/status/1'

describe('redirects a browser hides', () => {
  it('asks once, then lets the browser follow at once: two requests a poll, not three', async () => {
    const { send, calls } = browser(final)
    const hidden = new HiddenRedirects()
    const first = await followRedirects(send, status, hop('GET'), hidden)
    expect(first.url).toBe(final)
    expect(calls.map((call) => call.redirect)).toEqual(['manual', 'follow'])
    const second = await followRedirects(send, status, hop('GET'), hidden)
    expect(second.url).toBe(final)
    expect(calls.map((call) => call.redirect)).toEqual(['manual', 'follow', 'follow'])
  })

  it('never sends a non-GET again to follow it, and remembers nothing for it', async () => {
    const { send, calls } = browser(final)
    const hidden = new HiddenRedirects()
    await expect(followRedirects(send, status, hop('POST'), hidden)).rejects.toBeInstanceOf(
      ProtocolError,
    )
    expect(calls).toHaveLength(1)
    expect(hidden.has(status.href)).toBe(false)
  })

  it('keeps only the latest few hundred URLs', () => {
    const hidden = new HiddenRedirects()
    for (let i = 0; i <= HiddenRedirects.limit; i++) hidden.add(`https://api.example.com/s/${i}`)
    expect(hidden.has('https://api.example.com/s/0')).toBe(false)
    expect(hidden.has(`https://api.example.com/s/${HiddenRedirects.limit}`)).toBe(true)
  })
})

describe('a 303 See Other', () => {
  /** A server that answers `first` with 303 to /cancellation, which answers 200. */
  function seeOther() {
    const calls: string[] = []
    const send: SendHop = async (url, sent) => {
      calls.push(`${sent.method} ${url.pathname} ${JSON.stringify(sent.json ?? null)}`)
      return url.pathname === '/cancellation'
        ? new Response(null, { status: 200 })
        : new Response(null, { status: 303, headers: { location: '/cancellation' } })
    }
    return { send, calls }
  }

  it('is followed with a GET without the body when the hop asks, as fetch does', async () => {
    const { send, calls } = seeOther()
    const asked = { ...hop('DELETE'), json: { reason: 'user' }, followSeeOther: true }
    const reply = await followRedirects(send, status, asked, new HiddenRedirects())
    expect([reply.response.status, reply.url]).toEqual([
      200,
      'https://api.example.com/cancellation',
    ])
    expect(calls).toEqual(['DELETE /status/1 {"reason":"user"}', 'GET /cancellation null'])
  })

  it('keeps a HEAD a HEAD', async () => {
    const { send, calls } = seeOther()
    await followRedirects(
      send,
      status,
      { ...hop('HEAD'), followSeeOther: true },
      new HiddenRedirects(),
    )
    expect(calls).toEqual(['HEAD /status/1 null', 'HEAD /cancellation null'])
  })

  it('is handed back otherwise: a submit`s or a status read`s 303 names the result', async () => {
    const { send, calls } = seeOther()
    const reply = await followRedirects(send, status, hop('GET'), new HiddenRedirects())
    expect(reply.response.status).toBe(303)
    expect(calls).toHaveLength(1)
  })
})
