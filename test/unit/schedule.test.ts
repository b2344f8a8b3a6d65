import { describe, expect, it } from 'vitest'
import { type Backoff, backoffDelay, estimateEtaMs, nextPollDelay } from '../../src/schedule.js'

const backoff: Backoff = {
  initialDelayMs: 1000,
  factor: 2,
  maxDelayMs: 10_000,
  jitter: 'none',
  minDelayMs: 100,
}
const fixed = (value: number) => () => value
/** The second poll of an operation with a minute left. */
const base = {
  backoff,
  attempt: 1,
  previousDelayMs: 1000,
  hintMs: undefined,
  now: 0,
  deadline: 60_000,
  random: fixed(0.5),
}

describe('backoffDelay', () => {
  it('grows by the factor from the initial delay up to the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) =>
      backoffDelay(backoff, attempt, 0, fixed(0.5)),
    )
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000])
  })

  it('full jitter spreads the delay over [floor, base]', () => {
    const full = { ...backoff, jitter: 'full' } as const
    expect(backoffDelay(full, 2, 0, fixed(0))).toBe(100)
    expect(backoffDelay(full, 2, 0, fixed(0.5))).toBe(2000)
    expect(backoffDelay(full, 2, 0, fixed(0.999))).toBe(3996)
  })

  it('equal jitter keeps at least half of the base delay', () => {
    const equal = { ...backoff, jitter: 'equal' } as const
    expect(backoffDelay(equal, 2, 0, fixed(0))).toBe(2000)
    expect(backoffDelay(equal, 2, 0, fixed(0.999))).toBe(3998)
  })

  it('decorrelated jitter grows from the previous delay, between the initial delay and three times it', () => {
    const decorrelated = { ...backoff, jitter: 'decorrelated' } as const
    expect(backoffDelay(decorrelated, 5, 0, fixed(0.5))).toBe(1000)
    expect(backoffDelay(decorrelated, 5, 2000, fixed(0))).toBe(1000)
    expect(backoffDelay(decorrelated, 5, 2000, fixed(0.5))).toBe(3500)
    expect(backoffDelay(decorrelated, 5, 9000, fixed(0.999))).toBe(10_000)
  })

  it('never goes below the floor, whatever the jitter', () => {
    for (const jitter of ['none', 'full', 'equal', 'decorrelated'] as const) {
      const tiny = { ...backoff, initialDelayMs: 10, jitter, minDelayMs: 250 }
      expect(backoffDelay(tiny, 0, 0, fixed(0))).toBe(250)
    }
  })

  it('stays within [floor, cap] for any random draw', () => {
    for (const jitter of ['none', 'full', 'equal', 'decorrelated'] as const) {
      let previous = 0
      for (let attempt = 0; attempt < 50; attempt++) {
        const delay = backoffDelay({ ...backoff, jitter }, attempt, previous, Math.random)
        expect(delay).toBeGreaterThanOrEqual(100)
        expect(delay).toBeLessThanOrEqual(10_000)
        previous = delay
      }
    }
  })
})

describe('nextPollDelay', () => {
  it('follows the backoff without a server hint', () => {
    expect(nextPollDelay(base)).toBe(2000)
  })

  it('lets a server hint win over the backoff, even above the cap', () => {
    expect(nextPollDelay({ ...base, hintMs: 500 })).toBe(500)
    expect(nextPollDelay({ ...base, hintMs: 30_000 })).toBe(30_000)
  })

  it('keeps even a hint above the floor', () => {
    expect(nextPollDelay({ ...base, hintMs: 0 })).toBe(100)
  })

  it('schedules nothing that would land at or past the deadline', () => {
    expect(nextPollDelay({ ...base, now: 57_999 })).toBe(2000)
    expect(nextPollDelay({ ...base, now: 58_000 })).toBeUndefined()
    expect(nextPollDelay({ ...base, hintMs: 120_000 })).toBeUndefined()
  })
})

describe('estimateEtaMs', () => {
  it('predicts the finish from the average progress rate', () => {
    expect(estimateEtaMs({ at: 0, progress: 0 }, { at: 2000, progress: 0.25 })).toBe(6000)
    expect(estimateEtaMs({ at: 1000, progress: 0.2 }, { at: 3000, progress: 0.6 })).toBe(2000)
  })

  it('predicts nothing while progress stands still, goes back, or is complete', () => {
    expect(estimateEtaMs({ at: 0, progress: 0.5 }, { at: 1000, progress: 0.5 })).toBeUndefined()
    expect(estimateEtaMs({ at: 0, progress: 0.5 }, { at: 1000, progress: 0.4 })).toBeUndefined()
    expect(estimateEtaMs({ at: 0, progress: 0 }, { at: 1000, progress: 1 })).toBeUndefined()
  })
})

describe('nextPollDelay aimed at a predicted finish', () => {
  it('aims one floor past the predicted finish', () => {
    expect(nextPollDelay({ ...base, etaMs: 4200 })).toBe(4300)
  })

  it('stays within the cap', () => {
    expect(nextPollDelay({ ...base, etaMs: 45_000 })).toBe(10_000)
  })

  it('gives way to a server hint', () => {
    expect(nextPollDelay({ ...base, etaMs: 4200, hintMs: 1000 })).toBe(1000)
  })
})
