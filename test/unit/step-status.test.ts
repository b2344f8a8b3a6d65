import { describe, expect, it } from 'vitest'
import { ProtocolError, ResponseValidationError } from '../../src/errors.js'
import { begin } from '../../src/state/begin.js'
import { step } from '../../src/state/step.js'
import {
  acceptedJob,
  answer,
  at,
  azureMonitor,
  emptyJson,
  expectNext,
  jsonType,
  lockedIn,
  type Of,
  rejection,
  rules,
  submission,
  t0,
  url,
} from './support/step-fixtures.js'

describe('a status body that cannot be read is refused, never taken for the result', () => {
  const statusUrl = url('/status/1')
  const longPage = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(2000)}</body></html>`

  it('after a status word, rejects an HTML 200 with a bounded excerpt of the page', () => {
    const next = step(lockedIn(), answer(200, statusUrl, { html: longPage }), at(3000), rules)
    expect(next.action).toBe('reject')
    const error = (next as Of<'reject'>).error as ProtocolError | ResponseValidationError
    expect([ProtocolError, ResponseValidationError].some((type) => error instanceof type)).toBe(
      true,
    )
    expect(error.bodyExcerpt).toBe(longPage.slice(0, 500))
    expect(error.message.length).toBeLessThan(400)
    expect(error.message).toContain(JSON.stringify(longPage.slice(0, 200)))
  })

  it('after a status word, rejects an empty body labelled JSON', () => {
    const next = step(
      lockedIn(),
      answer(200, statusUrl, { body: emptyJson, headers: jsonType }),
      at(3000),
      rules,
    )
    expect(next.action).toBe('reject')
    const error = (next as Of<'reject'>).error as ProtocolError | ResponseValidationError
    expect([ProtocolError, ResponseValidationError].some((type) => error instanceof type)).toBe(
      true,
    )
    expect(error.bodyExcerpt).toBe('')
  })

  it('after a status word, rejects a JSON body without the status field, naming its excerpt', () => {
    const body = { id: 7, result_url: '/results/7' }
    const error = rejection(
      step(lockedIn(), answer(200, statusUrl, { json: body }), at(3000), rules),
      ProtocolError,
    )
    expect(error.bodyExcerpt).toBe(JSON.stringify(body))
    expect(error.url).toBe(statusUrl)
  })

  it('rejects an HTML 200 from the status location under auto before any status word', () => {
    const error = rejection(
      step(acceptedJob(), answer(200, statusUrl, { html: longPage }), at(1000), rules),
      ProtocolError,
    )
    expect(error.bodyExcerpt).toBe(longPage.slice(0, 500))
  })

  it.each([null, 3, { code: 7 }, ['running'], true, false])(
    'rejects a status field that is %j with a ProtocolError naming the field and the value',
    (value) => {
      const body = { status: value }
      const expected = `Status field \`status\` is ${JSON.stringify(value)}, not a status word`
      const first = rejection(
        step(acceptedJob(), answer(200, statusUrl, { json: body }), at(1000), rules),
        ProtocolError,
      )
      expect(first.message).toContain(expected)
      expect(first.bodyExcerpt).toBe(JSON.stringify(body))
      const later = rejection(
        step(lockedIn(), answer(200, statusUrl, { json: body }), at(3000), rules),
        ProtocolError,
      )
      expect(later.message).toContain(expected)
    },
  )

  it('names the `state` field when that one is not a string', () => {
    const error = rejection(
      step(acceptedJob(), answer(200, statusUrl, { json: { state: 0 } }), at(1000), rules),
      ProtocolError,
    )
    expect(error.message).toContain('Status field `state` is 0, not a status word')
  })

  it('rejects a status field that is not a string on the submit answer and from an Azure monitor', () => {
    const submitted = rejection(
      begin(
        submission('POST', '/jobs'),
        answer(200, url('/jobs'), { json: { status: 5 } }),
        t0,
        rules,
      ),
      ProtocolError,
    )
    expect(submitted.message).toContain('Status field `status` is 5, not a status word')
    const state = azureMonitor('POST', '/jobs', { 'operation-location': '/ops/1' })
    const monitor = rejection(
      step(state, answer(200, url('/ops/1'), { json: { status: null } }), at(1000), rules),
      ProtocolError,
    )
    expect(monitor.message).toContain('Status field `status` is null, not a status word')
  })

  it('rejects an unknown status word with a ProtocolError', () => {
    const error = rejection(
      step(
        acceptedJob(),
        answer(200, statusUrl, { json: { status: 'exploded' } }),
        at(1000),
        rules,
      ),
      ProtocolError,
    )
    expect(error.message).toContain('Unknown status word "exploded"')
  })
})

describe('a JSON 200 from the status location before any status word', () => {
  const statusUrl = url('/status/1')

  it('settles with a JSON 200 from the status location under auto before any status word', () => {
    const next = expectNext(
      step(acceptedJob(), answer(200, statusUrl, { json: { rows: 1 } }), at(1000), rules),
      'succeed',
    )
    expect(next.result.value).toEqual({ rows: 1 })
  })
})
