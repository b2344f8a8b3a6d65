import { systemClock } from '../time/clock.js'
import { maxTimerMs } from '../time/schedule.js'
import type { Clock } from '../types/clock.js'

const noop = () => {}

/**
 * An AbortController that follows `parent` (a plain one without it), held strongly by the
 * parent's listener for as long as it is linked. A signal from `AbortSignal.any` is held only
 * weakly by its sources and can be collected while a request still depends on it; this one
 * cannot. `unlink()` when done.
 */
export function linkedController(parent: AbortSignal | undefined): {
  controller: AbortController
  unlink(): void
} {
  const controller = new AbortController()
  if (parent === undefined) return { controller, unlink: noop }
  if (parent.aborted) {
    controller.abort(parent.reason)
    return { controller, unlink: noop }
  }
  const onAbort = () => controller.abort(parent.reason)
  parent.addEventListener('abort', onAbort, { once: true })
  return { controller, unlink: () => parent.removeEventListener('abort', onAbort) }
}

/**
 * Aborts `controller` with `reason()` after `ms`, unless the returned `cancel` comes first. On the
 * system clock this is one plain timer (a request's timeout is set and cleared for every try);
 * another clock sleeps under a controller of its own, which `cancel` aborts.
 */
export function abortAfter(
  controller: AbortController,
  ms: number,
  clock: Clock,
  reason: () => unknown,
): () => void {
  if (clock === systemClock) {
    if (!Number.isFinite(ms)) return () => {}
    const timer = setTimeout(
      () => controller.abort(reason()),
      Math.min(Math.max(0, ms), maxTimerMs),
    )
    return () => clearTimeout(timer)
  }
  const timer = new AbortController()
  clock.sleep(ms, timer.signal).then(
    () => controller.abort(reason()),
    () => {},
  )
  return () => timer.abort()
}

/**
 * Settles with `promise`, or rejects with the signal's reason the moment it aborts; a value that
 * arrives after the abort goes to `discard` (a response whose body must be let go).
 */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  discard: (late: T) => void,
): Promise<T> {
  if (signal.aborted) {
    promise.then(discard, () => {})
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        if (signal.aborted) discard(value)
        else resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
