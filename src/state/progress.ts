import { estimateEtaMs, type ProgressPoint } from '../time/schedule.js'
import type { ProgressReading } from '../types/protocol.js'

/** What an operation knows of its progress. */
export interface ProgressTrack {
  /** The completion a snapshot shows, 0..1: never below what was shown before a change of scale. */
  readonly shown: number
  /** The latest reading as a fraction, which the finish is predicted from. */
  readonly fraction: number
  /** A bare figure above 1 was seen: bare figures are percentages from then on. */
  readonly percentScale: boolean
  /** A bare figure strictly between 0 and 1 was seen: bare figures are fractions (1 is 100 %). */
  readonly fractionScale: boolean
  /** What a change of scale left on screen; shown progress stays at least this. */
  readonly floor: number
  /** Where the work started: the last reading of 0, else the submit. */
  readonly origin: ProgressPoint
  /** The predicted time to completion, from the average rate since the origin. */
  readonly etaMs: number | undefined
}

/**
 * Takes a progress reading into the track. A bare figure is a fraction until one above 1 is seen,
 * then a percentage (a bare 1 seen before either is 1 %, unless a figure between 0 and 1 came first); the switch never makes the shown value go back. The finish is predicted from
 * the average rate since the work started, also while progress stands still (the prediction then
 * moves out as time passes: whole percents stand still between close polls); no prediction when a
 * reading goes back or a change of scale reads lower.
 */
export function trackProgress(
  track: ProgressTrack | undefined,
  reading: ProgressReading,
  now: number,
  startedAt: number,
): ProgressTrack {
  const raw = typeof reading === 'number' ? { value: reading, scale: 'fraction' } : reading
  const bare = raw.scale === 'unknown'
  const percentScale = (track?.percentScale ?? false) || (bare && raw.value > 1)
  const fractionScale = (track?.fractionScale ?? false) || (bare && raw.value > 0 && raw.value < 1)
  // A bare 1 before any figure told the scale is 1 %: read as 100 %, a job's first percent
  // would pin the bar at its end. A finished job shows 1 whatever it read.
  const ambiguousOne = bare && raw.value === 1 && !percentScale && !fractionScale
  const percent = raw.scale === 'percent' || (bare && percentScale) || ambiguousOne
  const fraction = clamp(percent ? raw.value / 100 : raw.value)
  const switched = percentScale && track !== undefined && !track.percentScale
  const floor = switched ? track.shown : (track?.floor ?? 0)
  const origin =
    fraction === 0 ? { at: now, progress: 0 } : (track?.origin ?? { at: startedAt, progress: 0 })
  const previous = track?.fraction ?? 0
  const forward = fraction > previous || (fraction === previous && !switched)
  return {
    shown: Math.max(floor, fraction),
    fraction,
    percentScale,
    fractionScale,
    floor,
    origin,
    etaMs: forward ? estimateEtaMs(origin, { at: now, progress: fraction }) : undefined,
  }
}

function clamp(fraction: number): number {
  return Math.min(1, Math.max(0, fraction))
}
