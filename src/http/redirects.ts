import { ProtocolError } from '../errors.js'
import { readLocation } from '../locations.js'
import { redactUrls } from '../redact-urls.js'
import { discardBody } from './body.js'
import type { Hop, SendHop } from './hop.js'
import { isStreamBody } from './stream-body.js'

const followedRedirects = new Set([301, 302, 307, 308])
const maxRedirects = 10

/** A response with the URL that answered it, after the redirects pollwise followed. */
export interface HopResponse {
  readonly response: Response
  readonly url: string
  /** A POST (or another method) went on as a GET after a 301, 302 or 303: `url` answered a GET. */
  readonly resentAsGet?: true
}

/**
 * Sends a request and follows its redirects other than 303 itself, so that every hop passes the
 * URL rules (http(s) only, no credentials in the URL); a loop or more than ten hops is a
 * `ProtocolError`. A 301 or 302 after anything but GET or HEAD goes on as a GET without the body.
 */
export function followRedirects(
  send: SendHop,
  url: URL,
  first: Hop,
  hiddenRedirects: HiddenRedirects,
): Promise<HopResponse> {
  if (first.method === 'GET' && hiddenRedirects.has(url.href))
    return followInBrowser(send, url, first)
  // Most answers are no redirect: they are handed on as they come.
  return send(url, first).then((response) =>
    response.type === 'opaqueredirect' || isFollowed(response, first)
      ? followFrom(send, response, url, first, hiddenRedirects)
      : { response, url: url.href },
  )
}

/** Whether `hop`'s answer `response` is a redirect pollwise follows here. */
function isFollowed(response: Response, hop: Hop): boolean {
  return (
    followedRedirects.has(response.status) ||
    (response.status === 303 && hop.followSeeOther === true)
  )
}

/** Follows the redirect `response` answered to `hop` at `url`, and those after it. */
async function followFrom(
  send: SendHop,
  response: Response,
  url: URL,
  first: Hop,
  hiddenRedirects: HiddenRedirects,
): Promise<HopResponse> {
  let visited: Set<string> | undefined
  let current = url
  let hop = first
  for (let answer = response; ; answer = await send(current, hop)) {
    if (answer.type === 'opaqueredirect') {
      if (hop.method === 'GET') hiddenRedirects.add(current.href)
      return followInBrowser(send, current, hop)
    }
    if (!isFollowed(answer, hop)) {
      const resent = hop.method === 'GET' && first.method !== 'GET'
      return { response: answer, url: current.href, ...(resent ? { resentAsGet: true } : {}) }
    }
    discardBody(answer)
    const next = readLocation(answer.headers, current.href)
    if (!next) {
      throw new ProtocolError(`${answer.status} redirect without a Location`, current.href)
    }
    visited ??= new Set()
    visited.add(current.href)
    if (visited.has(next.href) || visited.size > maxRedirects) {
      throw new ProtocolError(`Redirect loop at ${next.href}`, current.href)
    }
    // RFC 9110 §15.4.2-4 and the Fetch standard: only a POST may go on as a GET after a 301 or a
    // 302, any method but HEAD after a 303; every other method, and every method after a 307 or
    // 308, is sent again as it was.
    const asGetNow =
      answer.status === 303 ? hop.method !== 'HEAD' : answer.status <= 302 && hop.method === 'POST'
    if (asGetNow) hop = asGet(hop)
    else if (isStreamBody(hop.body)) {
      throw new TypeError(
        redactUrls(
          `The ${answer.status} answer of ${current.href} asks to send the request body again to ${next.href}, but it is a stream, read once as it was sent: pass the body as a string, a Blob, an ArrayBuffer or FormData to follow such a redirect`,
        ),
      )
    }
    current = next
  }
}

/** Headers that describe a request's body: gone with the body (the Fetch standard's list). */
const bodyHeaders = ['content-type', 'content-encoding', 'content-language', 'content-location']

/** The same hop as a GET without its body or the headers that describe it: a POST after a 301 or 302, a 303. */
function asGet({ json, body, headers, ...rest }: Hop): Hop {
  if (headers === undefined) return { ...rest, method: 'GET' }
  const kept = new Headers(headers)
  for (const name of bodyHeaders) kept.delete(name)
  return { ...rest, headers: kept, method: 'GET' }
}

/**
 * The URLs a browser answered with a hidden (opaque) redirect: the next GET to one of them lets
 * the browser follow at once instead of asking first, two requests a poll instead of three. It
 * keeps the latest few hundred.
 */
export class HiddenRedirects {
  static readonly limit = 256
  readonly #urls = new Set<string>()

  has(url: string): boolean {
    return this.#urls.has(url)
  }

  add(url: string): void {
    this.#urls.add(url)
    const oldest = this.#urls.values().next().value
    if (this.#urls.size > HiddenRedirects.limit && oldest !== undefined) this.#urls.delete(oldest)
  }
}

/**
 * Browsers hide the target of a manual redirect. A GET is safe to send again and let the browser
 * follow; any other method would repeat its effect, so it is refused.
 */
async function followInBrowser(send: SendHop, url: URL, hop: Hop): Promise<HopResponse> {
  if (hop.method !== 'GET') {
    throw new ProtocolError(
      `The browser hid the redirect target of this ${hop.method}; answer it with 202 and a Location`,
      url.href,
    )
  }
  const response = await send(url, { ...hop, redirect: 'follow' })
  return { response, url: response.url || url.href }
}
