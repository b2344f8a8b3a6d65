import type { Clock } from '../types/clock.js'

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

/** A deadline read from a clock. */
export interface ClockDeadline extends Deadline {
  readonly clock: Clock
}

/**
 * `promise`, or the deadline's error if it comes first: work of someone else's (a validator, a
 * callback) never holds a wait past its deadline. The timer is cleared when either settles.
 */
export function beforeDeadline<T>(promise: Promise<T>, deadline: ClockDeadline): Promise<T> {
  const { clock } = deadline
  const timer = new AbortController()
  const expired = clock.sleep(Math.max(0, deadline.at - clock.now()), timer.signal).then(() => {
    throw deadline.reason()
  })
  expired.catch(() => {})
  return Promise.race([promise, expired]).finally(() => timer.abort())
}
