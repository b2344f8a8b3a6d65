import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FaultServer, startFaultServer } from '../../mocks/fault-server.js'
import { createClient } from '../../src/index.js'

// Over real loopback sockets and Node's own fetch: the per-origin limit bounds connections, not
// only requests in flight.

let server: FaultServer

beforeEach(async () => {
  server = await startFaultServer()
})

afterEach(() => server.close())

describe('connections to one origin', () => {
  it('opens no more sockets than maxConcurrentPolls for 100 operations answered in 20 ms', async () => {
    server.script('/jobs', [
      { kind: 'plain', status: 202, headers: { location: '/status' }, delayMs: 20 },
    ])
    server.script('/status', [
      { kind: 'json', body: { status: 'succeeded', result: { ok: true } }, delayMs: 20 },
    ])
    const api = createClient({
      baseUrl: server.url,
      maxConcurrentPolls: 8,
      backoff: { initialDelayMs: 10, minDelayMs: 0, jitter: 'none' },
    })
    const results = await Promise.all(Array.from({ length: 100 }, () => api.run('/jobs')))
    expect(results).toEqual(Array.from({ length: 100 }, () => ({ ok: true })))
    expect(server.requests).toHaveLength(200)
    expect(server.sockets.length).toBeLessThanOrEqual(8)
  })
})
