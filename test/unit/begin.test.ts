import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { begin } from '../../src/state/begin.js'
import {
  answer,
  at,
  expectNext,
  rejection,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

describe('begin: the submit answer decides the first step', () => {
  it('rejects a 202 that names no status location with a ProtocolError', () => {
    const error = rejection(
      begin(submission('POST', '/jobs'), answer(202, url('/jobs')), t0, rules),
      ProtocolError,
    )
    expect(error.message).toBe(
      `202 Accepted without a status location; if its documentation puts the status elsewhere, name it with the \`statusLocation\` option (a field of the answer, or a template such as '/jobs/{id}') (${url('/jobs')})`,
    )
    expect(error.url).toBe(url('/jobs'))
  })

  it('polls the Location of a 202 after the initial delay, and records it as the status URL', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs'),
        answer(202, url('/jobs'), { headers: { location: '/status/1' } }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.statusUrl).toBe(url('/status/1'))
    expect(next.state.target).toBe(url('/status/1'))
    expect(next.state.stage).toBe('status')
    expect(next.state.protocol.name).toBe('auto')
    expect(next.state.nextPollAt).toBe(at(1000))
    expect(next.state.deadline).toBe(at(600_000))
    expect(next.update.snapshot).toStrictEqual({
      state: 'pending',
      status: undefined,
      attempt: 0,
      elapsedMs: 0,
      nextPollInMs: 1000,
      httpStatus: 202,
    })
  })

  it('polls the Location of a 201 Created', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs'),
        answer(201, url('/jobs'), { headers: { location: '/status/1' } }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.target).toBe(url('/status/1'))
  })

  it('fetches the Location of a 303 submit answer at once', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs'),
        answer(303, url('/jobs'), { headers: { location: '/results/1' } }),
        t0,
        rules,
      ),
      'fetch',
    )
    expect(next.state.stage).toBe('result')
    expect(next.state.target).toBe(url('/results/1'))
    expect(next.state.resultUrl).toBe(url('/results/1'))
    expect(next.state.nextPollAt).toBe(t0)
  })

  it('settles with a 200 answer that is the result itself, with no request', () => {
    const result = { id: 1, rows: [1, 2, 3] }
    const next = expectNext(
      begin(submission('POST', '/jobs'), answer(200, url('/jobs'), { json: result }), t0, rules),
      'succeed',
    )
    expect(next.result.value).toEqual(result)
    expect(next.update.snapshot).toStrictEqual({
      state: 'succeeded',
      status: undefined,
      attempt: 0,
      elapsedMs: 0,
      httpStatus: 200,
    })
  })

  it('polls the Location of a 200 status body with a pending word, speaking generic JSON', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs'),
        answer(200, url('/jobs'), {
          json: { status: 'queued' },
          headers: { location: '/status/1' },
        }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.protocol.name).toBe('generic')
    expect(next.state.target).toBe(url('/status/1'))
  })

  it('rejects an HTML page as the submit answer under auto', () => {
    const error = rejection(
      begin(
        submission('POST', '/jobs'),
        answer(200, url('/jobs'), { html: '<html><body>Bad gateway</body></html>' }),
        t0,
        rules,
      ),
      ProtocolError,
    )
    expect(error.bodyExcerpt).toBe('<html><body>Bad gateway</body></html>')
  })

  it('plans no poll past the deadline: the next poll is the deadline itself', () => {
    const next = expectNext(
      begin(
        submission('POST', '/jobs', { timeoutMs: 800 }),
        answer(202, url('/jobs'), { headers: { location: '/status/1' } }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.nextPollAt).toBe(at(800))
    expect(next.update.snapshot.nextPollInMs).toBeUndefined()
  })
})
