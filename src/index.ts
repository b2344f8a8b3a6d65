/**
 * pollwise: a typed client for HTTP long-running operations. {@link createClient} makes a
 * client; its `start()` submits a task and returns an {@link Operation}, whose `wait()` follows
 * the status location the server named, polling with backoff, until the operation ends, and
 * resolves with the validated result. Guides: the README and docs/ of the package.
 *
 * Every error pollwise raises itself extends {@link PollwiseError}. Two of ky's errors are
 * re-exported as they are, so that `instanceof` works without a dependency on ky:
 *
 * - `HTTPError`: a permanent HTTP failure (400, 401, 403, 410; 404 and 409 past the grace), or a
 *   transient one (408, 429, 500, 502, 503, 504) after its retries. `error.response` is the
 *   server's `Response` with its body kept (up to 64 KiB, read before the error is thrown, so
 *   that the connection is freed); `error.request` the request.
 * - `TimeoutError`: one request outlasted `requestTimeoutMs` on every try. `error.request` names
 *   it. The whole operation's deadline (`timeoutMs`) is {@link PollTimeoutError} instead.
 *
 * Every request goes through ky, and these are the classes of the ky that pollwise imports. An app
 * with another copy of ky (its own bundle, another version) gets errors that `instanceof` against
 * its own classes does not recognise: {@link isHTTPError} and {@link isTimeoutError} tell them
 * apart by name and shape, whichever copy made them.
 *
 * @example
 * ```ts
 * import { createClient, HTTPError, OperationFailedError, PollTimeoutError, TimeoutError } from 'pollwise'
 *
 * const api = createClient({ baseUrl: 'https://api.example.com/v2' })
 * try {
 *   const report = await api.run('/start-report', { json: { month: '2026-10' } })
 *   console.log(report)
 * } catch (error) {
 *   if (error instanceof OperationFailedError) console.error('The report failed:', error.detail)
 *   else if (error instanceof PollTimeoutError) console.error('Still running:', error.message)
 *   else if (error instanceof HTTPError) console.error(error.response.status, await error.response.text())
 *   else if (error instanceof TimeoutError) console.error('No answer from', error.request.url)
 *   else throw error
 * }
 * ```
 *
 * @packageDocumentation
 */
export { HTTPError, TimeoutError } from 'ky'
export { createClient, type PollwiseClient } from './client.js'
export {
  CancelNotSupportedError,
  type LastAnswer,
  NetworkError,
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  PollwiseError,
  ProtocolError,
  ResponseValidationError,
  type ValidationIssue,
} from './errors.js'
export { isHTTPError, isTimeoutError } from './ky-errors.js'
export { endsOperation } from './operation/ends-operation.js'
export { Operation } from './operation/operation.js'
export { type GoogleOperationsOptions, googleOperations } from './protocols/google.js'
export type { CheckOptions, CheckOutcome } from './types/check.js'
export type { Clock } from './types/clock.js'
export type { ConventionParts, StatePart } from './types/conventions.js'
export type {
  BackoffOptions,
  ClientOptions,
  FollowOptions,
  Jitter,
  RunOptions,
  StartOptions,
  WaitOptions,
} from './types/options.js'
export type {
  CancelRequest,
  FinalStateVia,
  Observation,
  ProgressReading,
  Protocol,
  ProtocolContext,
  ProtocolName,
  Reading,
  ResultLocator,
  ResultSource,
  StatusClassifier,
  StatusResponse,
  SubmitInfo,
} from './types/protocol.js'
export type { ResumeToken } from './types/resume-token.js'
export type { OperationState, Snapshot } from './types/snapshot.js'
export type { StandardSchemaV1 } from './types/standard-schema.js'
