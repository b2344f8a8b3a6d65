import type { Jitter } from '../types/options.js'

/**
 * The cadence of polls: exponential backoff, jitter and server hints turned into the next delay.
 * Pure: the caller passes the clock reading and the random source.
 */

export interface Backoff {
  readonly initialDelayMs: number
  readonly factor: number
  readonly maxDelayMs: number
  readonly jitter: Jitter
  /** No delay, hinted or computed, is shorter than this. */
  readonly minDelayMs: number
}

/** A number in [0, 1), like `Math.random`. */
export type Random = () => number

/**
 * The backoff delay after `attempt` polls (0 for the first delay). `previousDelayMs` feeds the
 * decorrelated mode, which grows from the last delay actually slept rather than from the attempt.
 */
export function backoffDelay(
  backoff: Backoff,
  attempt: number,
  previousDelayMs: number,
  random: Random,
): number {
  const { initialDelayMs, factor, maxDelayMs, minDelayMs, jitter } = backoff
  const base = Math.min(maxDelayMs, initialDelayMs * factor ** attempt)
  const delay = applyJitter(jitter, base, backoff, previousDelayMs, random)
  return Math.round(Math.max(minDelayMs, Math.min(maxDelayMs, delay)))
}

function applyJitter(
  jitter: Jitter,
  base: number,
  backoff: Backoff,
  previousDelayMs: number,
  random: Random,
): number {
  switch (jitter) {
    case 'none':
      return base
    case 'full':
      return random() * base
    case 'equal':
      return base / 2 + (random() * base) / 2
    case 'decorrelated': {
      const upper = Math.max(backoff.initialDelayMs, previousDelayMs * 3)
      return backoff.initialDelayMs + random() * (upper - backoff.initialDelayMs)
    }
  }
}

/** A progress reading (0..1) at a clock reading. */
export interface ProgressPoint {
  readonly at: number
  readonly progress: number
}

/**
 * Milliseconds until progress reaches 1, at the average rate from `origin` to `latest`.
 * `undefined` when progress has not moved forward, or is complete.
 */
export function estimateEtaMs(origin: ProgressPoint, latest: ProgressPoint): number | undefined {
  const gained = latest.progress - origin.progress
  const took = latest.at - origin.at
  if (gained <= 0 || took <= 0 || latest.progress >= 1) return undefined
  return Math.round(((1 - latest.progress) * took) / gained)
}

export interface NextPoll {
  readonly backoff: Backoff
  /** Polls made so far. */
  readonly attempt: number
  readonly previousDelayMs: number
  /** The server's own wait, from Retry-After and its cousins; it wins over everything else. */
  readonly hintMs: number | undefined
  /** The predicted time to completion, where progress is known; see {@link aimedDelay}. */
  readonly etaMs?: number | undefined
  /**
   * How long the server held the request that answered, when it applied `Prefer: wait` (a
   * long-poll): it has been waiting for a change all that time, so the next read goes out once
   * `initialDelayMs` has passed since this one was sent, at once after a long hold.
   */
  readonly heldMs?: number | undefined
  readonly now: number
  /** The operation's deadline, as a clock reading. */
  readonly deadline: number
  readonly random: Random
}

/**
 * The delay before the next poll, or `undefined` when no poll fits before the deadline (the
 * caller then lets the deadline fire instead of sleeping past it). A server hint wins; else a
 * long-poll the server held is asked again at once; else a predicted finish steers the wait
 * ({@link aimedDelay}); else the backoff.
 */
export function nextPollDelay(next: NextPoll): number | undefined {
  const { backoff, hintMs, etaMs, heldMs } = next
  const delay =
    hintMs !== undefined
      ? Math.max(backoff.minDelayMs, hintMs)
      : heldMs !== undefined
        ? Math.max(backoff.minDelayMs, backoff.initialDelayMs - heldMs)
        : etaMs !== undefined
          ? aimedDelay(backoff, etaMs, next.previousDelayMs)
          : backoffDelay(backoff, next.attempt, next.previousDelayMs, next.random)
  return next.now + delay < next.deadline ? delay : undefined
}

/** While the predicted finish is far, a poll goes this share of the way to it. */
const aimShare = 0.6
/** A finish predicted within this many initial delays is aimed at directly. */
const endgameDelays = 8
/** A wait reaches at most this many times as far as the previous one. */
const trustGrowth = 4

/**
 * The wait before the next poll toward a finish predicted `etaMs` away. A far finish is approached
 * in steps (60% of the predicted remaining time), so that a prediction that turns out wrong is
 * corrected by the next reading rather than paid for in lateness; a finish within 8 initial delays
 * is aimed at directly, one floor past it. A prediction is trusted only as far ahead as the client
 * has already looked: a wait is at most 4 times the previous one (and at least the initial delay),
 * so an estimate from the first percent of progress cannot send the client away for long. Within
 * floor and cap.
 */
export function aimedDelay(backoff: Backoff, etaMs: number, previousDelayMs: number): number {
  const { initialDelayMs, minDelayMs, maxDelayMs } = backoff
  const aim = etaMs <= endgameDelays * initialDelayMs ? etaMs + minDelayMs : aimShare * etaMs
  const reach = Math.max(initialDelayMs, trustGrowth * previousDelayMs)
  return Math.round(Math.max(minDelayMs, Math.min(maxDelayMs, aim, reach)))
}

/** The longest delay a timer can hold (2^31 - 1 ms, about 24.8 days). */
export const maxTimerMs = 2 ** 31 - 1

export interface NextRetry {
  readonly backoff: Backoff
  /** Retries made so far of this request. */
  readonly retriesConsumed: number
  readonly previousDelayMs: number
  /** The server's own wait (Retry-After and its cousins) on the failed try, if any. */
  readonly hintMs: number | undefined
  readonly now: number
  /** No retry is planned to start at or after this clock reading. */
  readonly deadline: number
  readonly random: Random
}

/**
 * The wait before retrying a failed request, or `undefined` when no retry fits before the
 * deadline (the caller then gives up with the last failure). A server hint wins, never below the
 * floor nor above what a timer holds; else the backoff.
 */
export function retryDelay(next: NextRetry): number | undefined {
  const { backoff, hintMs } = next
  const delay =
    hintMs !== undefined
      ? Math.min(maxTimerMs, Math.max(backoff.minDelayMs, hintMs))
      : backoffDelay(backoff, next.retriesConsumed, next.previousDelayMs, next.random)
  return next.now + delay < next.deadline ? delay : undefined
}
