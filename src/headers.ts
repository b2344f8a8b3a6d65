import type { BeforeRequestHook } from 'ky'
import { ProtocolError } from './errors.js'

/**
 * Header names that carry a status location, best first: the Azure headers name the status monitor
 * even where `Location` names the final resource.
 */
const statusLocationHeaders = ['operation-location', 'azure-asyncoperation', 'location'] as const

/** The headers that carry credentials unless the user marks more. */
export const defaultSensitiveHeaders = ['authorization', 'cookie', 'proxy-authorization'] as const

/**
 * Resolves a location header value against the URL of the response that carried it (RFC 3986),
 * and refuses anything but http(s).
 */
export function resolveLocation(value: string, responseUrl: string): URL {
  let url: URL
  try {
    url = new URL(value.trim(), responseUrl)
  } catch {
    throw new ProtocolError(`Unparseable location "${value}"`, responseUrl)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProtocolError(`Refusing to follow a ${url.protocol} location "${value}"`, responseUrl)
  }
  return url
}

/** The status location a response names, if any. */
export function readStatusLocation(headers: Headers, responseUrl: string): URL | undefined {
  for (const name of statusLocationHeaders) {
    const value = headers.get(name)
    if (value) return resolveLocation(value, responseUrl)
  }
  return undefined
}

/** The result location of a `303 See Other` or a `201 Created`. */
export function readLocation(headers: Headers, responseUrl: string): URL | undefined {
  const value = headers.get('location')
  return value ? resolveLocation(value, responseUrl) : undefined
}

/**
 * The server's requested wait in milliseconds: `retry-after-ms` and `x-ms-retry-after-ms` first
 * (finer), then `Retry-After` as delta-seconds or an HTTP-date. Unparseable values are ignored.
 */
export function readRetryAfterMs(headers: Headers, now: number): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = parseNonNegative(headers.get(name))
    if (ms !== undefined) return ms
  }
  const value = headers.get('retry-after')?.trim()
  if (!value) return undefined
  const seconds = parseNonNegative(value)
  if (seconds !== undefined) return seconds * 1000
  // An HTTP-date names its weekday and month; Date.parse alone would read "-3" as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function parseNonNegative(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined
  return Number(value)
}

/**
 * Joins a request path to the base URL: `'/jobs'` and `'jobs'` both land under the base's path;
 * an absolute URL passes through.
 */
export function joinUrl(baseUrl: string | undefined, path: string): URL {
  if (/^[a-z][a-z\d+.-]*:/i.test(path)) return new URL(path)
  const base = baseUrl ?? globalThis.location?.href
  if (base === undefined) {
    throw new TypeError(`Cannot resolve the relative path "${path}" without a \`baseUrl\``)
  }
  const root = base.endsWith('/') ? base : `${base}/`
  return new URL(path.replace(/^\/+/, ''), root)
}

/** {@link joinUrl} for a URL pollwise will request: only http(s) is accepted. */
export function requestUrl(baseUrl: string | undefined, path: string): URL {
  const url = joinUrl(baseUrl, path)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Only http(s) URLs can be requested, got "${url.href}"`)
  }
  return url
}

/**
 * A ky hook that removes credential headers from a request to an origin the operation does not
 * trust. It runs after every other hook, so it also catches headers that user hooks add; a request
 * without `context.trustedOrigins` trusts no origin.
 */
export function credentialGuard(sensitiveHeaders: readonly string[]): BeforeRequestHook {
  return (request, options) => {
    const trusted = options.context.trustedOrigins
    const origin = new URL(request.url).origin
    if (trusted instanceof Set && trusted.has(origin)) return
    for (const name of sensitiveHeaders) request.headers.delete(name)
  }
}
