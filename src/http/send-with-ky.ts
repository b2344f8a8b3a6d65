import ky, {
  type BeforeRequestHook,
  isHTTPError,
  type KyInstance,
  type Options as KyOptions,
} from 'ky'
import type { HeadersInput } from '../types/options.js'
import { abortable } from './abort.js'
import { discardBody } from './body.js'
import { noteWithheld, type Withheld, withholdCredentials } from './credentials.js'
import { isRefused, type SendHop } from './hop.js'
import { isStreamBody } from './stream-body.js'

/**
 * Sends each hop through the user's ky (an instance or options) with pollwise's rules on top,
 * which must hold for every request: ky's retry and timeout off (p-retry and the transport own
 * them), redirects handed back, no `prefixUrl`, and credentials withheld from origins not trusted,
 * after the user's own hooks.
 */
export function sendWithKy(
  userKy: KyInstance | KyOptions,
  headers: HeadersInput | undefined,
  sensitiveHeaders: readonly string[],
): SendHop {
  const base = typeof userKy === 'function' ? userKy : ky.create(userKy)
  const instance = base.extend({
    prefixUrl: '',
    retry: 0,
    timeout: false,
    redirect: 'manual',
    ...(headers === undefined ? {} : { headers }),
    hooks: { beforeRequest: [credentialGuard(sensitiveHeaders)] },
  })
  // A user's hook or fetch may ignore the signal: the hop ends at the abort all the same, and an
  // answer that comes after it, an error's included, is let go.
  return (url, hop) =>
    abortable(
      discardErrorAfterAbort(
        instance(url, {
          method: hop.method,
          headers: hop.headers ?? {},
          signal: hop.signal,
          redirect: hop.redirect,
          throwHttpErrors: (status) => isRefused(hop, status),
          context: { trustedOrigins: hop.trustedOrigins, withheld: hop.withheld },
          ...(hop.json === undefined ? {} : { json: hop.json }),
          ...(hop.body === undefined ? {} : { body: hop.body }),
          ...(isStreamBody(hop.body) ? { duplex: 'half' as const } : {}),
        }),
        hop.signal,
      ),
      hop.signal,
      discardBody,
    )
}

/** ky hands an error status over as a rejection: one that comes after the abort is let go too. */
function discardErrorAfterAbort(answer: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return answer.catch((error: unknown) => {
    if (signal.aborted && isHTTPError(error)) discardBody(error.response)
    throw error
  })
}

/**
 * A ky hook that withholds credential headers from an origin the request does not trust, and
 * records their names by origin in `context.withheld`. It runs after every other hook, so it also catches
 * headers that user hooks add; a request without `context.trustedOrigins` trusts no origin.
 */
function credentialGuard(sensitiveHeaders: readonly string[]): BeforeRequestHook {
  return (request, options) => {
    const { trustedOrigins, withheld } = options.context
    const origin = new URL(request.url).origin
    if (trustedOrigins instanceof Set && trustedOrigins.has(origin)) return
    const names = withholdCredentials(request.headers, sensitiveHeaders)
    if (withheld instanceof Map) noteWithheld(withheld as Withheld, origin, names)
  }
}
