import { describe, expect, it } from 'vitest'
import type { PollState } from '../../src/state/poll-state.js'
import { step } from '../../src/state/step.js'
import { acceptedJob, answer, at, expectNext, rules, url } from './support/step-fixtures.js'

describe('progress read from status bodies, and the cadence it predicts', () => {
  const statusUrl = url('/status/1')
  const status = (state: PollState, body: object, ms: number) =>
    step(state, answer(200, statusUrl, { json: { status: 'running', ...body } }), at(ms), rules)

  it.each([
    ['progress-percent', 40, 0.4],
    ['percentComplete', 75, 0.75],
    ['progressPercent', 5, 0.05],
    ['percent_complete', 100, 1],
    ['percent', 0, 0],
    ['percentComplete', 150, 1],
    ['percentComplete', -10, 0],
  ])('reads %s: %s as %s of the way, clamped to 0..1', (field, value, shown) => {
    const next = expectNext(status(acceptedJob(), { [field]: value }, 1000), 'poll')
    expect(next.update.snapshot.progress).toBe(shown)
  })

  it('a bare progress 0.5 then 40 and 45 never shows less than 0.5, until 70 passes it', () => {
    const first = expectNext(status(acceptedJob(), { progress: 0.5 }, 1000), 'poll')
    const second = expectNext(status(first.state, { progress: 40 }, 3000), 'poll')
    const third = expectNext(status(second.state, { progress: 45 }, 5000), 'poll')
    const fourth = expectNext(status(third.state, { progress: 70 }, 7000), 'poll')
    expect([first, second, third, fourth].map((next) => next.update.snapshot.progress)).toEqual([
      0.5, 0.5, 0.5, 0.7,
    ])
  })

  it('snapshots progress, etaMs, attempt, nextPollInMs, httpStatus and resultUrl exactly', () => {
    const body1 = { status: 'running', progress: 0.25 }
    const first = expectNext(
      step(acceptedJob(), answer(200, statusUrl, { json: body1 }), at(1000), rules),
      'poll',
    )
    expect(first.update.snapshot).toStrictEqual({
      state: 'pending',
      status: body1,
      progress: 0.25,
      etaMs: 3000,
      attempt: 1,
      elapsedMs: 1000,
      nextPollInMs: 3100,
      httpStatus: 200,
    })
    expect(first.state.nextPollAt).toBe(at(4100))

    const body2 = { status: 'succeeded', progress: 1, result_url: '/results/1' }
    const fetch = expectNext(
      step(first.state, answer(200, statusUrl, { json: body2 }), at(4100), rules),
      'fetch',
    )
    expect(fetch.state.resultUrl).toBe(url('/results/1'))
    expect(fetch.state.nextPollAt).toBe(at(4100))

    const done = expectNext(
      step(
        fetch.state,
        answer(200, url('/results/1'), { json: { report: 'r1' } }),
        at(4200),
        rules,
      ),
      'succeed',
    )
    expect(done.result.value).toEqual({ report: 'r1' })
    expect(done.update.snapshot).toStrictEqual({
      state: 'succeeded',
      status: body2,
      progress: 1,
      attempt: 3,
      elapsedMs: 4200,
      httpStatus: 200,
      resultUrl: url('/results/1'),
    })
  })

  it('keeps predicting while progress stands still, the finish moving out as time passes', () => {
    const first = expectNext(status(acceptedJob(), { progress: 0.25 }, 1000), 'poll')
    const stalled = expectNext(status(first.state, { progress: 0.25 }, 4100), 'poll')
    // A quarter done in 4.1 s: 12.3 s to go, approached 60% of the way (7.38 s).
    expect(stalled.update.snapshot.etaMs).toBe(12_300)
    expect(stalled.update.snapshot.progress).toBe(0.25)
    expect(stalled.update.snapshot.nextPollInMs).toBe(7380)
    expect(stalled.state.nextPollAt).toBe(at(11_480))
  })

  it('drops etaMs and returns to the backoff when progress goes back', () => {
    const first = expectNext(status(acceptedJob(), { progress: 0.25 }, 1000), 'poll')
    const back = expectNext(status(first.state, { progress: 0.2 }, 4100), 'poll')
    expect(back.update.snapshot.etaMs).toBeUndefined()
    expect(back.update.snapshot.progress).toBe(0.2)
    expect(back.update.snapshot.nextPollInMs).toBe(4000)
    expect(back.state.nextPollAt).toBe(at(8100))
  })

  it('a succeeded operation shows progress 1 and no etaMs', () => {
    const first = expectNext(status(acceptedJob(), { progress: 0.25 }, 1000), 'poll')
    const done = expectNext(
      step(
        first.state,
        answer(200, statusUrl, { json: { status: 'done', result: { n: 1 } } }),
        at(2000),
        rules,
      ),
      'succeed',
    )
    expect(done.result.value).toEqual({ n: 1 })
    expect(done.update.snapshot.progress).toBe(1)
    expect(done.update.snapshot.etaMs).toBeUndefined()
  })
})
