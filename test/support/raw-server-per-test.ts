import { afterEach, beforeEach, expect } from 'vitest'
import { type ClientOptions, createClient } from '../../src/index.js'
import { type RawServer, startRawServer } from './raw-server.js'
import { fastBackoff, within } from './real-time.js'

/** The raw servers of the test running now: see {@link rawServerPerTest}. */
export interface RawServers {
  /** The test's server on 127.0.0.1, where `client()` points. */
  readonly api: RawServer
  /** Starts one more server (another origin, such as 127.0.0.2), closed with `api` after the test. */
  another(host: string): Promise<RawServer>
  /** A client of `api`: polls every 10 ms, 1 s per request, 5 s in all, unless `options` say otherwise. */
  client(options?: ClientOptions): ReturnType<typeof createClient>
}

/**
 * A bare TCP server for each test of the file, started before it. After it, every socket that
 * carried a request must have closed within a second (the client's side closes first), and then
 * it and the other servers the test started are closed.
 */
export function rawServerPerTest(): RawServers {
  let api: RawServer | undefined
  const others: RawServer[] = []

  beforeEach(async () => {
    api = await startRawServer()
  })

  afterEach(async () => {
    const servers = [...(api ? [api] : []), ...others.splice(0)]
    api = undefined
    const open = await within(
      Promise.all(servers.map((server) => server.drained())),
      1000,
      'sockets left open',
    )
    await Promise.all(servers.map((server) => server.close()))
    expect(open).not.toBe('sockets left open')
  })

  const current = (): RawServer => {
    if (!api) throw new Error('No raw server outside a test')
    return api
  }
  return {
    get api() {
      return current()
    },
    async another(host) {
      const server = await startRawServer(host)
      others.push(server)
      return server
    },
    client: (options = {}) =>
      createClient({
        baseUrl: current().url,
        backoff: fastBackoff,
        requestTimeoutMs: 1000,
        timeoutMs: 5000,
        ...options,
      }),
  }
}
