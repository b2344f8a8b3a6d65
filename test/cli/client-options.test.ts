import { describe, expect, it } from 'vitest'
import type { RunConfig } from '../../src/cli/args.js'
import { clientOptions, submitHeaders } from '../../src/cli/client-options.js'

const base: RunConfig = {
  source: {
    kind: 'start',
    method: 'POST',
    url: 'https://api.example.com/jobs',
    timeoutMs: 60_000,
    protocol: 'google',
  },
  headers: [
    ['authorization', 'Bearer t'],
    ['content-type', 'application/json'],
    ['x-trace', '1'],
  ],
  backoff: { initialDelayMs: 200 },
  quiet: false,
  cancelOnInterrupt: false,
}

describe('clientOptions', () => {
  it('sends -H headers on every request but content-type, which goes with the submit', () => {
    expect(clientOptions(base)).toEqual({
      headers: [
        ['authorization', 'Bearer t'],
        ['x-trace', '1'],
      ],
      backoff: { initialDelayMs: 200 },
      timeoutMs: 60_000,
      protocol: 'google',
    })
    expect(submitHeaders(base)).toEqual([['content-type', 'application/json']])
  })

  it('trusts the origin a resumed operation was submitted to, and keeps its deadline', () => {
    const resumed: RunConfig = { ...base, source: { kind: 'resume', file: 'op.json' } }
    expect(clientOptions(resumed, 'https://api.example.com')).toEqual({
      headers: [
        ['authorization', 'Bearer t'],
        ['x-trace', '1'],
      ],
      backoff: { initialDelayMs: 200 },
      baseUrl: 'https://api.example.com',
    })
  })
})
