/**
 * Where an operation stands. Only `pending` is not terminal; `succeeded` resolves `wait()`,
 * `failed` and `canceled` reject it with {@link OperationFailedError} and
 * {@link OperationCanceledError}.
 *
 * @example
 * const done = (state: OperationState) => state !== 'pending'
 */
export type OperationState = 'pending' | 'succeeded' | 'failed' | 'canceled'

/**
 * One observation of an operation: plain data, safe to log, render or send across a worker.
 * `onProgress` and `snapshots()` receive one per answer while the operation is pending (the
 * submit's answer aside), and a last one when it ends (after the result download, when there is
 * one).
 *
 * @example
 * await op.wait({
 *   onProgress: (snap) => {
 *     bar.value = snap.progress ?? 0
 *     console.log(`${snap.state} after ${snap.attempt} requests, next in ${snap.nextPollInMs} ms`)
 *   },
 * })
 */
export interface Snapshot<Status = unknown> {
  /** Where the operation stands: `pending` until the last snapshot. */
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
  /**
   * Milliseconds to the predicted finish, from the average progress rate since the work started
   * (the last reading of 0, else the submit); it moves out while progress stands still. Absent
   * until progress has moved, after a reading that went back, and once the operation has ended.
   */
  readonly etaMs?: number
  /**
   * Requests made after the submit, this one included: status polls and result downloads alike
   * (a terminal snapshot after a download counts it). Not reset by a resume.
   */
  readonly attempt: number
  /** Milliseconds since the submit. */
  readonly elapsedMs: number
  /** When pending: milliseconds until the next poll. */
  readonly nextPollInMs?: number
  /**
   * The HTTP status of the response this snapshot was read from: the result download's for a
   * succeeded snapshot that followed a link.
   */
  readonly httpStatus: number
  /** Where the result lives, once the server has named it. */
  readonly resultUrl?: string
}
