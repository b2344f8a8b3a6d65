import { getEventListeners } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createClient,
  HTTPError,
  NetworkError,
  OperationFailedError,
  PollTimeoutError,
  ResponseValidationError,
} from '../../src/index.js'
import type { StandardSchemaV1 } from '../../src/types/standard-schema.js'

// A job server on 127.0.0.1 that can go down and come back, and the odd inputs a long wait meets:
// hostile bodies, stream bodies, far deadlines, shared signals, slow callbacks and validators.

interface Job {
  readonly readyAt: number
  readonly result?: unknown
  readonly failure?: unknown
}

const jobs = new Map<string, Job>()
const seen: string[] = []
let port = 0
let server: Server | undefined

function answer(response: ServerResponse, code: number, body?: unknown, headers = {}): void {
  response.writeHead(code, { 'content-type': 'application/json', ...headers })
  response.end(body === undefined ? undefined : JSON.stringify(body))
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  seen.push(`${request.method} ${url.pathname}`)
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString()
  if (url.pathname === '/redirect') {
    answer(response, 307, undefined, { location: '/jobs' })
    return
  }
  if (url.pathname === '/unavailable') {
    answer(response, 503, { error: 'busy' })
    return
  }
  if (request.method !== 'GET' && url.pathname === '/jobs') {
    const spec = (text.startsWith('{') ? JSON.parse(text) : { echo: text }) as {
      ms?: number
      echo?: string
      result?: unknown
      failure?: unknown
    }
    const id = `j${seen.length}`
    jobs.set(id, {
      readyAt: Date.now() + (spec.ms ?? 0),
      result: spec.result ?? spec.echo,
      failure: spec.failure,
    })
    answer(response, 202, undefined, { location: `/jobs/${id}` })
    return
  }
  const job = jobs.get(url.pathname.slice('/jobs/'.length))
  if (!job) {
    answer(response, 404, { error: 'no such job' })
    return
  }
  if (Date.now() < job.readyAt) answer(response, 200, { status: 'running' })
  else if (job.failure !== undefined)
    answer(response, 200, { status: 'failed', error: job.failure })
  else if (job.result === 'deep') {
    // Written as text: a value this deep is past what JSON.stringify can walk.
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(`{"status":"done","result":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)
  } else answer(response, 200, { status: 'done', result: job.result })
}

async function up(): Promise<void> {
  const started = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy())
  })
  await new Promise<void>((resolve) => started.listen(port, '127.0.0.1', resolve))
  port = (started.address() as AddressInfo).port
  server = started
}

async function down(): Promise<void> {
  const stopping = server
  server = undefined
  if (!stopping) return
  stopping.closeAllConnections()
  await new Promise((resolve) => stopping.close(resolve))
}

beforeAll(up)
afterAll(down)

const base = () => `http://127.0.0.1:${port}`
const backoff = { initialDelayMs: 50, factor: 1.5, maxDelayMs: 200, jitter: 'none' } as const
const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ baseUrl: base(), backoff, retries: 1, ...options })

describe('an outage in the middle of a job', () => {
  it('rides out a server that refuses connections for 1.5 s: the result, after one submit', async () => {
    const from = seen.length
    const op = await client().start('/jobs', { json: { ms: 2500, result: 'survived' } })
    const waiting = op.wait()
    await new Promise((resolve) => setTimeout(resolve, 300))
    await down()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await up()
    expect(await waiting).toBe('survived')
    expect(seen.slice(from).filter((request) => request.startsWith('POST'))).toHaveLength(1)
  })

  it('fails with the NetworkError once the outage outlasts maxOutageMs, and a wait again goes on', async () => {
    const op = await client({ maxOutageMs: 300 }).start('/jobs', {
      json: { ms: 1000, result: 'later' },
    })
    await down()
    const error = await op.wait().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    await up()
    expect(await op.wait()).toBe('later')
  })
})

describe('odd inputs', () => {
  it('sends a Node stream as the submit body', async () => {
    const body = Readable.from([Buffer.from('streamed '), Buffer.from('body')])
    const result = await client().run('/jobs', {
      body: body as unknown as ReadableStream,
      headers: { 'content-type': 'text/plain' },
    })
    expect(result).toBe('streamed body')
  })

  it('does not retry a stream body: a PUT answered 503 is the HTTPError, not a disturbed body', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('once'))
        controller.close()
      },
    })
    const error = await client()
      .start('/unavailable', { method: 'PUT', body })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(503)
  })

  it('refuses a 307 that asks to send a stream body again, naming what to pass', async () => {
    const body = Readable.from([Buffer.from('x')]) as unknown as ReadableStream
    const error = await client()
      .start('/redirect', { body })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toMatch(/stream, read once.*Blob/)
  })

  it('builds the excerpt of a 100,000-deep result without a RangeError', async () => {
    const never: StandardSchemaV1<unknown, never> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: () => ({ issues: [{ message: 'no' }] }),
      },
    }
    const error = await client()
      .run('/jobs', { json: { result: 'deep' }, result: never })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as ResponseValidationError).bodyExcerpt.length).toBeLessThanOrEqual(500)
  })

  it('bounds a huge failure message and escapes its control characters; the detail stays whole', async () => {
    const message = `\u001b[31m${'x'.repeat(4 * 1024 * 1024)}`
    const error = await client()
      .run('/jobs', { json: { failure: { message } } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OperationFailedError)
    const failed = error as OperationFailedError
    expect(failed.message.length).toBeLessThan(1000)
    expect(failed.message).toContain('\\u001b[31m')
    expect(failed.message).not.toContain('\u001b')
    expect((failed.detail as { message: string }).message).toBe(message)
  })

  it('waits for a far deadline without a TimeoutOverflowWarning, polling on its cadence', async () => {
    const op = await client({ timeoutMs: 2 ** 31 - 1 }).start('/jobs', {
      json: { ms: 100, result: 'far' },
    })
    const token = { ...op.toJSON(), deadline: Date.now() + 10 * 365 * 24 * 3600_000 }
    expect(await client().resume(token).wait()).toBe('far')
  })

  it('lets one signal serve any number of waits, and leaves no listener on it', async () => {
    const controller = new AbortController()
    const op = await client().start('/jobs', { json: { ms: 100, result: 'shared' } })
    const results = await Promise.all(
      Array.from({ length: 50 }, () => op.wait({ signal: controller.signal })),
    )
    expect(results.every((result) => result === 'shared')).toBe(true)
    for (let i = 0; i < 100; i++) {
      for await (const snapshot of op.snapshots({ signal: controller.signal })) {
        expect(snapshot.state).toBe('succeeded')
      }
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('rejects the wait with what an async onProgress rejects with', async () => {
    const op = await client().start('/jobs', { json: { ms: 300, result: 'x' } })
    const error = await op
      .wait({ onProgress: async () => Promise.reject(new Error('render failed')) })
      .catch((e: unknown) => e)
    expect((error as Error).message).toBe('render failed')
  })

  it('ends a wait whose validator never settles at the deadline', async () => {
    const hanging: StandardSchemaV1<unknown, unknown> = {
      '~standard': { version: 1, vendor: 'test', validate: () => new Promise(() => {}) },
    }
    const started = Date.now()
    const error = await client({ timeoutMs: 600 })
      .run('/jobs', { json: { ms: 0, result: 1 }, result: hanging })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
