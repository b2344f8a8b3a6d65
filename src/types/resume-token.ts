import type { SubmitInfo } from './protocol.js'

/** The format version of the resume tokens this pollwise writes and reads. */
export type ResumeTokenVersion = 2

/**
 * Everything needed to continue an operation after a reload or a restart, as plain JSON. It holds
 * URLs, the convention's name and the schedule, and never a header value. It grants no trust:
 * credentials go only to the origins of the client that resumes it.
 *
 * @example
 * localStorage.setItem('report', JSON.stringify(op)) // op.toJSON() is a ResumeToken
 * const again = api.resume(localStorage.getItem('report')!)
 */
export interface ResumeToken {
  readonly pollwise: ResumeTokenVersion
  readonly protocol: string
  readonly statusUrl: string
  /** The URL polled next: the status URL (or where it moved), or the result link once named. */
  readonly target: string
  readonly stage: 'status' | 'result'
  readonly submit: SubmitInfo
  readonly startedAt: number
  readonly deadline: number
  readonly attempt: number
  readonly nextPollAt: number
  readonly answered: boolean
  readonly resultUrl?: string
  /** When the polls began failing in a row (an outage): `maxOutageMs` counts from here. */
  readonly outageSince?: number
  /** While `target` has not answered: when polling it began (its 404 and 409 grace counts from here). */
  readonly targetSince?: number
  /** Result links followed so far: past 10, a redirect loop is a `ProtocolError`. */
  readonly resultHops?: number
  /**
   * The submit's answer settled the operation, and its URL (a `POST`'s) does not read it again:
   * there is nothing to resume, and `resume()`, `check()` and `enqueueOperation` refuse the token.
   */
  readonly settledAtSubmit?: true
}
