import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { protocols } from '../../src/protocols/index.js'
import { begin } from '../../src/state/begin.js'
import { notified } from '../../src/state/notification.js'
import type { PollState } from '../../src/state/poll-state.js'
import { step } from '../../src/state/step.js'
import type { StepRules } from '../../src/state/transition.js'
import {
  acceptedJob,
  answer,
  at,
  expectNext,
  lockedIn,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

/** The fields a delivered body must leave as they were: the schedule, and what counts requests. */
function schedule(state: PollState) {
  const { nextPollAt, backoffStep, previousDelayMs, attempt, lastAnswer, target, stage } = state
  return { nextPollAt, backoffStep, previousDelayMs, attempt, lastAnswer, target, stage }
}

/** An operation whose status location said succeeded and named its result: it fetches it now. */
function fetchingResult(): PollState {
  const done = answer(200, url('/status/1'), {
    json: { status: 'succeeded', resultUrl: '/files/1' },
  })
  const state = expectNext(step(lockedIn(), done, at(3000), rules), 'fetch').state
  expect(state.stage).toBe('result')
  return state
}

describe('a notification without a body', () => {
  it('asks for a read of the status location now, the state as it was', () => {
    const state = lockedIn()
    const seen = notified(state, undefined, at(1500), rules)
    expect(seen.pollNow).toBe(true)
    expect(seen.state).toBe(state)
    expect(seen.update).toBeUndefined()
  })

  it('asks for nothing in the result stage: the result is fetched when the server said', () => {
    const state = fetchingResult()
    const seen = notified(state, undefined, at(3100), rules)
    expect(seen).toEqual({ state, pollNow: false })
  })
})

describe('a notification with a pending status body', () => {
  it('becomes the latest observation: its status and progress, with no request', () => {
    const state = lockedIn()
    const body = { status: 'running', progress: 40 }
    const seen = notified(state, body, at(1500), rules)
    expect(seen.pollNow).toBe(false)
    expect(seen.update?.snapshot).toMatchObject({
      state: 'pending',
      status: body,
      progress: 0.4,
      attempt: 1,
      elapsedMs: 1500,
    })
    expect(seen.update?.statusBody?.value).toEqual(body)
    expect(seen.state.statusBody?.value).toEqual(body)
    expect(seen.state.progress?.shown).toBe(0.4)
    expect(seen.state.snapshot).toEqual(seen.update?.snapshot)
  })

  it('keeps the schedule: no request is counted and the backoff does not grow', () => {
    const state = lockedIn()
    const seen = notified(state, { status: 'running', progress: 40 }, at(1500), rules)
    expect(schedule(seen.state)).toEqual(schedule(state))
    // A second one in a row still keeps it.
    const again = notified(seen.state, { status: 'queued' }, at(1600), rules)
    expect(schedule(again.state)).toEqual(schedule(state))
    expect(again.update?.snapshot.status).toEqual({ status: 'queued' })
  })

  it('keeps the progress seen before when it carries none', () => {
    const first = notified(lockedIn(), { status: 'running', progress: 40 }, at(1500), rules)
    const second = notified(first.state, { status: 'running' }, at(1600), rules)
    expect(second.update?.snapshot.progress).toBe(0.4)
  })

  it('is read by the operation`s own convention, with its own words', () => {
    const simmer: StepRules = {
      ...rules,
      context: { classifyStatus: (word) => (word === 'simmer' ? 'pending' : undefined) },
    }
    const seen = notified(lockedIn(), { status: 'simmer' }, at(1500), simmer)
    expect(seen.pollNow).toBe(false)
    expect(seen.update?.snapshot.state).toBe('pending')
    expect(() => notified(lockedIn(), { status: 'simmer' }, at(1500), rules)).toThrow(ProtocolError)
  })

  it('cannot move polling elsewhere: a link to another status location is not followed', () => {
    const state = lockedIn()
    const body = { status: 'running', statusUrl: 'https://attacker.example/status/1' }
    const seen = notified(state, body, at(1500), rules)
    expect(seen.state.target).toBe(url('/status/1'))
    expect(seen.state.statusUrl).toBe(url('/status/1'))
  })

  it('opens no stream location it names: only the server names one', () => {
    for (const body of [
      { status: 'running', streamUrl: 'https://attacker.example/events' },
      { status: 'running', links: { stream: '/status/1/events' } },
    ]) {
      const seen = notified(lockedIn(), body, at(1500), rules)
      expect(seen.state.stream).toBeUndefined()
      expect(seen.state.nextPollAt).toBe(lockedIn().nextPollAt)
    }
  })
})

describe('a notification with a body that says the operation ended', () => {
  it.each([
    ['succeeded, with the result inline', { status: 'succeeded', result: 'forged' }],
    ['succeeded, with no result', { status: 'succeeded' }],
    ['succeeded, naming a result link', { status: 'succeeded', resultUrl: '/files/1' }],
    [
      'succeeded, naming a result link elsewhere',
      { status: 'succeeded', resultUrl: 'https://attacker.example/files/1' },
    ],
    ['failed', { status: 'failed', error: { message: 'disk full' } }],
    ['canceled', { status: 'canceled' }],
  ])('%s: asks for a read of the status location now and settles nothing', (_name, body) => {
    const state = lockedIn()
    const seen = notified(state, body, at(1500), rules)
    expect(seen.pollNow).toBe(true)
    // The state is the one before: no result link, no terminal snapshot, the status unchanged.
    expect(seen.state).toBe(state)
    expect(seen.update).toBeUndefined()
  })
})

describe('a notification whose body the convention cannot read', () => {
  it.each([
    ['an HTML page', '<html><body>Bad gateway</body></html>'],
    ['a string', 'done'],
    ['an object with no state', { foo: 1 }],
    ['null', null],
    ['a number', 5],
    ['an array', [{ status: 'running' }]],
    ['a state that is no word', { status: 42 }],
    ['a word no rule classifies', { status: 'exploded' }],
  ])('throws a ProtocolError for %s, naming the status location', (_name, body) => {
    const state = lockedIn()
    let thrown: unknown
    try {
      notified(state, body, at(1500), rules)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ProtocolError)
    expect((thrown as ProtocolError).url).toBe(url('/status/1'))
    expect((thrown as ProtocolError).bodyExcerpt).toBe(JSON.stringify(body))
  })

  it('throws under the HTTP convention, which reads no status body: a wake needs no body', () => {
    const state = expectNext(
      begin(
        submission('POST', '/jobs', { protocol: protocols.http }),
        answer(202, url('/jobs'), { headers: { location: '/status/1' } }),
        t0,
        rules,
      ),
      'poll',
    ).state
    expect(() => notified(state, { status: 'succeeded' }, at(500), rules)).toThrow(ProtocolError)
    expect(notified(state, undefined, at(500), rules).pollNow).toBe(true)
  })
})

describe('a notification in the result stage', () => {
  it('asks for nothing whatever the body says, without reading it', () => {
    const state = fetchingResult()
    for (const body of [{ status: 'running', progress: 10 }, { foo: 1 }, '<html>']) {
      const seen = notified(state, body, at(3100), rules)
      expect(seen).toEqual({ state, pollNow: false })
    }
  })
})

describe('a notification before the status location answered', () => {
  it('reads a pending body and keeps the first poll`s time', () => {
    const state = acceptedJob()
    const seen = notified(state, { status: 'running', progress: 0.25 }, at(200), rules)
    expect(seen.pollNow).toBe(false)
    expect(seen.update?.snapshot.progress).toBe(0.25)
    expect(schedule(seen.state)).toEqual(schedule(state))
  })

  it('throws for a body that is no status, rather than taking it for the result', () => {
    expect(() => notified(acceptedJob(), { rows: 3 }, at(200), rules)).toThrow(ProtocolError)
  })

  it('commits the operation to no convention: only the status location does', () => {
    const state = acceptedJob()
    const seen = notified(state, { status: 'running' }, at(200), rules)
    expect(seen.state.protocol).toBe(state.protocol)
    // The status location then answers its result the plain HTTP way, and it is the result.
    const done = step(
      seen.state,
      answer(200, url('/status/1'), { json: { rows: 3 } }),
      at(1000),
      rules,
    )
    expect(expectNext(done, 'succeed').result.value).toEqual({ rows: 3 })
  })

  it('says when the next read really is', () => {
    const state = lockedIn()
    const seen = notified(state, { status: 'running', progress: 40 }, at(1500), rules)
    expect(seen.update?.snapshot.nextPollInMs).toBe(state.nextPollAt - at(1500))
    expect(seen.state.snapshot?.nextPollInMs).toBe(state.nextPollAt - at(1500))
  })
})
