import type { Snapshot } from './types/snapshot.js'

/** The base class of every error pollwise raises itself. */
export class PollwiseError extends Error {
  override name = 'PollwiseError'
}

/** The server reports that the operation failed. */
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

/** The server reports that the operation was canceled. */
export class OperationCanceledError extends PollwiseError {
  override name = 'OperationCanceledError'
  readonly snapshot: Snapshot
  /** The URL whose answer said the operation was canceled (or the status URL, for `cancel()`). */
  readonly url: string

  constructor(snapshot: Snapshot, url: string) {
    super(`Operation was canceled at ${url}`)
    this.snapshot = snapshot
    this.url = url
  }
}

/** The last answer an operation saw: its HTTP status and the URL that gave it. */
export interface LastAnswer {
  readonly httpStatus: number
  readonly url: string
}

/** `timeoutMs` passed before the operation reached a terminal state. */
export class PollTimeoutError extends PollwiseError {
  override name = 'PollTimeoutError'
  /** Status requests made so far. */
  readonly attempts: number
  /** Milliseconds from the submit to the deadline. */
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
    super(`Operation did not finish within ${elapsedMs} ms (${attempts} polls${state}${answer})`)
    this.attempts = attempts
    this.elapsedMs = elapsedMs
    this.snapshot = snapshot
    this.lastAnswer = lastAnswer
  }
}

/** One problem a schema reported, in the Standard Schema shape. */
export interface ValidationIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

/** A body did not match its schema, or was not JSON where JSON was required. */
export class ResponseValidationError extends PollwiseError {
  override name = 'ResponseValidationError'
  readonly url: string
  readonly issues: readonly ValidationIssue[]
  /** The start of the body as received, at most 500 characters. */
  readonly bodyExcerpt: string

  constructor(url: string, issues: readonly ValidationIssue[], bodyExcerpt: string) {
    const first = issues
      .slice(0, 3)
      .map((issue) => `${formatPath(issue.path)}${issue.message}`)
      .join('; ')
    super(`Response from ${url} did not validate: ${first}`)
    this.url = url
    this.issues = issues
    this.bodyExcerpt = bodyExcerpt
  }
}

/** The server broke the polling protocol (no status location, a non-http(s) location, an unknown state word...). */
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
 * a browser also a CORS refusal, which looks the same) on every try.
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
 */
export class CancelNotSupportedError extends PollwiseError {
  override name = 'CancelNotSupportedError'
  readonly url: string
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

/** A fetch failure's own message, with the socket-level reason Node keeps in `cause`. */
function describeCause(error: Error): string {
  const inner = error.cause instanceof Error ? error.cause : undefined
  const code = (inner as { code?: unknown } | undefined)?.code
  return inner
    ? `${error.message} (${typeof code === 'string' ? code : inner.message})`
    : error.message
}

function formatPath(path: ValidationIssue['path']): string {
  if (!path || path.length === 0) return ''
  const keys = path.map((segment) => String(typeof segment === 'object' ? segment.key : segment))
  return `${keys.join('.')}: `
}

function describeDetail(detail: unknown): string {
  if (detail === undefined || detail === null) return ''
  if (typeof detail === 'string') return `: ${detail}`
  if (typeof detail === 'object' && 'message' in detail && typeof detail.message === 'string') {
    const code = 'code' in detail && detail.code !== undefined ? ` [${String(detail.code)}]` : ''
    return `: ${detail.message}${code}`
  }
  return `: ${JSON.stringify(detail)}`
}
