import ky, { type BeforeRequestHook, type KyInstance, type Options as KyOptions } from 'ky'
import { isHTTPError } from '../ky-errors.js'
import { withPreferences } from '../time/long-poll.js'
import type { ClientOptions, HeadersInput } from '../types/options.js'
import { discardBody } from './body.js'
import { noteWithheld, type Withheld, withholdCredentials } from './credentials.js'
import { type Hop, isRefused, type SendHop } from './hop.js'
import { isStreamBody } from './stream-body.js'

/**
 * The HTTP layer: every hop goes through one ky instance, made here once with the client, from
 * the app's ky (an instance or options) when it gave one, with pollwise's rules on top, which hold
 * for every request: ky's retry and timeout off (p-retry and the transport own them), redirects
 * handed back, no `prefixUrl`, an error status thrown from 400 up, no HTTP cache (`no-store`,
 * unless the app set a cache mode), and credentials withheld from origins not trusted.
 *
 * Only what varies goes with each request (the method, the headers as settled for the origin, a
 * body; accepted error statuses where the hop has them), so that ky merges little per request. The
 * client's headers are settled once, as they go to a trusted origin and as they go to any other.
 * A guard after the app's hooks withholds the credentials they or the app's ky add; without either
 * there is nothing for it to catch, and no hook runs.
 *
 * The hop's signal goes to the fetch rather than to ky, which would join it to a controller of its
 * own with `AbortSignal.any` (a signal more per request) that nothing aborts, its timeout being off.
 * The platform's fetch is looked up at each request, so that one installed later (a mock) is the
 * one used.
 */
export function createSendHop(
  options: Pick<ClientOptions, 'ky' | 'headers'>,
  sensitiveHeaders: readonly string[],
): SendHop {
  let appFetch: typeof fetch | undefined
  let guarded = false
  // ky's defaults: the method GET, no prefixUrl. A request leaves them out where the app's ky keeps them.
  let sendsGet = false
  let appPrefer: string | null = null
  // ky itself with the platform's fetch ends the request at the abort: no hook or fetch of the app's may hold it.
  const ownsFetch = options.ky === undefined
  const instance = appKy(options.ky).extend((defaults) => {
    appFetch = defaults.fetch
    guarded =
      (defaults.hooks?.beforeRequest?.length ?? 0) > 0 ||
      carriesCredentials(defaults.headers, sensitiveHeaders)
    sendsGet = defaults.method === undefined
    if (defaults.headers !== undefined) {
      appPrefer = new Headers(defaults.headers as HeadersInput).get('prefer')
    }
    return {
      ...(defaults.prefixUrl ? { prefixUrl: '' } : {}),
      retry: 0,
      timeout: false,
      redirect: 'manual',
      throwHttpErrors: isErrorStatus,
      // A status read must reach the server: a stored answer (one a browser keeps by heuristic
      // freshness, RFC 9111 §4.2.2) would say "running" for ever. The app's own cache mode wins.
      ...(defaults.cache === undefined ? { cache: 'no-store' as const } : {}),
      ...(guarded ? { hooks: { beforeRequest: [credentialGuard(sensitiveHeaders)] } } : {}),
    }
  })
  const headersFor = clientHeaders(options.headers, sensitiveHeaders, appPrefer)
  return (url, hop) => {
    const { signal } = hop
    const request: KyOptions = {
      fetch: (input, init) => (appFetch ?? globalThis.fetch)(input, { ...init, signal }),
    }
    if (!(sendsGet && hop.method === 'GET')) request.method = hop.method
    const headers = headersFor(url, hop)
    if (headers !== undefined) request.headers = headers
    if (guarded)
      request.context = { url, trustedOrigins: hop.trustedOrigins, withheld: hop.withheld }
    if (hop.redirect !== 'manual') request.redirect = hop.redirect
    if (hop.accept.length > 0) request.throwHttpErrors = (status) => isRefused(hop, status)
    if (hop.json !== undefined) request.json = hop.json
    if (hop.body !== undefined) {
      request.body = hop.body
      // A streamed body needs it where the platform implements request streams.
      if (isStreamBody(hop.body)) (request as { duplex?: 'half' }).duplex = 'half'
    }
    const answer = instance(url, request)
    return ownsFetch ? answer : settleByAbort(answer, signal)
  }
}

