import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FaultServer, startFaultServer } from '../../mocks/fault-server.js'
import { createClient, HTTPError } from '../../src/index.js'

let faults: FaultServer
beforeEach(async () => {
  faults = await startFaultServer()
})
afterEach(async () => {
  await faults.close()
})

const backoff = {
  initialDelayMs: 50,
  factor: 1,
  maxDelayMs: 50,
  jitter: 'none',
  minDelayMs: 20,
} as const

/** Whether the socket closes within `ms` of real time. */
async function closesWithin(socket: number, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const closed = await Promise.race([
    faults.untilClosed(socket).then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms)
    }),
  ])
  clearTimeout(timer)
  return closed
}

describe('error responses pollwise gives up on', () => {
  it('lets go of the connection of a poll answered 400 with an endless body once wait() rejects with the HTTPError', async () => {
    faults.script('/jobs', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [
      { kind: 'endless', status: 400, tickMs: 5, headers: { 'content-type': 'text/plain' } },
    ])
    const api = createClient({ baseUrl: faults.url, backoff, retries: 0, requestTimeoutMs: 2000 })
    const error = await api.run('/jobs').then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(HTTPError)
    const socket = faults.requests.find((r) => r.path === '/status/1')?.socket ?? 0
    expect(await closesWithin(socket, 1000)).toBe(true)
  })

  it('lets go of the connection when the retries of a 503 with an endless body run out', async () => {
    faults.script('/jobs', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [
      { kind: 'endless', status: 503, tickMs: 5, headers: { 'content-type': 'text/plain' } },
    ])
    const api = createClient({ baseUrl: faults.url, backoff, retries: 1, requestTimeoutMs: 2000 })
    const error = await api.run('/jobs').then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(HTTPError)
    const polls = faults.requests.filter((r) => r.path === '/status/1')
    expect(polls).toHaveLength(2)
    const last = polls[1]?.socket ?? 0
    expect(await closesWithin(last, 1000)).toBe(true)
  })

  it('keeps the body of an HTTPError readable after wait() rejects, over a real socket', async () => {
    faults.script('/jobs', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [
      {
        kind: 'json',
        status: 422,
        body: { error: { code: 'BadMonth', message: 'no such month' } },
      },
    ])
    const api = createClient({ baseUrl: faults.url, backoff })
    const error = await api.run('/jobs').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HTTPError)
    const { response } = error as HTTPError
    expect(response.status).toBe(422)
    expect(response.url).toBe(`${faults.url}/status/1`)
    expect(await response.json()).toEqual({ error: { code: 'BadMonth', message: 'no such month' } })
  })

  it('keeps the first 64 KiB of an error body too long to keep whole', async () => {
    faults.script('/jobs', [{ kind: 'plain', status: 202, headers: { location: '/status/1' } }])
    faults.script('/status/1', [
      {
        kind: 'plain',
        status: 400,
        body: 'e'.repeat(200_000),
        headers: { 'content-type': 'text/plain' },
      },
    ])
    const api = createClient({ baseUrl: faults.url, backoff })
    const error = (await api.run('/jobs').catch((caught: unknown) => caught)) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(await error.response.text()).toBe('e'.repeat(64 * 1024))
  })
})
