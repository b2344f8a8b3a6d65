import { describe, expect, it } from 'vitest'
import {
  aimedDelay,
  type Backoff,
  backoffDelay,
  estimateEtaMs,
  nextPollDelay,
} from '../../src/time/schedule.js'

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

describe('aimedDelay', () => {
  /** The test backoff with room above: a cap of a minute. */
  const roomy: Backoff = { ...backoff, maxDelayMs: 60_000 }

  it('aims one floor past a finish predicted within 8 initial delays', () => {
    expect(aimedDelay(backoff, 4200, 2000)).toBe(4300)
    expect(aimedDelay(backoff, 8000, 2500)).toBe(8100)
  })

  it('goes 60% of the way to a finish predicted farther out', () => {
    expect(aimedDelay(roomy, 8001, 5000)).toBe(4801)
    expect(aimedDelay(roomy, 20_000, 5000)).toBe(12_000)
  })

  it('scales the endgame with the initial delay', () => {
    const quick = { ...roomy, initialDelayMs: 250 }
    expect(aimedDelay(quick, 2000, 1000)).toBe(2100)
    expect(aimedDelay(quick, 3000, 1000)).toBe(1800)
  })

  it('reaches at most 4 times as far as the previous wait', () => {
    expect(aimedDelay(roomy, 20_000, 1000)).toBe(4000)
    expect(aimedDelay(backoff, 4200, 1000)).toBe(4000)
    expect(aimedDelay(roomy, 20_000, 2500)).toBe(10_000)
  })

  it('reaches at least the initial delay, even with no wait before', () => {
    expect(aimedDelay(backoff, 4200, 0)).toBe(1000)
    expect(aimedDelay(backoff, 4200, 200)).toBe(1000)
  })

  it('stays within the floor and the cap', () => {
    expect(aimedDelay(backoff, 0, 1000)).toBe(100)
    expect(aimedDelay(backoff, 45_000, 9000)).toBe(10_000)
    expect(aimedDelay({ ...backoff, minDelayMs: 2000 }, 20_000, 100)).toBe(2000)
  })
})

describe('nextPollDelay aimed at a predicted finish', () => {
  it('steers by the prediction rather than the backoff', () => {
    expect(nextPollDelay({ ...base, previousDelayMs: 2000, etaMs: 4200 })).toBe(4300)
    expect(nextPollDelay({ ...base, previousDelayMs: 2000, etaMs: 30_000 })).toBe(8000)
  })

  it('gives way to a server hint', () => {
    expect(nextPollDelay({ ...base, etaMs: 4200, hintMs: 1000 })).toBe(1000)
    expect(nextPollDelay({ ...base, etaMs: 4200, hintMs: 25_000 })).toBe(25_000)
  })

  it('schedules no aimed poll at or past the deadline', () => {
    const aimed = { ...base, previousDelayMs: 2000, etaMs: 4200 }
    expect(nextPollDelay({ ...aimed, now: 55_699 })).toBe(4300)
    expect(nextPollDelay({ ...aimed, now: 55_700 })).toBeUndefined()
  })
})
