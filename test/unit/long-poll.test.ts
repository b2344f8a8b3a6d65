import { describe, expect, it } from 'vitest'
import {
  appliedWait,
  preferWaitSeconds,
  submitPreference,
  withPreferences,
} from '../../src/time/long-poll.js'
import { type Backoff, nextPollDelay } from '../../src/time/schedule.js'

const minute = 60_000

describe('preferWaitSeconds', () => {
  it('asks for the client`s longPollSeconds when the timeout and the time left allow it', () => {
    expect(preferWaitSeconds(10, 30_000, 10 * minute)).toBe(10)
    expect(preferWaitSeconds(1, 30_000, 10 * minute)).toBe(1)
  })

  it('leaves a fifth of the request timeout for the answer to travel', () => {
    expect(preferWaitSeconds(25, 30_000, 10 * minute)).toBe(24)
    expect(preferWaitSeconds(24, 30_000, 10 * minute)).toBe(24)
    expect(preferWaitSeconds(60, 10_000, 10 * minute)).toBe(8)
    // 80% of 12.5 s is exactly 10 s.
    expect(preferWaitSeconds(60, 12_500, 10 * minute)).toBe(10)
  })

  it('asks no longer than the seconds left before the deadline', () => {
    expect(preferWaitSeconds(25, 30_000, 5_500)).toBe(5)
    expect(preferWaitSeconds(25, 30_000, 1_000)).toBe(1)
  })

  it('rounds down to whole seconds: a held read never outlasts what it was given', () => {
    expect(preferWaitSeconds(25, 30_000, 7_999)).toBe(7)
    expect(preferWaitSeconds(25, 9_999, 10 * minute)).toBe(7)
  })

  it('asks nothing when less than a second is left to hold', () => {
    expect(preferWaitSeconds(0, 30_000, 10 * minute)).toBeUndefined()
    expect(preferWaitSeconds(25, 30_000, 999)).toBeUndefined()
    expect(preferWaitSeconds(25, 30_000, 0)).toBeUndefined()
    expect(preferWaitSeconds(25, 30_000, -5_000)).toBeUndefined()
    // 80% of 1.2 s is under a second.
    expect(preferWaitSeconds(25, 1_200, 10 * minute)).toBeUndefined()
    expect(preferWaitSeconds(25, 1_250, 10 * minute)).toBe(1)
  })
})

describe('appliedWait', () => {
  const applied = (value: string) => appliedWait(new Headers({ 'preference-applied': value }))

  it('is false without a Preference-Applied header', () => {
    expect(appliedWait(new Headers())).toBe(false)
    expect(appliedWait(new Headers({ prefer: 'wait=10' }))).toBe(false)
  })

  it('reads wait with or without a value', () => {
    expect(applied('wait=10')).toBe(true)
    expect(applied('wait')).toBe(true)
  })

  it('reads the preference name in any case', () => {
    expect(applied('Wait=10')).toBe(true)
    expect(applied('WAIT')).toBe(true)
    expect(appliedWait(new Headers({ 'Preference-Applied': 'wait=3' }))).toBe(true)
  })

  it('allows spaces around the name, the equals sign and the commas', () => {
    expect(applied(' wait=10 ')).toBe(true)
    expect(applied('wait = 10')).toBe(true)
    expect(applied('\twait\t=10')).toBe(true)
    expect(applied('respond-async ,  wait=10')).toBe(true)
  })

  it('reads wait followed by parameters', () => {
    expect(applied('wait=10;unit=s')).toBe(true)
    expect(applied('wait ; foo')).toBe(true)
    expect(applied('wait;x="1"')).toBe(true)
  })

  it('finds wait anywhere in a list, not only first', () => {
    expect(applied('respond-async, wait=10')).toBe(true)
    expect(applied('respond-async,wait=10')).toBe(true)
    expect(applied('return=minimal, handling=lenient, wait=5')).toBe(true)
  })

  it('finds wait in a second Preference-Applied header', () => {
    const headers = new Headers()
    headers.append('preference-applied', 'respond-async')
    headers.append('preference-applied', 'wait=4')
    expect(appliedWait(headers)).toBe(true)
  })

  it('does not take another preference whose name starts or ends with wait', () => {
    expect(applied('waitx=10')).toBe(false)
    expect(applied('waiting')).toBe(false)
    expect(applied('x-wait=10')).toBe(false)
    expect(applied('await=1')).toBe(false)
  })

  it('does not take a parameter named wait of another preference', () => {
    expect(applied('respond-async; wait=10')).toBe(false)
    expect(applied('return=minimal;wait')).toBe(false)
  })

  it('does not take other preferences, or an empty list, for wait', () => {
    expect(applied('respond-async')).toBe(false)
    expect(applied('return=representation, handling=strict')).toBe(false)
    expect(applied('')).toBe(false)
    expect(applied(' , ,')).toBe(false)
  })

  it('does not take wait inside a quoted value of another preference', () => {
    expect(applied('foo="a,wait=1"')).toBe(false)
    expect(applied('foo="a\\",wait=1"')).toBe(false)
    expect(applied('foo="a,b", wait=1')).toBe(true)
  })
})

