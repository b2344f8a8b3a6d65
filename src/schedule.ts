/**
 * The cadence of polls: exponential backoff, jitter and server hints turned into the next delay.
 * Pure: the caller passes the clock reading and the random source.
 */

export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated'

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

export interface NextPoll {
  readonly backoff: Backoff
  /** Polls made so far. */
  readonly attempt: number
  readonly previousDelayMs: number
  /** The server's own wait, from Retry-After and its cousins; it wins over the backoff. */
  readonly hintMs: number | undefined
  readonly now: number
  /** The operation's deadline, as a clock reading. */
  readonly deadline: number
  readonly random: Random
}

/**
 * The delay before the next poll, or `undefined` when no poll fits before the deadline (the
 * caller then lets the deadline fire instead of sleeping past it).
 */
export function nextPollDelay(next: NextPoll): number | undefined {
  const { backoff, hintMs } = next
  const delay =
    hintMs === undefined
      ? backoffDelay(backoff, next.attempt, next.previousDelayMs, next.random)
      : Math.max(backoff.minDelayMs, hintMs)
  return next.now + delay < next.deadline ? delay : undefined
}
