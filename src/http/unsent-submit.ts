import { TimeoutError } from 'ky'
import { NetworkError } from '../errors.js'

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
 * Says in the message of a submit's failure that the submit was not sent again, when the server
 * may have received it (a reset, a body cut short, no answer in time): it may have started the
 * work, and the caller must not simply submit again (RFC 9110 §9.2.2). A connection refused, or
 * a name that does not resolve, carried nothing, and its message stays as it is.
 */
export function noteMaybeStarted(error: unknown, method: string): void {
  const maybeReceived =
    error instanceof TimeoutError || (error instanceof NetworkError && !neverReachedServer(error))
  if (!maybeReceived) return
  error.message += `; the ${method} was not sent again: the server may have started the operation (\`idempotencyKey\` makes a submit safe to retry)`
}
