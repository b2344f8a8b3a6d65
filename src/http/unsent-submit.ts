import { type HTTPError, TimeoutError } from 'ky'
import { NetworkError, PollTimeoutError } from '../errors.js'
import { isHTTPError } from '../ky-errors.js'
import { isTransient } from './transport.js'

/** Socket errors of a connection never made: the request carried nothing to the server. */
const neverConnected = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])

/** Whether a request's failure is a connection never made, which carried nothing to the server. */
function neverReachedServer(error: unknown): boolean {
  const fetchError = error instanceof NetworkError ? error.cause : undefined
  const code = (fetchError as { cause?: { code?: unknown } } | undefined)?.cause?.code
  return neverConnected.has(String(code))
}

/**
 * Whether an error answer is a server error that a safe request would be sent again after (500,
 * 502, 504, an unregistered 5xx): the server, or the one behind a gateway (a load balancer's idle
 * timeout), may have begun the work before it failed. A `503` says the server could not handle the
 * request (RFC 9110 §15.6.4), and a 4xx refused it.
 */
function serverMayHaveBegun(error: unknown): error is HTTPError {
  return (
    isHTTPError(error) &&
    error.response.status >= 500 &&
    error.response.status !== 503 &&
    isTransient(error)
  )
}

/**
 * Says in the message of a submit's failure that the submit was not sent again, when the server
 * may have received it (a reset, a body cut short, no answer in time or before the deadline
 * `cutUnderWay`, a gateway's `502` or `504`): it may have started the work, and the caller must
 * not simply submit again (RFC 9110 §9.2.2). A connection refused, or a name that does not
 * resolve, carried nothing, and its message stays as it is.
 */
export function noteMaybeStarted(error: unknown, method: string, cutUnderWay: boolean): void {
  const maybeReceived =
    error instanceof TimeoutError ||
    (error instanceof PollTimeoutError && cutUnderWay) ||
    (error instanceof NetworkError && !neverReachedServer(error)) ||
    serverMayHaveBegun(error)
  if (!maybeReceived) return
  error.message += `; the ${method} was not sent again: the server may have started the operation (\`idempotencyKey\` makes a submit safe to retry)`
}
