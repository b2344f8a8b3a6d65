import { sleep } from './sleep.js'

/**
 * Time as pollwise reads it: tests and simulations pass their own, so that whole operations run
 * without real time.
 */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts; `Infinity` waits for the abort alone. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
}

export const systemClock: Clock = { now: () => Date.now(), sleep }
