/**
 * Time as pollwise reads it, passed as the client's `clock` option: tests and simulations pass
 * their own, so that whole operations run without real time. Several sleeps may run at once (the
 * one that every sleeping operation of the clock shares, a request's timeout, a retry's wait), so a
 * virtual clock wakes each at its own due time.
 * Under vitest's or Sinon's fake timers the default clock already follows the fake time.
 *
 * @example
 * // Time runs ten times faster: a demo of a ten-minute job in one minute.
 * const start = Date.now()
 * const fast: Clock = {
 *   now: () => start + (Date.now() - start) * 10,
 *   sleep: (ms, signal) =>
 *     new Promise((resolve, reject) => {
 *       signal.throwIfAborted()
 *       const onAbort = () => {
 *         clearTimeout(timer)
 *         reject(signal.reason)
 *       }
 *       const wake = () => {
 *         signal.removeEventListener('abort', onAbort)
 *         resolve()
 *       }
 *       const timer = Number.isFinite(ms) ? setTimeout(wake, ms / 10) : undefined
 *       signal.addEventListener('abort', onAbort, { once: true })
 *     }),
 * }
 * const api = createClient({ baseUrl: 'http://localhost:3000', clock: fast })
 */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts; `Infinity` waits for the abort alone. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
}
