import type { KyInstance, Options as KyOptions } from 'ky'
import { isHTTPError, isTimeoutError } from 'ky'
import pRetry from 'p-retry'
import { discardBody } from './body.js'
import type { Clock } from './clock.js'
import { ProtocolError } from './errors.js'
import { type credentialGuard, readLocation, readRetryAfterMs } from './headers.js'
import { isOffline, waitUntilOnline } from './page-lifecycle.js'
import { type Backoff, backoffDelay, type Random } from './schedule.js'

/** Statuses worth another try of the same request. */
const transientStatuses = new Set([408, 429, 500, 502, 503, 504])
const followedRedirects = new Set([301, 302, 307, 308])
const maxRedirects = 10

export interface TransportOptions {
  /** A ky instance with its own retry off, `redirect: 'manual'` and no `prefixUrl`. */
  readonly ky: KyInstance
  /** Transient failures retried per request. */
  readonly retries: number
  readonly backoff: Backoff
  readonly random: Random
  readonly clock: Clock
}

export interface SendOptions {
  readonly method?: string
  readonly json?: unknown
  readonly body?: BodyInit
  readonly headers?: Headers
  readonly signal: AbortSignal
  /** Whether transient failures may be retried: false for a submit without an idempotency key. */
  readonly retry: boolean
  /** Error statuses handed back as responses instead of thrown as `HTTPError`. */
  readonly accept?: readonly number[]
  /** Origins that may receive credential headers; the ky hook of {@link credentialGuard} reads it. */
  readonly trustedOrigins: ReadonlySet<string>
}

/** A response with the URL that answered it, after the redirects pollwise followed. */
export interface Reply {
  readonly response: Response
  readonly url: string
}

export type Send = (url: URL, options: SendOptions) => Promise<Reply>

/**
 * One request: ky sends it, p-retry retries its transient failures (network errors, 408, 429, 5xx
 * gateways, request timeouts) honouring Retry-After, and redirects other than 303 are followed here
 * so that every hop passes the URL rules.
 */
export function createTransport({ ky, retries, backoff, random, clock }: TransportOptions): Send {
  return (url, options) => {
    let previousDelayMs = 0
    return pRetry(() => followRedirects(ky, url, options), {
      retries: options.retry ? retries : 0,
      signal: options.signal,
      minTimeout: 0,
      // A failure while the browser is offline is not the server's: it costs no try.
      shouldConsumeRetry: () => !isOffline(),
      // p-retry has no per-attempt delay hook, and Retry-After must decide the wait: it is slept
      // here, with p-retry's own delay set to zero.
      shouldRetry: async ({ error, retriesConsumed }) => {
        if (options.signal.aborted || !isTransient(error)) return false
        if (isOffline()) {
          await waitUntilOnline(options.signal)
          return true
        }
        const hint = isHTTPError(error)
          ? readRetryAfterMs(error.response.headers, clock.now())
          : undefined
        if (isHTTPError(error)) discardBody(error.response)
        previousDelayMs = hint ?? backoffDelay(backoff, retriesConsumed, previousDelayMs, random)
        await clock.sleep(previousDelayMs, options.signal)
        return true
      },
    })
  }
}

async function followRedirects(ky: KyInstance, url: URL, options: SendOptions): Promise<Reply> {
  const visited = new Set<string>()
  let current = url
  let method = options.method ?? 'GET'
  let withBody = true
  for (;;) {
    const response = await ky(current, {
      ...requestOptions(method, options),
      ...(withBody && options.json !== undefined ? { json: options.json } : {}),
      ...(withBody && options.body !== undefined ? { body: options.body } : {}),
    })
    if (response.type === 'opaqueredirect') return followInBrowser(ky, current, method, options)
    if (!followedRedirects.has(response.status)) return { response, url: current.href }
    discardBody(response)
    const next = readLocation(response.headers, current.href)
    if (!next)
      throw new ProtocolError(`${response.status} redirect without a Location`, current.href)
    visited.add(current.href)
    if (visited.has(next.href) || visited.size > maxRedirects) {
      throw new ProtocolError(`Redirect loop at ${next.href}`, current.href)
    }
    if (response.status <= 302 && method !== 'GET' && method !== 'HEAD') {
      method = 'GET'
      withBody = false
    }
    current = next
  }
}

/** The ky options of every hop: accepted error statuses come back as responses. */
function requestOptions(method: string, options: SendOptions): KyOptions {
  const accept = options.accept ?? []
  return {
    method,
    headers: options.headers ?? {},
    signal: options.signal,
    throwHttpErrors: (status) => status >= 400 && !accept.includes(status),
    context: { trustedOrigins: options.trustedOrigins },
  }
}

/**
 * Browsers hide the target of a manual redirect. A GET is safe to send again and let the browser
 * follow; any other method would repeat its effect, so it is refused.
 */
async function followInBrowser(
  ky: KyInstance,
  url: URL,
  method: string,
  options: SendOptions,
): Promise<Reply> {
  if (method !== 'GET') {
    throw new ProtocolError(
      `The browser hid the redirect target of this ${method}; answer it with 202 and a Location`,
      url.href,
    )
  }
  const response = await ky(url, { ...requestOptions(method, options), redirect: 'follow' })
  return { response, url: response.url || url.href }
}

/** Network errors reach here as TypeErrors: p-retry rethrows every other TypeError itself. */
function isTransient(error: unknown): boolean {
  if (isHTTPError(error)) return transientStatuses.has(error.response.status)
  return isTimeoutError(error) || error instanceof TypeError
}
