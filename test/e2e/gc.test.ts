import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FaultServer, startFaultServer } from '../../mocks/fault-server.js'

const run = promisify(execFile)
const fixture = 'test/e2e/fixtures/gc-during-download.ts'

interface Settled {
  readonly outcome: string
  readonly startedAt: number
  readonly settledAt: number
  readonly abortedAt?: number
}

/**
 * A composed AbortSignal that nothing references can be collected while a request is in flight,
 * and an abort that depends on it then never arrives. These run in a child process that collects
 * garbage every 20 ms during a slow download.
 */
describe('abort and deadline after garbage collection', () => {
  let faults: FaultServer

  beforeEach(async () => {
    faults = await startFaultServer()
    faults.script('/submit', [{ kind: 'plain', status: 202, headers: { location: '/status' } }])
    // The status body never ends: 16 bytes every 50 ms.
    faults.script('/status', [
      {
        kind: 'endless',
        chunk: '{"status":"runni',
        tickMs: 50,
        headers: { 'content-type': 'application/json' },
      },
    ])
  })

  afterEach(() => faults.close())

  const settle = async (mode: 'deadline' | 'abort'): Promise<Settled> => {
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', fixture, faults.url, mode],
      { timeout: 15_000 },
    )
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Settled
  }

  /** The status download's socket closed, and when, as the server saw it. */
  const statusSocketClosedAt = async (): Promise<number | undefined> => {
    const request = faults.requests.find((r) => r.path === '/status')
    expect(request).toBeDefined()
    return faults.sockets.find((s) => s.id === request?.socket)?.closedAt
  }

  it('fires the deadline on time during a slow download, and the socket closes', async () => {
    const settled = await settle('deadline')
    expect(settled.outcome).toBe('PollTimeoutError')
    const took = settled.settledAt - settled.startedAt
    expect(took).toBeGreaterThanOrEqual(950)
    expect(took).toBeLessThan(1500)
    const closedAt = await statusSocketClosedAt()
    expect(closedAt).toBeDefined()
    // Closed by the deadline, not by the process ending 600 ms later.
    expect((closedAt ?? Number.POSITIVE_INFINITY) - settled.settledAt).toBeLessThan(300)
  }, 20_000)

  it('rejects at once on abort during a slow download, and the socket closes', async () => {
    const settled = await settle('abort')
    expect(settled.outcome).toBe('AbortError')
    // At once: the old transport never settled (the child hung past 15 s); 250 ms absorbs a loaded CI.
    expect(settled.settledAt - (settled.abortedAt ?? 0)).toBeLessThan(250)
    const closedAt = await statusSocketClosedAt()
    expect(closedAt).toBeDefined()
    expect((closedAt ?? Number.POSITIVE_INFINITY) - settled.settledAt).toBeLessThan(300)
  }, 20_000)
})
