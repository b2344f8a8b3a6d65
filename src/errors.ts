import { describeCause, describeDetail, formatPath } from './error-messages.js'
import { redactUrls } from './redact-urls.js'
import type { Snapshot } from './types/snapshot.js'

/**
 * The base class of every error pollwise raises itself. ky's `HTTPError` and `TimeoutError`, a
 * `TypeError` for a bad argument and an abort's reason keep their own identity and do not extend it.
 * Its message never shows a quoted URL's userinfo nor its query values but `api-version`'s (see
 * docs/security.md); the error's fields keep the URLs whole.
 *
 * @example
 * try {
 *   await op.wait()
 * } catch (error) {
 *   if (error instanceof PollwiseError) log.warn(`${error.name}: ${error.message}`)
 *   else throw error
 * }
 */
export class PollwiseError extends Error {
  override name = 'PollwiseError'

  constructor(message?: string, options?: ErrorOptions) {
    super(redactUrls(message ?? ''), options)
  }
}

/**
 * The server reports that the operation failed: a status word such as `failed` or `error`, an
 * Azure `Failed`, a Google operation done with an `error`.
 *
 * @example
 * try {
 *   await op.wait()
 * } catch (error) {
 *   if (!(error instanceof OperationFailedError)) throw error
 *   console.error(error.message)          // Operation failed at https://…/jobs/1: Out of paper
 *   console.error(error.detail)           // the server's own error, as it sent it
 *   console.error(error.snapshot.status)  // the status body that said it failed
 * }
 */
export class OperationFailedError extends PollwiseError {
  override name = 'OperationFailedError'
  /** The terminal observation, whose `status` holds the server's body. */
  readonly snapshot: Snapshot
  /** The server's own error detail (an `error` field, a message), when it gave one. */
  readonly detail: unknown
  /** The URL whose answer said the operation failed. */
  readonly url: string

  constructor(snapshot: Snapshot, detail: unknown, url: string) {
    super(`Operation failed at ${url}${describeDetail(detail)}`)
    this.snapshot = snapshot
    this.detail = detail
    this.url = url
  }
}

/**
 * The operation was canceled: the server says so (a status word such as `canceled`, a Google
 * error with code 1), or `operation.cancel()` stopped it from this side.
 *
 * @example
 * try {
 *   await op.wait()
 * } catch (error) {
 *   if (error instanceof OperationCanceledError) showMessage('The export was canceled')
 *   else throw error
 * }
 */
export class OperationCanceledError extends PollwiseError {
  override name = 'OperationCanceledError'
  /** The terminal observation, `state: 'canceled'`. */
  readonly snapshot: Snapshot
  /** The URL whose answer said the operation was canceled (or the status URL, for `cancel()`). */
  readonly url: string

  constructor(snapshot: Snapshot, url: string) {
    super(`Operation was canceled at ${url}`)
    this.snapshot = snapshot
    this.url = url
  }
}

/**
 * The last answer an operation saw: its HTTP status and the URL that gave it. A
 * {@link PollTimeoutError} carries it, so a timeout says what the server was answering.
 *
 * @example
 * if (error instanceof PollTimeoutError && error.lastAnswer?.httpStatus === 404) {
 *   console.error(`${error.lastAnswer.url} never appeared`)
 * }
 */
export interface LastAnswer {
  /** The HTTP status of the answer. */
  readonly httpStatus: number
  /** The URL that answered, after redirects. */
  readonly url: string
}

/**
 * `timeoutMs` passed before the operation reached a terminal state. It fires at the deadline
 * itself, aborting a request in flight, not after one more sleep. The deadline is the
 * operation's (a resume token keeps it), so a later `wait()` rejects with this error again at
 * once; the server may still be running the task.
 *
 * Not to be confused with ky's `TimeoutError`: one request outlasting `requestTimeoutMs`.
 *
 * @example
 * try {
 *   await op.wait()
 * } catch (error) {
 *   if (!(error instanceof PollTimeoutError)) throw error
 *   console.error(error.message)
 *   // Operation did not finish within 600000 ms (41 requests, last state pending; last answer 200 from https://…)
 *   console.error(error.snapshot?.progress, error.lastAnswer?.httpStatus)
 * }
 */
export class PollTimeoutError extends PollwiseError {
  override name = 'PollTimeoutError'
  /** Requests made after the submit, result downloads included (`0` when the submit itself timed out). */
  readonly attempts: number
  /** Milliseconds from the submit to when the deadline fired: `timeoutMs`, or a bit more. */
  readonly elapsedMs: number
  /** The last observation, if any poll answered before the deadline. */
  readonly snapshot: Snapshot | undefined
  /** The last answer seen, the submit's included: a status URL that kept answering 404 shows here. */
  readonly lastAnswer: LastAnswer | undefined

  constructor(
    attempts: number,
    elapsedMs: number,
    snapshot: Snapshot | undefined,
    lastAnswer?: LastAnswer,
  ) {
    const state = snapshot ? `, last state ${snapshot.state}` : ''
    const answer = lastAnswer ? `; last answer ${lastAnswer.httpStatus} from ${lastAnswer.url}` : ''
    super(`Operation did not finish within ${elapsedMs} ms (${attempts} requests${state}${answer})`)
    this.attempts = attempts
    this.elapsedMs = elapsedMs
    this.snapshot = snapshot
    this.lastAnswer = lastAnswer
  }
}

