/**
 * A deadline and the error it ends a wait with: the operation's `PollTimeoutError`, for a request
 * queued for its slot or a tab that only listens.
 */
export interface Deadline {
  /** The clock reading at which the wait ends. */
  readonly at: number
  /** The error it ends with. */
  readonly reason: () => unknown
}
