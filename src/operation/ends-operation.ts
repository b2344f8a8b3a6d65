import {
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  ProtocolError,
  ResponseValidationError,
} from '../errors.js'

/**
 * Whether an error ends the operation for good: the server's verdict (`OperationFailedError`,
 * `OperationCanceledError`), a broken protocol or body (`ProtocolError`,
 * `ResponseValidationError`), the deadline (`PollTimeoutError`). Any other error (the network past
 * `maxOutageMs`, a request timeout, a refusal such as 401 or 503, an abort) ends one wait only:
 * the operation may still run on the server, and a later `wait()`, `resume()` or `check()` goes on.
 * Keep a saved token until this says so.
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
    error instanceof ResponseValidationError
  )
}
