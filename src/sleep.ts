/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts, clearing the
 * timer. `Infinity` waits for the abort alone (no timer is set).
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
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
