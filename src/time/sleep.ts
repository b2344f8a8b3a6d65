import { maxTimerMs } from './schedule.js'

/** A pair of timer functions: the platform's, or the fakes a test installed. */
export type Timers = Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts, clearing the
 * timer. `Infinity` waits for the abort alone (no timer is set). A wait longer than a timer can
 * hold (2^31-1 ms, about 24.8 days) is slept in steps, never cut short. The timers are the global
 * ones of the moment unless given.
 */
export function sleep(ms: number, signal: AbortSignal, timers: Timers = globalThis): Promise<void> {
  // Called unbound: a browser's timer functions refuse any `this` but the window's.
  const { setTimeout, clearTimeout } = timers
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason)
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const arm = (left: number): ReturnType<typeof setTimeout> =>
      setTimeout(
        () => {
          if (left > maxTimerMs) {
            timer = arm(left - maxTimerMs)
            return
          }
          signal.removeEventListener('abort', onAbort)
          resolve()
        },
        Math.min(left, maxTimerMs),
      )
    let timer = Number.isFinite(ms) ? arm(Math.max(0, ms)) : undefined
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
