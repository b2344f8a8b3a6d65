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
  trustedOrigins: [],
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
      trustedOrigins: [],
      timeoutMs: 60_000,
      protocol: 'google',
    })
    expect(submitHeaders(base)).toEqual([['content-type', 'application/json']])
  })

  it('trusts only the --trust origins for a resumed operation, never one its token names, and keeps its deadline', () => {
    const resumed: RunConfig = {
      ...base,
      source: { kind: 'resume', file: 'op.json' },
      trustedOrigins: ['https://api.example.com'],
    }
    expect(clientOptions(resumed)).toEqual({
      headers: [
        ['authorization', 'Bearer t'],
        ['x-trace', '1'],
      ],
      backoff: { initialDelayMs: 200 },
      trustedOrigins: ['https://api.example.com'],
    })
  })
})
