import { describe, expect, it } from 'vitest'
import { ProtocolError, ResponseValidationError } from '../../src/errors.js'
import { begin } from '../../src/state/begin.js'
import { step } from '../../src/state/step.js'
import {
  acceptedJob,
  answer,
  at,
  emptyJson,
  expectNext,
  jsonType,
  lockedIn,
  rejection,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

describe('redirects, result links and empty results', () => {
  const statusUrl = url('/status/1')

  it.each([300, 301, 302, 304, 307, 308])(
    'rejects a %i that reaches the transition with a ProtocolError',
    (httpStatus) => {
      const reply = { headers: { location: '/elsewhere' } }
      const error = rejection(
        step(acceptedJob(), answer(httpStatus, statusUrl, reply), at(1000), rules),
        ProtocolError,
      )
      expect(error.message).toContain(`Unexpected ${httpStatus} answer`)
      const fetching = expectNext(
        step(
          lockedIn(),
          answer(303, statusUrl, { headers: { location: '/results/1' } }),
          at(3000),
          rules,
        ),
        'fetch',
      ).state
      rejection(
        step(fetching, answer(httpStatus, url('/results/1'), reply), at(3000), rules),
        ProtocolError,
      )
      rejection(
        begin(submission('POST', '/jobs'), answer(httpStatus, url('/jobs'), reply), t0, rules),
        ProtocolError,
      )
    },
  )

  it('fetches the Location of a 303 at once, as the result link', () => {
    const next = expectNext(
      step(
        lockedIn(),
        answer(303, statusUrl, { headers: { location: '/results/1' } }),
        at(3000),
        rules,
      ),
      'fetch',
    )
    expect(next.state.stage).toBe('result')
    expect(next.state.target).toBe(url('/results/1'))
    expect(next.state.resultUrl).toBe(url('/results/1'))
    expect(next.state.nextPollAt).toBe(at(3000))
    expect(next.state.statusUrl).toBe(statusUrl)
  })

  it('waits the Retry-After of a 303 before fetching its Location (RFC 9110 §10.2.3), never past the deadline', () => {
    const seeOther = (headers: Record<string, string>) =>
      answer(303, statusUrl, { headers: { location: '/results/1', ...headers } })
    const fetchAt = (headers: Record<string, string>) =>
      expectNext(step(lockedIn(), seeOther(headers), at(3000), rules), 'fetch').state.nextPollAt
    expect(fetchAt({ 'retry-after': '2' })).toBe(at(5000))
    expect(fetchAt({ 'retry-after-ms': '250' })).toBe(at(3250))
    expect(fetchAt({ 'retry-after': '0' })).toBe(at(3000))
    expect(fetchAt({ 'retry-after': 'soon' })).toBe(at(3000))
    expect(fetchAt({ 'retry-after': '3600' })).toBe(lockedIn().deadline)
    const submitted = expectNext(
      begin(
        submission('POST', '/jobs'),
        answer(303, url('/jobs'), { headers: { location: '/results/9', 'retry-after': '1' } }),
        t0,
        rules,
      ),
      'fetch',
    )
    expect(submitted.state.nextPollAt).toBe(at(1000))
  })

  it('fetches the result link a 200 names at once, whatever its Retry-After says of the next poll', () => {
    const done = answer(200, statusUrl, {
      json: { status: 'succeeded', resultUrl: '/results/1' },
      headers: { 'retry-after': '5' },
    })
    const next = expectNext(step(acceptedJob(), done, at(3000), rules), 'fetch')
    expect(next.state.target).toBe(url('/results/1'))
    expect(next.state.nextPollAt).toBe(at(3000))
  })

  it('rejects a 303 without a Location', () => {
    const error = rejection(
      step(acceptedJob(), answer(303, statusUrl), at(1000), rules),
      ProtocolError,
    )
    expect(error.message).toContain('303 See Other without a Location')
  })

  it('rejects an empty 200 body labelled JSON as the result with ResponseValidationError', () => {
    const empty = answer(200, statusUrl, { body: emptyJson, headers: jsonType })
    const error = rejection(step(acceptedJob(), empty, at(1000), rules), ResponseValidationError)
    expect(error.url).toBe(statusUrl)
    expect(error.bodyExcerpt).toBe('')
    const fetching = expectNext(
      step(
        lockedIn(),
        answer(303, statusUrl, { headers: { location: '/results/1' } }),
        at(3000),
        rules,
      ),
      'fetch',
    ).state
    const link = answer(200, url('/results/1'), { body: emptyJson, headers: jsonType })
    const fromLink = rejection(step(fetching, link, at(3000), rules), ResponseValidationError)
    expect(fromLink.url).toBe(url('/results/1'))
  })

  it('settles a 204 with an undefined result, from the status location or the result link', () => {
    const fromStatus = expectNext(
      step(acceptedJob(), answer(204, statusUrl), at(1000), rules),
      'succeed',
    )
    expect(fromStatus.result.value).toBeUndefined()
    const fetching = expectNext(
      step(
        lockedIn(),
        answer(303, statusUrl, { headers: { location: '/results/1' } }),
        at(3000),
        rules,
      ),
      'fetch',
    ).state
    const fromLink = expectNext(
      step(fetching, answer(204, url('/results/1')), at(3000), rules),
      'succeed',
    )
    expect(fromLink.result.value).toBeUndefined()
  })
})

describe('a result link whose document has a status of ok', () => {
  const fetching = () =>
    expectNext(
      step(
        lockedIn(),
        answer(303, url('/status/1'), { headers: { location: '/results/1' } }),
        at(3000),
        rules,
      ),
      'fetch',
    ).state

  it('resolves with the document, whatever a record inside it says', () => {
    const document = { status: 'ok', data: { id: 7, status: 'active', rows: 3 } }
    const next = expectNext(
      step(fetching(), answer(200, url('/results/1'), { json: document }), at(3100), rules),
      'succeed',
    )
    expect(next.result.value).toEqual(document)
  })
})
