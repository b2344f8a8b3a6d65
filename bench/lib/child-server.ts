import { type ChildProcess, fork } from 'node:child_process'
import { request } from 'node:http'
import type { ServerStats } from './server.js'

/** The bench server's two addresses: the one measured and the harness's control port. */
export interface ServerAddress {
  /** `http://127.0.0.1:PORT`, the origin every client under test talks to. */
  readonly url: string
  readonly controlUrl: string
}

export interface ChildServer extends ServerAddress {
  stop(): Promise<void>
}

/** Starts the bench server in a child process, so that its CPU and heap are not the client's. */
export function startChildServer(): Promise<ChildServer> {
  return forkServer(new URL('./server-process.ts', import.meta.url), 'The bench server')
}

/** Runs a server module in a child process of its own; it tells its addresses over IPC. */
export async function forkServer(module: URL, name: string): Promise<ChildServer> {
  const child: ChildProcess = fork(module, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const address = await new Promise<ServerAddress>((resolve, reject) => {
    child.once('message', (message) => resolve(message as ServerAddress))
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)))
  })
  return {
    ...address,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.disconnect()
      }),
  }
}

/**
 * Asks the control port for the counters (`stats`), to zero them (`reset`) or to close the idle
 * keep-alive connections (`close-idle`). Sent with node:http on a connection of its own, so the
 * client's fetch pool is untouched.
 */
export function control(
  address: ServerAddress,
  command: 'stats' | 'reset' | 'close-idle' = 'stats',
): Promise<ServerStats> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${address.controlUrl}/${command}`,
      { method: command === 'stats' ? 'GET' : 'POST', agent: false },
      (incoming) => {
        let text = ''
        incoming.setEncoding('utf8')
        incoming.on('data', (chunk: string) => {
          text += chunk
        })
        incoming.on('end', () => resolve(JSON.parse(text) as ServerStats))
      },
    )
    outgoing.on('error', reject)
    outgoing.end()
  })
}

/**
 * Closes the server's idle keep-alive connections and waits until the client's pool has seen them
 * go, then zeroes the counters: the next run starts with no socket left over from the last.
 */
export async function freshStart(address: ServerAddress): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    const stats = await control(address, 'close-idle')
    if (stats.open === 0) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  // Let the client's pool handle the closed sockets before anything is measured.
  await new Promise((resolve) => setTimeout(resolve, 50))
  await control(address, 'reset')
}