/** The app's ky: its instance, one made from its options, or ky itself. */
function appKy(given: KyInstance | KyOptions | undefined): KyInstance {
  if (typeof given === 'function') return given
  return given === undefined ? ky : ky.create(given)
}

/** Whether ky throws a status as `HTTPError` when the hop accepts none: 400 and more (not a redirect handed back). */
const isErrorStatus = (status: number): boolean => status >= 400

/**
 * The client's headers with a hop's own on top, as they go to the hop's URL: credentials only to
 * an origin the hop trusts, the names of those withheld noted in `hop.withheld`. `undefined` when
 * there are none. A hop's `Prefer` adds its preferences to the client's (or, without one, to the
 * app's ky's `appPrefer`).
 */
function clientHeaders(
  headers: HeadersInput | undefined,
  sensitiveHeaders: readonly string[],
  appPrefer: string | null,
): (url: URL, hop: Hop) => HeadersInput | undefined {
  const trusted = new Headers(headers)
  const untrusted = new Headers(trusted)
  const withheldAlways = withholdCredentials(untrusted, sensitiveHeaders)
  // A plain record is cheaper to copy than a Headers; none at all is cheaper still.
  const asRecord = (settled: Headers) => {
    const record = Object.fromEntries(settled)
    return Object.keys(record).length === 0 ? undefined : record
  }
  const trustedRecord = asRecord(trusted)
  const untrustedRecord = asRecord(untrusted)
  return (url, hop) => {
    const isTrusted = hop.trustedOrigins.has(url.origin)
    if (hop.headers === undefined) {
      if (isTrusted) return trustedRecord
      noteWithheld(hop.withheld, url.origin, withheldAlways)
      return untrustedRecord
    }
    const merged = new Headers(trusted)
    for (const [name, value] of hop.headers) {
      // Preferences add up (RFC 7240 §2): a hop's own come first, the client's others stay.
      const preferred = name === 'prefer' && (merged.get(name) ?? appPrefer)
      merged.set(name, preferred ? withPreferences(value, preferred) : value)
    }
    if (!isTrusted) {
      noteWithheld(hop.withheld, url.origin, withholdCredentials(merged, sensitiveHeaders))
    }
    return merged
  }
}

/** Whether the app's ky sends credential headers of its own. */
function carriesCredentials(
  headers: KyOptions['headers'],
  sensitiveHeaders: readonly string[],
): boolean {
  if (headers === undefined) return false
  const given = new Headers(headers as HeadersInput)
  return sensitiveHeaders.some((name) => given.has(name))
}

/**
 * Settles with ky's answer, or rejects with the signal's reason the moment it aborts: an app's
 * hook or fetch may ignore the signal, and the hop ends at the abort all the same. An answer that
 * comes after the abort is let go, an error status's too.
 */
function settleByAbort(answer: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
    answer.then(
      (response) => {
        signal.removeEventListener('abort', onAbort)
        if (signal.aborted) discardBody(response)
        else resolve(response)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        if (signal.aborted && isHTTPError(error)) discardBody(error.response)
        reject(error)
      },
    )
  })
}

/** What the credential guard reads of a request: its URL as sent, which origins it trusts, where to note what it withheld. */
type HopContext = {
  readonly url: URL
  readonly trustedOrigins: ReadonlySet<string>
  readonly withheld: Withheld
}

/**
 * A ky hook that withholds credential headers from an origin the request does not trust, and
 * records their names by origin in `context.withheld`. It runs after every other hook, so it also
 * catches headers that the app's hooks or its ky add (and a URL a hook changed); a request without
 * `context.trustedOrigins` trusts no origin.
 */
function credentialGuard(sensitiveHeaders: readonly string[]): BeforeRequestHook {
  return (request, options) => {
    const { url, trustedOrigins, withheld } = options.context as Partial<HopContext>
    const origin =
      url !== undefined && request.url === url.href ? url.origin : new URL(request.url).origin
    if (trustedOrigins instanceof Set && trustedOrigins.has(origin)) return
    const names = withholdCredentials(request.headers, sensitiveHeaders)
    if (withheld instanceof Map) noteWithheld(withheld, origin, names)
  }
}
