import { describe, expect, it } from 'vitest'
import { type Backoff, maxTimerMs, type NextRetry, retryDelay } from '../../src/time/schedule.js'

const backoff: Backoff = {
  initialDelayMs: 1000,
  factor: 2,
  maxDelayMs: 10_000,
  jitter: 'none',
  minDelayMs: 100,
}
const fixed = (value: number) => () => value
/** The first retry of a request, with a minute left before the deadline. */
const base: NextRetry = {
  backoff,
  retriesConsumed: 0,
  previousDelayMs: 0,
  hintMs: undefined,
  now: 5000,
  deadline: 65_000,
  random: fixed(0.5),
}
const noDeadline = { deadline: Number.POSITIVE_INFINITY }

describe('retryDelay with a server hint', () => {
  it('waits what the server asked, whatever the backoff would say', () => {
    expect(retryDelay({ ...base, hintMs: 7000 })).toBe(7000)
    expect(retryDelay({ ...base, retriesConsumed: 3, previousDelayMs: 8000, hintMs: 300 })).toBe(
      300,
    )
  })

  it('lets the hint go above the backoff cap', () => {
    expect(retryDelay({ ...base, hintMs: 45_000 })).toBe(45_000)
  })

  it('ignores the random source when the server gave a hint', () => {
    const jittered = { ...backoff, jitter: 'full' } as const
    expect(retryDelay({ ...base, backoff: jittered, hintMs: 2000, random: fixed(0) })).toBe(2000)
    expect(retryDelay({ ...base, backoff: jittered, hintMs: 2000, random: fixed(0.99) })).toBe(2000)
  })

  it('gives the floor (minDelayMs) for a hint of 0, as a Retry-After date in the past reads', () => {
    expect(retryDelay({ ...base, hintMs: 0 })).toBe(100)
  })

  it('gives the floor for a hint below it', () => {
    expect(retryDelay({ ...base, hintMs: 1 })).toBe(100)
    expect(retryDelay({ ...base, hintMs: 99 })).toBe(100)
    expect(retryDelay({ ...base, hintMs: 100 })).toBe(100)
    expect(retryDelay({ ...base, hintMs: 101 })).toBe(101)
  })

  it('follows a custom floor', () => {
    const floor = { ...backoff, minDelayMs: 2500 }
    expect(retryDelay({ ...base, backoff: floor, hintMs: 0 })).toBe(2500)
    expect(retryDelay({ ...base, backoff: floor, hintMs: 3000 })).toBe(3000)
  })

  it('clamps a huge hint to the longest timer, 2^31-1 ms', () => {
    expect(maxTimerMs).toBe(2 ** 31 - 1)
    expect(retryDelay({ ...base, ...noDeadline, hintMs: 9_999_999_999_000 })).toBe(2 ** 31 - 1)
    expect(retryDelay({ ...base, ...noDeadline, hintMs: 2 ** 31 })).toBe(2 ** 31 - 1)
    expect(retryDelay({ ...base, ...noDeadline, hintMs: 2 ** 31 - 1 })).toBe(2 ** 31 - 1)
    expect(retryDelay({ ...base, ...noDeadline, hintMs: 2 ** 31 - 2 })).toBe(2 ** 31 - 2)
  })

  it('clamps an infinite hint too', () => {
    expect(retryDelay({ ...base, ...noDeadline, hintMs: Number.POSITIVE_INFINITY })).toBe(
      2 ** 31 - 1,
    )
  })
})

describe('retryDelay against the deadline', () => {
  it('plans no retry when the hinted wait reaches the deadline', () => {
    // now 5000 + 60_000 = 65_000, the deadline itself: too late.
    expect(retryDelay({ ...base, hintMs: 60_000 })).toBeUndefined()
    expect(retryDelay({ ...base, hintMs: 59_999 })).toBe(59_999)
  })

  it('plans no retry when the hinted wait goes past the deadline (Retry-After: 3600)', () => {
    expect(retryDelay({ ...base, hintMs: 3_600_000 })).toBeUndefined()
  })

  it('plans no retry for a huge hint: the deadline wins over the clamp', () => {
    expect(retryDelay({ ...base, hintMs: 9_999_999_999_000 })).toBeUndefined()
  })

  it('plans no retry when even the floor reaches the deadline', () => {
    expect(retryDelay({ ...base, hintMs: 0, now: 64_900 })).toBeUndefined()
    expect(retryDelay({ ...base, hintMs: 0, now: 64_899 })).toBe(100)
  })

  it('plans no retry when the backoff delay reaches the deadline', () => {
    // The first backoff delay is 1000.
    expect(retryDelay({ ...base, now: 64_000 })).toBeUndefined()
    expect(retryDelay({ ...base, now: 63_999 })).toBe(1000)
  })

  it('plans no retry once the deadline has passed', () => {
    expect(retryDelay({ ...base, now: 70_000 })).toBeUndefined()
    expect(retryDelay({ ...base, now: 70_000, hintMs: 0 })).toBeUndefined()
  })
})

describe('retryDelay without a hint: the backoff', () => {
  it('grows by the factor with the retries consumed, up to the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((retriesConsumed) =>
      retryDelay({ ...base, ...noDeadline, retriesConsumed }),
    )
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000])
  })

  it('applies equal jitter with the given random source', () => {
    const equal = { ...backoff, jitter: 'equal' } as const
    // Base 4000 after two retries: half of it, plus the draw times the other half.
    expect(retryDelay({ ...base, backoff: equal, retriesConsumed: 2, random: fixed(0) })).toBe(2000)
    expect(retryDelay({ ...base, backoff: equal, retriesConsumed: 2, random: fixed(0.5) })).toBe(
      3000,
    )
  })

  it('applies full jitter, never below the floor', () => {
    const full = { ...backoff, jitter: 'full' } as const
    expect(retryDelay({ ...base, backoff: full, retriesConsumed: 1, random: fixed(0.5) })).toBe(
      1000,
    )
    expect(retryDelay({ ...base, backoff: full, retriesConsumed: 1, random: fixed(0) })).toBe(100)
  })

  it('grows decorrelated jitter from the previous delay', () => {
    const decorrelated = { ...backoff, jitter: 'decorrelated' } as const
    const next = { ...base, backoff: decorrelated, retriesConsumed: 1, random: fixed(0.5) }
    // Between the initial delay and three times the previous one: 1000 + 0.5 * (6000 - 1000).
    expect(retryDelay({ ...next, previousDelayMs: 2000 })).toBe(3500)
    expect(retryDelay({ ...next, previousDelayMs: 0 })).toBe(1000)
  })

  it('is the same for the same inputs (pure)', () => {
    const next = { ...base, backoff: { ...backoff, jitter: 'equal' as const }, retriesConsumed: 2 }
    expect(retryDelay(next)).toBe(retryDelay(next))
  })
})
