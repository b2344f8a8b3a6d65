import { describe, expect, it } from 'vitest'
import { createClient } from '../../src/index.js'

// The options of wait() and check() are checked at the door, with a TypeError that says what is
// wrong, before any request: a job queue that passes a job's empty field gets that, not a crash.

const token = {
  pollwise: 2,
  protocol: 'auto',
  statusUrl: 'https://api.example.com/jobs/1',
  target: 'https://api.example.com/jobs/1',
  stage: 'status',
  submit: { method: 'POST', url: 'https://api.example.com/jobs' },
  startedAt: 0,
  deadline: 8.64e15,
  attempt: 0,
  nextPollAt: 8.64e15,
  answered: true,
}

describe('wait and check options', () => {
  it.each([null, 'result', 42])(
    'refuses %j as the options of check() and wait()',
    async (options) => {
      const api = createClient({ baseUrl: 'https://api.example.com' })
      const message = 'Expected `options` to be an object'
      await expect(api.check(token, options as never)).rejects.toThrow(new TypeError(message))
      expect(() => api.resume(token).wait(options as never)).toThrow(new TypeError(message))
    },
  )
})
