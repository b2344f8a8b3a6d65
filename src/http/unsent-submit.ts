import { NetworkError } from '../errors.js'
import { isTimeoutError } from '../ky-errors.js'

/** Socket errors of a connection never made: the request carried nothing to the server. */
const neverConnected = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])

/**
 * Says in the message of a submit's failure that the submit was not sent again, when the server
 * may have received it (a reset, a body cut short, no answer in time): it may have started the
 * work, and the caller must not simply submit again (RFC 9110 §9.2.2). A connection refused, or
 * a name that does not resolve, carried nothing, and its message stays as it is.
 */
export function noteMaybeStarted(error: unknown, method: string): void {
  const socketError = error instanceof NetworkError ? error.cause : undefined
  const code = (socketError as { cause?: { code?: unknown } } | undefined)?.cause?.code
  const maybeReceived =
    isTimeoutError(error) || (error instanceof NetworkError && !neverConnected.has(String(code)))
  if (!maybeReceived) return
  error.message += `; the ${method} was not sent again, and the server may have started the operation: check before submitting again, or pass \`idempotencyKey\` so that a failed submit is retried safely`
}