/**
 * One problem a schema reported, in the Standard Schema shape; pollwise's own checks of a body
 * (not JSON, empty, too large) report one issue without a path.
 *
 * @example
 * for (const issue of error.issues) console.error(issue.path?.join('.') ?? '(body)', issue.message)
 */
export interface ValidationIssue {
  /** What is wrong, in the validator's words. */
  readonly message: string
  /** Where in the body, as keys from the root; absent for the body as a whole. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

/**
 * A body did not match its schema (`status` or `result`), was not valid JSON though labelled
 * JSON, was empty but labelled JSON where a result was due, or was larger than `maxBodyBytes`.
 *
 * @example
 * try {
 *   await op.wait({ result: z.object({ url: z.string() }) })
 * } catch (error) {
 *   if (!(error instanceof ResponseValidationError)) throw error
 *   console.error(error.url, error.issues, error.bodyExcerpt)
 * }
 */
export class ResponseValidationError extends PollwiseError {
  override name = 'ResponseValidationError'
  /** The URL whose body was at fault. */
  readonly url: string
  /** What was wrong: the schema's issues, or one issue of pollwise's own. */
  readonly issues: readonly ValidationIssue[]
  /** The start of the body as received, at most 500 characters. */
  readonly bodyExcerpt: string

  /** `note` says more of where the body came from, after the issues. */
  constructor(url: string, issues: readonly ValidationIssue[], bodyExcerpt: string, note?: string) {
    const first = issues
      .slice(0, 3)
      .map((issue) => `${formatPath(issue.path)}${issue.message}`)
      .join('; ')
    super(
      `Response from ${url} did not validate: ${first}${note === undefined ? '' : ` (${note})`}`,
    )
    this.url = url
    this.issues = issues
    this.bodyExcerpt = bodyExcerpt
  }
}

/**
 * The server broke the polling protocol: a `202` without a status location, a location that is not
 * http(s), a redirect loop, an unknown status word, a status field that is not a string, an HTML
 * page or a body without a status where a status was due, a 3xx other than 303. The message says
 * which; see docs/troubleshooting.md for what to do about each.
 *
 * @example
 * try {
 *   await op.wait()
 * } catch (error) {
 *   if (!(error instanceof ProtocolError)) throw error
 *   console.error(error.message)      // Unknown status word "ON_HOLD" in `status`; pass `classifyStatus` to map it to a state (https://…)
 *   console.error(error.bodyExcerpt)  // the start of the offending body, when a body was at fault
 * }
 */
export class ProtocolError extends PollwiseError {
  override name = 'ProtocolError'
  /** The URL of the response that broke the protocol. */
  readonly url: string
  /** The start of the offending body, at most 500 characters, when a body was at fault. */
  readonly bodyExcerpt: string | undefined

  constructor(message: string, url: string, bodyExcerpt?: string) {
    const excerpt = bodyExcerpt ? `: ${JSON.stringify(bodyExcerpt.slice(0, 200))}` : ''
    super(`${message} (${url})${excerpt}`)
    this.url = url
    this.bodyExcerpt = bodyExcerpt
  }
}

/**
 * A request failed at the network level (a reset, a refused connection, DNS, a body cut short; in
 * a browser also a CORS refusal, which looks the same) on every try. The original error is
 * `cause`; in Node its own `cause` holds the socket-level code (`ECONNREFUSED`, `ENOTFOUND`…),
 * which the message repeats.
 *
 * @example
 * try {
 *   await op.wait()
 * } catch (error) {
 *   if (!(error instanceof NetworkError)) throw error
 *   console.error(`${error.url} unreachable after ${error.attempts} tries`, error.cause)
 * }
 */
export class NetworkError extends PollwiseError {
  override name = 'NetworkError'
  /** The URL of the request that failed. */
  readonly url: string
  /** Tries made, the first included. */
  readonly attempts: number

  constructor(url: string, attempts: number, cause: unknown, inBrowser: boolean) {
    const reason = cause instanceof Error ? describeCause(cause) : String(cause)
    const cors = inBrowser
      ? '; in a browser a CORS refusal looks like this too: check that the server allows this origin'
      : ''
    super(
      `Network failure on ${url} after ${attempts} ${attempts === 1 ? 'try' : 'tries'}: ${reason}${cors}`,
      { cause },
    )
    this.url = url
    this.attempts = attempts
  }
}

/**
 * `operation.cancel()` found no way to cancel on the server: it answered 404, 405 or 501, or the
 * convention offers none for this operation (`httpStatus` is then `undefined` and no request was
 * sent). Local polling stopped all the same.
 *
 * @example
 * try {
 *   const accepted = await op.cancel()
 *   showMessage(accepted ? 'Canceled' : 'The server refused to cancel')
 * } catch (error) {
 *   if (error instanceof CancelNotSupportedError) showMessage('Stopped waiting; the server cannot cancel')
 *   else throw error
 * }
 */
export class CancelNotSupportedError extends PollwiseError {
  override name = 'CancelNotSupportedError'
  /** The URL the cancel request went to, or the status URL when none was sent. */
  readonly url: string
  /** The server's answer (404, 405 or 501), or `undefined` when no request was sent. */
  readonly httpStatus: number | undefined

  constructor(url: string, answer?: { readonly method: string; readonly httpStatus: number }) {
    super(
      answer
        ? `The server does not support cancel: ${answer.method} ${url} answered ${answer.httpStatus}`
        : `The operation's convention offers no cancel; nothing was sent (${url})`,
    )
    this.url = url
    this.httpStatus = answer?.httpStatus
  }
}