describe('withPreferences', () => {
  it('is pollwise`s preferences alone when the app sets none', () => {
    expect(withPreferences('wait=5', null)).toBe('wait=5')
    expect(withPreferences('wait=5', undefined)).toBe('wait=5')
    expect(withPreferences('wait=5', '')).toBe('wait=5')
    expect(withPreferences('wait=5', ' , ')).toBe('wait=5')
  })

  it('puts pollwise`s first and keeps the app`s others, with their values and parameters', () => {
    expect(withPreferences('wait=5', 'return=minimal')).toBe('wait=5, return=minimal')
    expect(
      withPreferences('respond-async, wait=2', 'return=representation; x=1, handling=strict'),
    ).toBe('respond-async, wait=2, return=representation; x=1, handling=strict')
  })

  it('drops the app`s preferences of the names pollwise sends, in any case: a server reads the first of each', () => {
    expect(withPreferences('wait=5', 'WAIT=60, return=minimal')).toBe('wait=5, return=minimal')
    expect(withPreferences('respond-async, wait=2', 'respond-async;x=1, wait')).toBe(
      'respond-async, wait=2',
    )
  })

  it('keeps a quoted value with a comma whole', () => {
    expect(withPreferences('wait=5', 'odata.include-annotations="a,b", wait=1')).toBe(
      'wait=5, odata.include-annotations="a,b"',
    )
  })
})

describe('submitPreference', () => {
  it('asks for an asynchronous answer, held up to the seconds given', () => {
    expect(submitPreference(5)).toBe('respond-async, wait=5')
    expect(submitPreference(24)).toBe('respond-async, wait=24')
  })
})

describe('nextPollDelay after a read the server held (heldMs)', () => {
  const backoff: Backoff = {
    initialDelayMs: 1000,
    factor: 2,
    maxDelayMs: 10_000,
    jitter: 'none',
    minDelayMs: 100,
  }
  /** The fifth poll of an operation with a minute left: its backoff alone would wait 10 s. */
  const base = {
    backoff,
    attempt: 4,
    previousDelayMs: 8000,
    hintMs: undefined,
    now: 0,
    deadline: minute,
    random: () => 0.5,
  }

  it('is the backoff`s when no read was held', () => {
    expect(nextPollDelay(base)).toBe(10_000)
    expect(nextPollDelay({ ...base, heldMs: undefined })).toBe(10_000)
  })

  it('asks again once the initial delay has passed since the held read was sent', () => {
    expect(nextPollDelay({ ...base, heldMs: 0 })).toBe(1000)
    expect(nextPollDelay({ ...base, heldMs: 300 })).toBe(700)
    expect(nextPollDelay({ ...base, heldMs: 850 })).toBe(150)
  })

  it('asks again at once (the floor) after a hold as long as the initial delay or longer', () => {
    expect(nextPollDelay({ ...base, heldMs: 950 })).toBe(100)
    expect(nextPollDelay({ ...base, heldMs: 1000 })).toBe(100)
    expect(nextPollDelay({ ...base, heldMs: 25_000 })).toBe(100)
    const noFloor = { ...backoff, minDelayMs: 0 }
    expect(nextPollDelay({ ...base, backoff: noFloor, heldMs: 25_000 })).toBe(0)
  })

  it('does not grow with the attempts made', () => {
    for (const attempt of [0, 1, 5, 40]) {
      expect(nextPollDelay({ ...base, attempt, heldMs: 400 })).toBe(600)
    }
  })

  it('ignores the jitter: a held read is asked again on the server`s cadence', () => {
    for (const jitter of ['full', 'equal', 'decorrelated'] as const) {
      const jittered = { ...backoff, jitter }
      expect(nextPollDelay({ ...base, backoff: jittered, heldMs: 400, random: () => 0 })).toBe(600)
    }
  })

  it('yields to the server`s Retry-After', () => {
    expect(nextPollDelay({ ...base, hintMs: 3000, heldMs: 20_000 })).toBe(3000)
    expect(nextPollDelay({ ...base, hintMs: 0, heldMs: 0 })).toBe(100)
  })

  it('wins over a predicted finish', () => {
    expect(nextPollDelay({ ...base, etaMs: 40_000, heldMs: 200 })).toBe(800)
    expect(nextPollDelay({ ...base, etaMs: 40_000 })).toBe(10_000)
  })

  it('plans nothing when the next read would not go out before the deadline', () => {
    expect(nextPollDelay({ ...base, now: minute - 600, heldMs: 400 })).toBeUndefined()
    expect(nextPollDelay({ ...base, now: minute - 601, heldMs: 400 })).toBe(600)
  })
})
