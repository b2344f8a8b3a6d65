/** A pair of timer functions: the platform's, or the fakes a test installed. */
export type Timers = Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts, clearing the
 * timer. `Infinity` waits for the abort alone (no timer is set). The timers are the global ones of
 * the moment unless given.
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
    const timer = Number.isFinite(ms)
      ? setTimeout(
          () => {
            signal.removeEventListener('abort', onAbort)
            resolve()
          },
          Math.max(0, ms),
        )
      : undefined
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
