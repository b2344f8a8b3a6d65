import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { createClient, ProtocolError } from '../../src/index.js'
import { baseUrl, useTaskServer } from '../support/msw.js'
import { createLockManager } from '../support/web-locks.js'

useTaskServer({ durationMs: 1000, steps: 4 })
const backoff = {
  initialDelayMs: 100,
  factor: 1,
  maxDelayMs: 100,
  jitter: 'none',
  minDelayMs: 10,
} as const

beforeEach(() => {
  vi.stubGlobal('document', {})
  vi.stubGlobal('navigator', { locks: createLockManager() })
})
afterEach(() => vi.unstubAllGlobals())

// Tab sharing in Node: a fake page (document, Web Locks) and BroadcastChannel, as in a browser.
it('throws for a body the convention cannot read in a tab that does not poll, as in the tab that does', async () => {
  const first = createClient({ baseUrl, backoff })
  const second = createClient({ baseUrl, backoff })
  const op = await first.start('/jobs', { json: { job: {} } })
  const other = second.resume(JSON.stringify(op))
  const waits = [op.wait(), other.wait()]
  await new Promise((resolve) => setTimeout(resolve, 150))
  let polling: unknown
  let listening: unknown
  try {
    op.notify({ status: 'exploded' })
  } catch (e) {
    polling = e
  }
  try {
    other.notify({ status: 'exploded' })
  } catch (e) {
    listening = e
  }
  await Promise.all(waits)
  expect([polling instanceof ProtocolError, listening instanceof ProtocolError]).toEqual([
    true,
    true,
  ])
})
