import { describe, expect, it } from 'vitest'
import type { Answer } from '../../src/answer.js'
import { ProtocolError } from '../../src/errors.js'
import { detectProtocol } from '../../src/protocols/index.js'
import { begin, type Submission } from '../../src/state/begin.js'
import type { StepRules } from '../../src/state/transition.js'

const t0 = Date.UTC(2026, 0, 5, 12, 0, 0)
const submitUrl = 'https://api.example.com/v2/jobs'
const rules: StepRules = {
  backoff: { initialDelayMs: 1000, factor: 2, maxDelayMs: 30_000, jitter: 'none', minDelayMs: 100 },
  random: () => 0.5,
  notReadyGraceMs: 5000,
  context: {},
}
const submission: Submission = {
  submit: { method: 'POST', url: submitUrl },
  protocol: undefined,
  detect: detectProtocol,
  trustedOrigins: new Set(['https://api.example.com']),
  startedAt: t0,
  deadline: t0 + 600_000,
}

/** A 202 as a browser shows it: with `crossOrigin`, only the headers the server exposed. */
function accepted(headers: Record<string, string>, crossOrigin: boolean): Answer {
  return {
    httpStatus: 202,
    headers: new Headers(headers),
    url: submitUrl,
    body: { value: undefined, excerpt: '' },
    ...(crossOrigin ? { crossOrigin: true as const } : {}),
  }
}

function rejectionOf(answer: Answer): unknown {
  const next = begin(submission, answer, t0, rules)
  expect(next.action).toBe('reject')
  return next.action === 'reject' ? next.error : undefined
}

describe('a cross-origin 202 whose Location the browser hid', () => {
  it('is a ProtocolError that names Access-Control-Expose-Headers', () => {
    const error = rejectionOf(accepted({}, true))
    expect(error).toBeInstanceOf(ProtocolError)
    const refused = error as ProtocolError
    expect(refused.message).toContain('Access-Control-Expose-Headers')
    expect(refused.message).toContain('Location')
    expect(refused.url).toBe(submitUrl)
  })

  it('is explained the same when only headers outside the exposed list came through', () => {
    const error = rejectionOf(accepted({ 'content-type': 'application/json' }, true))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toContain('Access-Control-Expose-Headers')
  })

  it('does not mention CORS for a same-origin 202 without Location', () => {
    const error = rejectionOf(accepted({}, false))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/202/)
    expect((error as ProtocolError).message).not.toContain('Access-Control-Expose-Headers')
  })

  it('polls a cross-origin 202 whose Location was exposed', () => {
    const next = begin(submission, accepted({ location: '/v2/jobs/1' }, true), t0, rules)
    expect(next.action).toBe('poll')
    expect(next.state.statusUrl).toBe('https://api.example.com/v2/jobs/1')
  })
})
