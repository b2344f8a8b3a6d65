import type { Settings } from './options.js'
import type { SimulatedOperation, SimulatedState } from './types.js'

/** The URLs of one simulated operation. */
export interface Locations {
  /** Polled for the state: the status location, the monitor, the Operation. */
  readonly status: string
  /** Serves the result once succeeded, where it has a URL of its own. */
  readonly result?: string
  /** Receives the cancel request. */
  readonly cancel: string
}

/** One operation as the server holds it; `view` is what the simulation shows of it. */
export interface TrackedOperation {
  readonly id: string
  readonly locations: Locations
  /** `Date.now()` at the submit. */
  readonly startedAt: number
  /** Status polls answered so far, the one being answered included. */
  polls: number
  canceled: boolean
  readonly view: SimulatedOperation
}

/** Starts tracking an operation now. */
export function trackOperation(
  id: string,
  locations: Locations,
  settings: Settings,
): TrackedOperation {
  const tracked: TrackedOperation = {
    id,
    locations,
    startedAt: Date.now(),
    polls: 0,
    canceled: false,
    view: {
      id,
      statusUrl: locations.status,
      ...(locations.result === undefined ? {} : { resultUrl: locations.result }),
      get state() {
        return stateOf(tracked, settings, Date.now())
      },
      get polls() {
        return tracked.polls
      },
    },
  }
  return tracked
}

/** Where an operation stands at `now`: canceled, else pending until its finish, then its outcome. */
export function stateOf(
  tracked: TrackedOperation,
  settings: Settings,
  now: number,
): SimulatedState {
  if (tracked.canceled) return 'canceled'
  const { finish } = settings
  const finished =
    'polls' in finish ? tracked.polls >= finish.polls : now - tracked.startedAt >= finish.durationMs
  return finished ? settings.outcome : 'pending'
}

/**
 * The progress (0..1) a pending answer reports at `now`, or `undefined` without progress: 0 at the
 * submit; then the n-th poll's value (the last one past the end), or the value of the part of the
 * duration `now` falls in.
 */
export function progressOf(
  tracked: TrackedOperation,
  settings: Settings,
  now: number,
): number | undefined {
  const { progress, finish } = settings
  if (progress === undefined) return undefined
  if (tracked.polls === 0) return 0
  const last = progress.length - 1
  const index =
    'polls' in finish
      ? Math.min(tracked.polls - 1, last)
      : Math.min(
          Math.floor(((now - tracked.startedAt) / finish.durationMs) * progress.length),
          last,
        )
  return progress[Math.max(0, index)] ?? 0
}
