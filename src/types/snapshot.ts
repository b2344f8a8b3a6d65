/** Where an operation stands. Only `pending` is not terminal. */
export type OperationState = 'pending' | 'succeeded' | 'failed' | 'canceled'

/**
 * One observation of an operation: plain data, safe to log, render or send across a worker.
 *
 * @example
 * op.wait({ onProgress: (snap) => bar.update(snap.progress ?? 0) })
 */
export interface Snapshot<Status = unknown> {
  readonly state: OperationState
  /**
   * The last status body (validated when a `status` schema was given). `undefined` until a status
   * body came: a status location that answers `202` with no body, or `200` with the result itself.
   */
  readonly status: Status | undefined
  /**
   * Completion from 0 to 1, when the server reports progress. It follows the server: it never
   * decreases unless the server's own figure goes back.
   */
  readonly progress?: number
  /** Milliseconds to the predicted finish, from the progress rate, while progress moves. */
  readonly etaMs?: number
  /** Status requests made so far, this one included. */
  readonly attempt: number
  /** Milliseconds since the submit. */
  readonly elapsedMs: number
  /** When pending: milliseconds until the next poll. */
  readonly nextPollInMs?: number
  /** The HTTP status of the response this snapshot was read from. */
  readonly httpStatus: number
  /** Where the result lives, once the server has named it. */
  readonly resultUrl?: string
}
