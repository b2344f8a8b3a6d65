import { describe, expect, it } from 'vitest'
import { protocols } from '../../src/protocols/index.js'
import { begin } from '../../src/state/begin.js'
import { acceptedStatuses, step } from '../../src/state/step.js'
import {
  acceptedJob,
  answer,
  at,
  azureMonitor,
  expectNext,
  graceMs,
  lockedIn,
  polled,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

describe('which 404 and 409 answers mean "not yet"', () => {
  it('never for an Azure monitor, at its start or later', () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    expect(acceptedStatuses(state, t0, graceMs)).toEqual([])
    expect(acceptedStatuses(state, at(1000), graceMs)).toEqual([])
  })

  it('never for Azure Location polling or the resource itself', () => {
    const byLocation = polled(
      begin(
        submission('POST', '/jobs', { protocol: protocols.azure }),
        answer(202, url('/jobs'), { headers: { location: '/ops/1' } }),
        t0,
        rules,
      ),
    )
    expect(acceptedStatuses(byLocation, at(1000), graceMs)).toEqual([])
    const byResource = polled(
      begin(
        submission('PUT', '/things/t1'),
        answer(201, url('/things/t1'), { json: { provisioningState: 'Creating' } }),
        t0,
        rules,
      ),
    )
    expect(acceptedStatuses(byResource, at(1000), graceMs)).toEqual([])
  })

  it('never for an Azure final GET, at its start', () => {
    const state = azureMonitor('POST', '/jobs', {
      'operation-location': '/ops/1',
      location: '/r/1',
    })
    const fetching = expectNext(
      step(state, answer(200, url('/ops/1'), { json: { status: 'Succeeded' } }), at(1000), rules),
      'fetch',
    ).state
    expect(acceptedStatuses(fetching, at(1000), graceMs)).toEqual([])
  })

  it.each([
    ['auto', undefined],
    ['generic', protocols.generic],
  ])(
    'under %s: within the grace from the start of an unanswered status location only',
    (_name, protocol) => {
      const state = acceptedJob(protocol)
      expect(state.targetSince).toBe(t0)
      expect(acceptedStatuses(state, t0, graceMs)).toEqual([404, 409])
      expect(acceptedStatuses(state, at(graceMs - 1), graceMs)).toEqual([404, 409])
      expect(acceptedStatuses(state, at(graceMs), graceMs)).toEqual([])
    },
  )

  it('under auto: a 404 inside the grace is "not yet", and the grace still ends on time', () => {
    const next = expectNext(
      step(acceptedJob(), answer(404, url('/status/1')), at(1000), rules),
      'poll',
    )
    expect(next.state.answered).toBe(false)
    expect(acceptedStatuses(next.state, at(3000), graceMs)).toEqual([404, 409])
    expect(acceptedStatuses(next.state, at(graceMs), graceMs)).toEqual([])
  })

  it('under auto: never once the status location has answered, even inside the grace', () => {
    const answered = polled(step(acceptedJob(), answer(202, url('/status/1')), at(1000), rules))
    expect(acceptedStatuses(answered, at(1000), graceMs)).toEqual([])
    expect(acceptedStatuses(lockedIn(), at(1000), graceMs)).toEqual([])
  })

  it('under auto: a status location that moved gets its own grace from the move', () => {
    const moved = polled(
      step(
        acceptedJob(),
        answer(202, url('/status/1'), { headers: { location: '/status/2' } }),
        at(2000),
        rules,
      ),
    )
    expect(acceptedStatuses(moved, at(2000 + graceMs - 1), graceMs)).toEqual([404, 409])
    expect(acceptedStatuses(moved, at(2000 + graceMs), graceMs)).toEqual([])
  })

  it('under auto: a result link gets its own grace from the moment it is named', () => {
    const fetching = expectNext(
      step(
        lockedIn(),
        answer(303, url('/status/1'), { headers: { location: '/results/1' } }),
        at(4000),
        rules,
      ),
      'fetch',
    ).state
    expect(fetching.targetSince).toBe(at(4000))
    expect(acceptedStatuses(fetching, at(4000), graceMs)).toEqual([404, 409])
    expect(acceptedStatuses(fetching, at(4000 + graceMs - 1), graceMs)).toEqual([404, 409])
    expect(acceptedStatuses(fetching, at(4000 + graceMs), graceMs)).toEqual([])
  })

  it('always for the status stage of the result convention, past the grace and after an answer', () => {
    const state = acceptedJob(protocols.result)
    expect(new Set(acceptedStatuses(state, t0, graceMs))).toEqual(new Set([404, 409]))
    expect(acceptedStatuses(state, at(60_000), graceMs)).toEqual([404, 409])
    const answered = polled(step(state, answer(202, url('/status/1')), at(1000), rules))
    expect(acceptedStatuses(answered, at(1000), graceMs)).toEqual([404, 409])
    const notYet = expectNext(
      step(answered, answer(409, url('/status/1')), at(3000), rules),
      'poll',
    )
    expect(notYet.state.nextPollAt).toBe(at(7000))
  })
})

