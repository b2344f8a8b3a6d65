import {
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  ProtocolError,
  ResponseValidationError,
} from '../errors.js'
import { isHTTPError } from '../ky-errors.js'

/**
 * Whether an error ends the operation for good: the server's verdict (`OperationFailedError`,
 * `OperationCanceledError`), a broken protocol or body (`ProtocolError`,
 * `ResponseValidationError`), the deadline (`PollTimeoutError`), a `410 Gone` (ky's `HTTPError`:
 * RFC 9110 §15.5.11 calls it likely permanent, so the operation is no more). Any other error (the
 * network past `maxOutageMs`, a request timeout, a refusal such as 401, 404 or 503, an abort) ends
 * one wait only: the operation may still run on the server (a 404 may be temporary, §15.5.5), and
 * a later `wait()`, `resume()` or `check()` goes on. Keep a saved token until this says so.
 *
 * @example
 * try {
 *   show(await op.wait())
 *   localStorage.removeItem('export')
 * } catch (error) {
 *   if (endsOperation(error)) localStorage.removeItem('export')   // else keep it: wait again later
 *   throw error
 * }
 */
export function endsOperation(error: unknown): boolean {
  return (
    error instanceof OperationFailedError ||
    error instanceof OperationCanceledError ||
    error instanceof PollTimeoutError ||
    error instanceof ProtocolError ||
    error instanceof ResponseValidationError ||
    (isHTTPError(error) && error.response.status === 410)
  )
}
