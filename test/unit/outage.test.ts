import { describe, expect, it } from 'vitest'
import { rideOutage } from '../../src/state/outage.js'
import type { PollState } from '../../src/state/poll-state.js'
import { acceptedJob, at, rules, t0 } from './support/step-fixtures.js'

// After a poll failed for a reason that may pass: when the next poll comes, or whether the
// operation fails now. The backoff (1 s, doubling) starts at t0; `maxOutageMs` is the budget.

const job = (fields: Partial<PollState> = {}): PollState => ({
  ...acceptedJob(),
  deadline: at(600_000),
  ...fields,
})
const budget = (maxOutageMs: number) => ({ ...rules, maxOutageMs })

describe('riding out an outage', () => {
  it('polls again at the backoff while it fits in the budget, and counts the outage from the first failure', () => {
    const state = job({ backoffStep: 0 })
    const next = rideOutage(state, undefined, t0, budget(10_000))
    expect(next).toMatchObject({
      outageSince: t0,
      nextPollAt: at(1000),
      attempt: state.attempt + 1,
    })
    const later = rideOutage(next as PollState, undefined, at(1000), budget(10_000))
    expect(later).toMatchObject({ outageSince: t0, nextPollAt: at(3000) })
  })

  it('polls a last time at the end of the budget when the backoff steps past it', () => {
    const first = rideOutage(job({ backoffStep: 5 }), undefined, t0, budget(3000))
    expect(first).toMatchObject({ outageSince: t0, nextPollAt: at(3000) })
    // That last poll failed too: the budget is spent.
    expect(rideOutage(first as PollState, undefined, at(3000), budget(3000))).toBeUndefined()
  })

  it("fails at once when the server's Retry-After reaches past the budget", () => {
    expect(rideOutage(job(), 60_000, t0, budget(3000))).toBeUndefined()
  })

  it('waits out to the deadline when the deadline comes before the budget ends', () => {
    const next = rideOutage(job({ deadline: at(500) }), 60_000, t0, budget(10_000))
    expect(next).toMatchObject({ nextPollAt: at(500) })
  })

  it('fails at the first failure with a budget of 0', () => {
    expect(rideOutage(job(), undefined, t0, budget(0))).toBeUndefined()
  })
})