describe('Retry-After, retry-after-ms and x-ms-retry-after-ms set the next poll', () => {
  const running = (headers: Record<string, string>) =>
    step(
      azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' }),
      answer(200, url('/ops/1'), { json: { status: 'Running' }, headers }),
      at(1000),
      rules,
    )

  it.each([
    ['retry-after', '/bar'],
    ['retry-after', 'soon'],
    ['retry-after', '-5'],
    ['retry-after', '1.5'],
    ['retry-after', '1e3'],
    ['retry-after', '0x10'],
    ['retry-after', '7 seconds'],
    ['retry-after', 'Mon, 05 Jan 2026 12:00:13 PST'],
    ['retry-after', 'Mon, 32 Jan 2026 12:00:13 GMT'],
    ['retry-after-ms', 'abc'],
    ['x-ms-retry-after-ms', '-100'],
  ])('ignores %s: %j and schedules by the backoff', (name, value) => {
    const next = expectNext(running({ [name]: value }), 'poll')
    expect(next.state.nextPollAt).toBe(at(3000))
    expect(next.update.snapshot.nextPollInMs).toBe(2000)
  })

  it.each([
    ['retry-after', '7', 7000],
    ['retry-after', new Date(at(1000) + 12_000).toUTCString(), 12_000],
    ['retry-after', new Date(at(1000) - 60_000).toUTCString(), 100],
    ['retry-after', '0', 100],
    ['retry-after-ms', '250', 250],
    ['x-ms-retry-after-ms', '1500', 1500],
    ['retry-after-ms', '20', 100],
  ])('honours %s: %j as a wait of %i ms', (name, value, waitMs) => {
    const next = expectNext(running({ [name]: value }), 'poll')
    expect(next.state.nextPollAt).toBe(at(1000) + waitMs)
    expect(next.update.snapshot.nextPollInMs).toBe(waitMs)
  })

  it('takes retry-after-ms before Retry-After', () => {
    const next = expectNext(running({ 'retry-after': '9', 'retry-after-ms': '300' }), 'poll')
    expect(next.state.nextPollAt).toBe(at(1300))
  })

  it('lets a valid Retry-After win over the predicted finish', () => {
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    const next = expectNext(
      step(
        state,
        answer(200, url('/ops/1'), {
          json: { status: 'Running', percentComplete: 50 },
          headers: { 'retry-after': '20' },
        }),
        at(1000),
        rules,
      ),
      'poll',
    )
    expect(next.update.snapshot.etaMs).toBe(1000)
    expect(next.state.nextPollAt).toBe(at(21_000))
  })

  it('honours a Retry-After on the submit answer, and ignores a junk one there', () => {
    const submitted = (retryAfter: string) =>
      polled(
        begin(
          submission('POST', '/jobs'),
          answer(202, url('/jobs'), {
            headers: { location: '/status/1', 'retry-after': retryAfter },
          }),
          t0,
          rules,
        ),
      )
    expect(submitted('3').nextPollAt).toBe(at(3000))
    expect(submitted('/bar').nextPollAt).toBe(at(1000))
  })
})
