import { describe, expect, it } from 'vitest'
import { begin } from '../../src/state/begin.js'
import { step } from '../../src/state/step.js'
import { readBodyHintMs } from '../../src/time/body-hint.js'
import { maxTimerMs } from '../../src/time/schedule.js'
import {
  acceptedJob,
  answer,
  at,
  expectNext,
  polled as pollState,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

describe('readBodyHintMs', () => {
  it.each([
    [{ check_after_secs: 5 }, 5000],
    [{ retry_after: 2 }, 2000],
    [{ retryAfterMs: 250 }, 250],
    [{ pollingIntervalSeconds: 3 }, 3000],
    [{ poll_interval_ms: '1500' }, 1500],
    [{ next_poll_in: 1.5 }, 1500],
    [{ 'retry-after-ms': 0 }, 0],
    [{ retry_after_secs: ' 2 ' }, 2000],
    [{ processing_info: { state: 'pending', check_after_secs: 4 } }, 4000],
    [{ data: { id: '1', processing_info: { state: 'pending', check_after_secs: 1 } } }, 1000],
    [{ retry_after: 1e12 }, maxTimerMs],
  ])('reads %j as %i ms', (body, ms) => {
    expect(readBodyHintMs(body)).toBe(ms)
  })

  it('prefers the top level to an object below it', () => {
    expect(readBodyHintMs({ job: { retry_after: 9 }, retry_after: 2 })).toBe(2000)
  })

  it.each([
    [{ interval: 5 }],
    [{ retry_after_minutes: 5 }],
    [{ retry_afterwards: 5 }],
    [{ retry_after: -1 }],
    [{ retry_after: '1.5' }],
    [{ retry_after: '5s' }],
    [{ retry_after: null }],
    [{ retry_after: true }],
    [{ retryAfterConstructor: 1 }],
    [{ a: { b: { check_after_secs: 5 } } }],
    [{ items: [{ retry_after: 5 }] }],
    [[{ retry_after: 5 }]],
    ['retry_after'],
  ])('reads no hint in %j', (body) => {
    expect(readBodyHintMs(body)).toBeUndefined()
  })
})

describe('a pending status body hint sets the next poll', () => {
  const polled = (json: unknown, headers: Record<string, string> = {}) =>
    step(acceptedJob(), answer(200, url('/status/1'), { json, headers }), at(1000), rules)

  it('waits what a pending body asks, not the backoff', () => {
    const next = expectNext(polled({ status: 'running', check_after_secs: 7 }), 'poll')
    expect(next.state.nextPollAt).toBe(at(8000))
    expect(next.update.snapshot.nextPollInMs).toBe(7000)
  })

  it("sets the first poll from the submit's pending body, as from its Retry-After", () => {
    const submitted = begin(
      submission('POST', '/jobs'),
      answer(202, url('/jobs'), {
        headers: { location: '/status/1' },
        json: { status: 'pending', check_after_secs: 4 },
      }),
      t0,
      rules,
    )
    expect(pollState(submitted).nextPollAt).toBe(at(4000))
  })

  it('keeps the floor under a hint of 0', () => {
    const next = expectNext(polled({ status: 'running', retry_after: 0 }), 'poll')
    expect(next.update.snapshot.nextPollInMs).toBe(rules.backoff.minDelayMs)
  })

  it('lets a Retry-After header win over the body', () => {
    const next = expectNext(
      polled({ status: 'running', check_after_secs: 7 }, { 'retry-after': '3' }),
      'poll',
    )
    expect(next.update.snapshot.nextPollInMs).toBe(3000)
  })

  it('falls back to the backoff on a junk body hint', () => {
    const next = expectNext(polled({ status: 'running', check_after_secs: 'soon' }), 'poll')
    expect(next.update.snapshot.nextPollInMs).toBe(2000)
  })

  it('ignores the hint of a body that ended: the result is fetched at once', () => {
    const next = step(
      acceptedJob(),
      answer(200, url('/status/1'), {
        json: { status: 'succeeded', retry_after: 30, result_url: '/results/1' },
      }),
      at(1000),
      rules,
    )
    expect(next.action).toBe('fetch')
    expect(next.state.nextPollAt).toBe(at(1000))
  })
})
