import { request } from 'node:http'
import { type ChildServer, forkServer, type ServerAddress } from './child-server.js'
import type { JobRecord, PushStats } from './push-server.js'
import { sleep } from './stats.js'

/** The push server's addresses, and the end of its process. */
export type PushServer = ChildServer

/** Starts the push benchmark's job server in a child process, so that its CPU and heap are not the client's. */
export function startPushServer(): Promise<PushServer> {
  return forkServer(new URL('./push-server-process.ts', import.meta.url), 'The push server')
}

type Command = 'stats' | 'reset' | 'close-idle' | 'forget'

/**
 * Asks the control port: counters (`stats`, or after `reset`, `close-idle`, `forget`), every
 * job's record (`jobs`), the server's clock (`now`). Sent with node:http on a connection of its
 * own, so the client's fetch pool is untouched.
 */
export function pushControl(address: ServerAddress, command: Command): Promise<PushStats>
export function pushControl(address: ServerAddress, command: 'jobs'): Promise<JobRecord[]>
export function pushControl(address: ServerAddress, command: 'now'): Promise<{ now: number }>
export function pushControl(address: ServerAddress, command: Command | 'jobs' | 'now') {
  const get = command === 'stats' || command === 'jobs' || command === 'now'
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${address.controlUrl}/${command}`,
      { method: get ? 'GET' : 'POST', agent: false },
      (incoming) => {
        let text = ''
        incoming.setEncoding('utf8')
        incoming.on('data', (chunk: string) => {
          text += chunk
        })
        incoming.on('end', () => resolve(JSON.parse(text)))
      },
    )
    outgoing.on('error', reject)
    outgoing.end()
  })
}

/** This process's clock as the push server's: epoch ms with sub-ms precision. */
export const clockNow = () => performance.timeOrigin + performance.now()

/**
 * How far the server's clock is ahead of this one (ms): of 30 readings of `GET /now`, the one
 * with the shortest round trip, against the middle of that trip. Both clocks are the system's,
 * so this is a fraction of a millisecond; it is measured rather than assumed.
 */
export async function serverClockOffset(address: ServerAddress): Promise<number> {
  let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 }
  for (let i = 0; i < 30; i += 1) {
    const sent = clockNow()
    const { now } = await pushControl(address, 'now')
    const received = clockNow()
    if (received - sent < best.rtt) {
      best = { rtt: received - sent, offset: now - (sent + received) / 2 }
    }
  }
  return best.offset
}

/** Closes the server's idle connections, forgets ended jobs and zeroes the counters. */
export async function freshPushStart(address: ServerAddress): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    const stats = await pushControl(address, 'close-idle')
    if (stats.open === 0) break
    await sleep(20)
  }
  await sleep(50)
  await pushControl(address, 'forget')
  await pushControl(address, 'reset')
}
