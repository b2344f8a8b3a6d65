import { describe, expect, it } from 'vitest'
import { OperationCanceledError, OperationFailedError, ProtocolError } from '../../src/errors.js'
import { protocols } from '../../src/protocols/index.js'
import { begin } from '../../src/state/begin.js'
import { step } from '../../src/state/step.js'
import {
  answer,
  at,
  expectNext,
  polled,
  rejection,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

describe('Google operations: a submit answered with an Operation', () => {
  it('polls /v1/{name} after a Google 200 Operation, with progress from its metadata', () => {
    const operation = {
      name: 'operations/abc',
      done: false,
      metadata: { progressPercent: 10 },
    }
    const next = expectNext(
      begin(
        submission('POST', '/v1/projects/p/things:run'),
        answer(200, url('/v1/projects/p/things:run'), { json: operation }),
        t0,
        rules,
      ),
      'poll',
    )
    expect(next.state.protocol.name).toBe('google')
    expect(next.state.statusUrl).toBe(url('/v1/operations/abc'))
    expect(next.state.target).toBe(url('/v1/operations/abc'))
    expect(next.update.snapshot.progress).toBe(0.1)
  })

  it.each([
    ['operations/42', 'detected', undefined],
    ['projects/p/locations/l/operations/o', 'detected', undefined],
    ['operations/42', 'forced', protocols.google],
    ['jobs/42', 'forced', protocols.google],
  ])(
    "polls a bare {name: %j} as a Google operation (%s), under the submit's API version",
    (name, _, protocol) => {
      const path = '/v1p1beta1/speech:longrunningrecognize'
      const state = polled(
        begin(
          submission('POST', path, { protocol }),
          answer(200, url(path), { json: { name } }),
          t0,
          rules,
        ),
      )
      expect(state.protocol.name).toBe('google')
      expect(state.statusUrl).toBe(url(`/v1p1beta1/${name}`))
      const pending = polled(
        step(state, answer(200, url(`/v1p1beta1/${name}`), { json: { name } }), at(1000), rules),
      )
      expect(pending.snapshot?.state).toBe('pending')
    },
  )

  it('refuses a bare {name} that is no operation name under auto: a job handle is no result', () => {
    const error = rejection(
      begin(
        submission('POST', '/v1/jobs'),
        answer(200, url('/v1/jobs'), { json: { name: 'jobs/42' } }),
        t0,
        rules,
      ),
      ProtocolError,
    )
    expect(error.message).toContain('only a job handle')
    expect(error.message).toContain('`statusLocation`')
  })

  it('settles a Google operation with its response once done, or rejects with its error', () => {
    const started = polled(
      begin(
        submission('POST', '/v1/things:run'),
        answer(200, url('/v1/things:run'), { json: { name: 'operations/abc', done: false } }),
        t0,
        rules,
      ),
    )
    const operationUrl = url('/v1/operations/abc')
    const done = (fields: object) =>
      step(
        started,
        answer(200, operationUrl, { json: { name: 'operations/abc', done: true, ...fields } }),
        at(1000),
        rules,
      )
    expect(expectNext(done({ response: { id: 7 } }), 'succeed').result.value).toEqual({ id: 7 })
    const failure = { code: 3, message: 'bad input' }
    expect(rejection(done({ error: failure }), OperationFailedError).detail).toEqual(failure)
    rejection(done({ error: { code: 1, message: 'cancelled' } }), OperationCanceledError)
  })
})

describe('Google operations: a poll answer that is no Operation is refused', () => {
  it('after a Google Operation, rejects an HTML page or a body that is not an Operation', () => {
    const started = polled(
      begin(
        submission('POST', '/v1/things:run'),
        answer(200, url('/v1/things:run'), { json: { name: 'operations/abc', done: false } }),
        t0,
        rules,
      ),
    )
    const operationUrl = url('/v1/operations/abc')
    const page = rejection(
      step(started, answer(200, operationUrl, { html: '<html>oops</html>' }), at(1000), rules),
      ProtocolError,
    )
    expect(page.bodyExcerpt).toBe('<html>oops</html>')
    const other = rejection(
      step(started, answer(200, operationUrl, { json: { id: 1 } }), at(1000), rules),
      ProtocolError,
    )
    expect(other.bodyExcerpt).toBe('{"id":1}')
  })
})
