import type { Clock } from '../types/clock.js'
import { systemClock } from './clock.js'
import { promiseOf } from './promise-of.js'
import { maxTimerMs } from './schedule.js'

/** The reason a sleep under `runAfter` is aborted with, only to end it: no DOMException built for it. */
const canceled = new Error('The timer was canceled')

const noop = () => {}

/**
 * Runs `callback` after `ms` on `clock`, unless the returned `cancel` comes first. On the system
 * clock this is one plain timer, with no controller, sleep or promise (a wait longer than a timer
 * holds goes on in steps); another clock sleeps under a controller of its own, which `cancel`
 * aborts. When that clock cannot sleep (its `sleep` throws or rejects), `onClockError` gets its
 * error instead. `Infinity` sets no timer on the system clock.
 */
export function runAfter(
  clock: Clock,
  ms: number,
  callback: () => void,
  onClockError: (error: unknown) => void = noop,
): () => void {
  if (clock === systemClock) {
    if (!Number.isFinite(ms)) return noop
    let timer: ReturnType<typeof setTimeout>
    const arm = (left: number) => {
      timer = setTimeout(
        left > maxTimerMs ? () => arm(left - maxTimerMs) : callback,
        Math.min(Math.max(0, left), maxTimerMs),
      )
    }
    arm(ms)
    return () => clearTimeout(timer)
  }
  const timer = new AbortController()
  promiseOf(() => clock.sleep(ms, timer.signal)).then(callback, (error: unknown) => {
    if (!timer.signal.aborted) onClockError(error)
  })
  return () => timer.abort(canceled)
}
