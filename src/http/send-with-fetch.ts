import { HTTPError, type NormalizedOptions } from 'ky'
import type { HeadersInput } from '../types/options.js'
import { noteWithheld, withholdCredentials } from './credentials.js'
import { type Hop, isRefused, type SendHop } from './hop.js'
import { isStreamBody } from './stream-body.js'

/**
 * Sends each hop with the platform's `fetch`, looked up at each request (so that mocks installed
 * later apply). The client's headers are settled once, as they go to a trusted origin and as they
 * go to any other; a hop with headers of its own or a body merges them anew.
 */
export function sendWithFetch(
  clientHeaders: HeadersInput | undefined,
  sensitiveHeaders: readonly string[],
): SendHop {
  const trusted = new Headers(clientHeaders)
  const untrusted = new Headers(trusted)
  const withheldAlways = withholdCredentials(untrusted, sensitiveHeaders)
  // A plain record is cheaper for fetch to copy than a Headers.
  const trustedRecord = Object.fromEntries(trusted)
  const untrustedRecord = Object.fromEntries(untrusted)

  const headersFor = (url: URL, hop: Hop): HeadersInit => {
    const isTrusted = hop.trustedOrigins.has(url.origin)
    if (hop.headers === undefined && hop.json === undefined) {
      if (isTrusted) return trustedRecord
      noteWithheld(hop.withheld, url.origin, withheldAlways)
      return untrustedRecord
    }
    const merged = new Headers(trusted)
    for (const [name, value] of hop.headers ?? []) merged.set(name, value)
    if (hop.json !== undefined && !merged.has('content-type')) {
      merged.set('content-type', 'application/json')
    }
    if (!isTrusted) {
      noteWithheld(hop.withheld, url.origin, withholdCredentials(merged, sensitiveHeaders))
    }
    return merged
  }

  return async (url, hop) => {
    const body = hop.json === undefined ? hop.body : JSON.stringify(hop.json)
    const init: RequestInit & { duplex?: 'half' } = {
      method: hop.method,
      headers: headersFor(url, hop),
      signal: hop.signal,
      redirect: hop.redirect,
      ...(body === undefined ? {} : { body }),
      // A streamed body needs it where the platform implements request streams.
      ...(isStreamBody(body) ? { duplex: 'half' as const } : {}),
    }
    const response = await globalThis.fetch(url, init)
    if (isRefused(hop, response.status)) {
      const request = new Request(url, { method: hop.method })
      // The error names ky's options; without ky there are only the method and the headers sent.
      const options = { method: hop.method, headers: new Headers(init.headers) }
      throw new HTTPError(response, request, options as NormalizedOptions)
    }
    return response
  }
}
