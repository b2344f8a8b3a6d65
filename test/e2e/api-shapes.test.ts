import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, OperationFailedError, ProtocolError } from '../../src/index.js'

// The documented shapes of public long-running-operation APIs, over real loopback sockets: a job
// API on 127.0.0.1 whose jobs end on their third status read, answering in the shape a test names.

type Shape =
  | 'envelope'
  | 'phase-and-outcome'
  | 'flags'
  | 'failure-500'
  | 'handle'
  | 'input-link'
  | 'statement'
  | 'stats'
  | 'stack'
  | 'promise'
  | 'operation'
  | 'queue'
  | 'bigquery'
  | 'task'

interface Request {
  readonly method: string
  readonly path: string
  readonly authorization: string | undefined
}

const seen: Request[] = []
const reads = new Map<string, number>()

function statusBody(shape: Shape, id: string, read: number): { code: number; body: unknown } {
  const done = read >= 3
  switch (shape) {
    case 'envelope':
      return {
        code: 200,
        body: {
          job: { id, status: done ? 'completed' : 'in-progress', download_url: `/files/${id}` },
        },
      }
    case 'phase-and-outcome':
      return {
        code: 200,
        body: {
          run_id: id,
          state: done
            ? { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' }
            : { life_cycle_state: 'RUNNING' },
          output: done ? { rows: 3 } : null,
        },
      }
    case 'flags':
      return { code: 200, body: { id, is_running: !done, result: done ? 'flagged' : null } }
    case 'failure-500':
      return done
        ? { code: 500, body: { status: 'failed', error: { message: 'worker lost' } } }
        : { code: 200, body: { status: 'running' } }
    case 'handle':
      return { code: 200, body: { id, runtimeStatus: done ? 'Success' : 'Running', output: id } }
    case 'statement':
      return done
        ? { code: 200, body: { data: [['1']], code: '090001', statementHandle: id } }
        : { code: 202, body: { code: '333334', statementHandle: id } }
    case 'stack':
      return {
        code: 200,
        body: {
          StackName: id,
          StackStatus: done ? 'CREATE_COMPLETE' : 'CREATE_IN_PROGRESS',
          ...(done ? { Outputs: [{ OutputKey: 'Id', OutputValue: id }] } : {}),
        },
      }
    case 'stats':
      return done ? { code: 200, body: [{ total: 3 }] } : { code: 202, body: {} }
    case 'promise':
      return {
        code: 200,
        body: { id, status: done ? 'done' : 'processing', result: done ? { text: id } : null },
      }
    case 'operation':
      // Google's Operations leave out `done: false`: a running one is its name and metadata.
      return {
        code: 200,
        body: done
          ? { name: id, done: true, response: { text: id } }
          : { name: id, metadata: { progressPercent: read * 30 } },
      }
    case 'queue':
      // fal.ai's queue: the status names where the response will be.
      return {
        code: 200,
        body: {
          status: done ? 'COMPLETED' : read === 1 ? 'IN_QUEUE' : 'IN_PROGRESS',
          logs: [],
          response_url: `/files/${id}`,
        },
      }
    case 'bigquery':
      // BigQuery's jobs: DONE says the job ended; an errorResult beside it, that it failed.
      return {
        code: 200,
        body: {
          kind: 'bigquery#job',
          id,
          status: done
            ? { state: 'DONE', errorResult: { reason: 'invalidQuery', message: 'Syntax error' } }
            : { state: read === 1 ? 'PENDING' : 'RUNNING' },
        },
      }
    case 'task':
      // Elasticsearch's tasks API.
      return {
        code: 200,
        body: done
          ? { completed: true, task: { node: 'n1', id: 1 }, response: { created: 6, failures: [] } }
          : { completed: false, task: { node: 'n1', id: 1, status: { total: 6, created: read } } },
      }
    case 'input-link':
      return {
        code: 200,
        body: { id, status: done ? 'completed' : 'processing', audio_url: `/files/${id}.mp3` },
      }
  }
}

function answer(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  seen.push({
    method: request.method ?? '',
    path: url.pathname,
    authorization: request.headers.authorization,
  })
  const submit = /^\/v1\/(\w[\w-]*)\/jobs$/.exec(url.pathname)
  if (request.method === 'GET' && submit?.[1] === 'stats') {
    // GitHub's statistics: the resource itself answers 202 while it is computed.
    const read = (reads.get('stats') ?? 0) + 1
    reads.set('stats', read)
    const { code, body } = statusBody('stats', 'stats', read)
    answer(response, code, body)
    return
  }
  if (request.method === 'POST' && submit) {
    const shape = submit[1] as Shape
    const id = `${shape}-${seen.length}`
    if (shape === 'handle') {
      answer(response, 200, { id })
      return
    }
    if (shape === 'promise') {
      answer(response, 201, { id, result_url: `/v1/${shape}/jobs/${id}` })
      return
    }
    if (shape === 'operation') {
      answer(response, 200, { name: id })
      return
    }
    if (shape === 'queue') {
      answer(response, 200, { request_id: id, status_url: `/v1/${shape}/jobs/${id}` })
      return
    }
    if (shape === 'bigquery') {
      const selfLink = `/v1/${shape}/jobs/${id}`
      answer(response, 200, { kind: 'bigquery#job', id, selfLink, status: { state: 'PENDING' } })
      return
    }
    if (shape === 'task') {
      answer(response, 200, { task: id })
      return
    }
    if (shape === 'statement') {
      answer(response, 202, { code: '333334', statementStatusUrl: `/v1/${shape}/jobs/${id}` })
      return
    }
    answer(response, 201, { id, links: { status: `/v1/${shape}/jobs/${id}` } })
    return
  }
  // Google's Operations live under /v1/operations/{name}.
  const operation = /^\/v1\/operations\/(operation-\d+)$/.exec(url.pathname)
  const status =
    operation === null
      ? /^\/v1\/(\w[\w-]*)\/jobs\/([\w-]+)$/.exec(url.pathname)
      : ['', 'operation', operation[1]]
  if (request.method === 'GET' && status) {
    const [, shape, id] = status as unknown as [string, Shape, string]
    const read = (reads.get(id) ?? 0) + 1
    reads.set(id, read)
    const { code, body } = statusBody(shape, id, read)
    answer(response, code, body)
    return
  }
  if (url.pathname.startsWith('/files/')) {
    answer(response, 200, { file: url.pathname })
    return
  }
  answer(response, 404, { error: 'not found' })
}

let server: Server
let other: Server
let base: string
let otherBase: string

async function listen(host: string): Promise<{ server: Server; url: string }> {
  const started = createServer(handle)
  await new Promise<void>((resolve) => started.listen(0, host, resolve))
  return { server: started, url: `http://${host}:${(started.address() as AddressInfo).port}` }
}

beforeAll(async () => {
  ;({ server, url: base } = await listen('127.0.0.1'))
  ;({ server: other, url: otherBase } = await listen('127.0.0.2'))
})
afterAll(async () => {
  for (const one of [server, other]) {
    one.closeAllConnections()
    await new Promise((resolve) => one.close(resolve))
  }
})

const backoff = { initialDelayMs: 20, factor: 1, maxDelayMs: 20, jitter: 'none' } as const
const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({
    baseUrl: `${base}/v1`,
    backoff,
    headers: { authorization: 'Bearer t' },
    ...options,
  })

const pathsOf = (from: number) =>
  seen.slice(from).map((request) => `${request.method} ${request.path}`)

describe('documented API shapes over a loopback socket, zero configuration', () => {
  it('follows links.status of a 201, reads an envelope and fetches its download_url', async () => {
    const from = seen.length
    const result = await client().run('/envelope/jobs', { json: {} })
    expect(result).toEqual({ file: expect.stringMatching(/^\/files\/envelope-\d+$/) })
    const paths = pathsOf(from)
    expect(paths[0]).toBe('POST /v1/envelope/jobs')
    expect(paths.slice(1, 4).every((path) => path.startsWith('GET /v1/envelope/jobs/'))).toBe(true)
    expect(paths).toHaveLength(5)
  })

  it('never fetches the input a job echoes (audio_url) as its result', async () => {
    const from = seen.length
    const result = await client().run('/input-link/jobs', { json: {} })
    expect(result).toEqual({
      id: expect.stringMatching(/^input-link-\d+$/),
      status: 'completed',
      audio_url: expect.stringMatching(/^\/files\/input-link-\d+\.mp3$/),
    })
    expect(pathsOf(from).filter((path) => path.includes('/files/'))).toEqual([])
    expect(pathsOf(from)).toHaveLength(4)
  })

  it('follows the status link in a 202 body, and polls it through 202s to its 200', async () => {
    const from = seen.length
    const result = await client().run('/statement/jobs', { json: { statement: 'select 1' } })
    expect(result).toEqual({
      data: [['1']],
      code: '090001',
      statementHandle: expect.stringMatching(/^statement-\d+$/),
    })
    const paths = pathsOf(from)
    expect(paths[0]).toBe('POST /v1/statement/jobs')
    expect(paths.slice(1).every((path) => path.startsWith('GET /v1/statement/jobs/'))).toBe(true)
    expect(paths).toHaveLength(4)
  })

  it('asks a GET that answers 202 {} again at its own URL until it answers 200', async () => {
    const from = seen.length
    reads.delete('stats')
    expect(await client().run('/stats/jobs', { method: 'GET' })).toEqual([{ total: 3 }])
    expect(pathsOf(from)).toEqual([
      'GET /v1/stats/jobs',
      'GET /v1/stats/jobs',
      'GET /v1/stats/jobs',
    ])
  })

  it('follows the result_url of a job handle, and takes the result inline there', async () => {
    const from = seen.length
    const result = await client().run('/promise/jobs', { json: {} })
    expect(result).toEqual({ text: expect.stringMatching(/^promise-\d+$/) })
    expect(pathsOf(from)).toHaveLength(4)
  })

  it('reads an Operation at its own …/operations/ URL, done left out while it runs', async () => {
    const from = seen.length
    const progress: (number | undefined)[] = []
    const op = await client({ statusLocation: '/operations/{name}' }).start('/operation/jobs', {
      json: {},
    })
    const result = await op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) })
    expect(result).toEqual({ text: expect.stringMatching(/^operation-\d+$/) })
    expect(progress).toEqual([0.3, 0.6, 1])
    expect(pathsOf(from)).toHaveLength(4)
  })

  it('reads CREATE_COMPLETE as the end of a stack’s creation', async () => {
    const result = await client().run('/stack/jobs', { json: {} })
    expect(result).toEqual([{ OutputKey: 'Id', OutputValue: expect.stringMatching(/^stack-/) }])
  })

  it('reads a life-cycle phase with a separate outcome', async () => {
    expect(await client().run('/phase-and-outcome/jobs', { json: {} })).toEqual({ rows: 3 })
  })

  it('reads an is_running flag', async () => {
    expect(await client().run('/flags/jobs', { json: {} })).toBe('flagged')
  })

  it('ends with the failure a 500 reports, after one read of it', async () => {
    const from = seen.length
    const error = await client()
      .run('/failure-500/jobs', { json: {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toEqual({ message: 'worker lost' })
    expect(pathsOf(from)).toHaveLength(4)
  })

  it('refuses a job handle, and follows it with a statusLocation template', async () => {
    const refused = await client()
      .run('/handle/jobs', { json: {} })
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ProtocolError)
    const result = await client({ statusLocation: '/handle/jobs/{id}' }).run('/handle/jobs', {
      json: {},
    })
    expect(result).toMatch(/^handle-\d+$/)
  })
})

describe('a second pass of documented API shapes over a loopback socket', () => {
  it('fal.ai queue: polls the status_url of a 200 answer, then fetches its response_url', async () => {
    const from = seen.length
    const result = await client().run('/queue/jobs', { json: { prompt: 'a cat' } })
    expect(result).toEqual({ file: expect.stringMatching(/^\/files\/queue-\d+$/) })
    const paths = pathsOf(from)
    expect(paths[0]).toBe('POST /v1/queue/jobs')
    expect(paths.slice(1, 4).every((path) => path.startsWith('GET /v1/queue/jobs/'))).toBe(true)
    expect(paths[4]).toMatch(/^GET \/files\/queue-\d+$/)
    expect(paths).toHaveLength(5)
  })

  it('BigQuery jobs: polls the selfLink, and DONE with an errorResult is an OperationFailedError', async () => {
    const from = seen.length
    const error = await client()
      .run('/bigquery/jobs', { json: { configuration: { query: { query: 'SELEC 1' } } } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toEqual({
      reason: 'invalidQuery',
      message: 'Syntax error',
    })
    expect(pathsOf(from)).toHaveLength(4)
  })

  it('Elasticsearch tasks: refuses the {"task": …} handle, and follows it with a statusLocation', async () => {
    const refused = await client()
      .run('/task/jobs', { json: {} })
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ProtocolError)
    const from = seen.length
    const result = await client({ statusLocation: '/task/jobs/{task}' }).run('/task/jobs', {
      json: {},
    })
    expect(result).toEqual({ created: 6, failures: [] })
    expect(pathsOf(from)).toHaveLength(4)
  })
})

describe('follow() over loopback', () => {
  it('polls a status location on the API origin, with its credentials', async () => {
    const op = await client({ statusLocation: '/handle/jobs/{id}' }).start('/handle/jobs', {
      json: {},
    })
    const from = seen.length
    const again = client().follow(op.statusUrl)
    expect(await again.wait()).toMatch(/^handle-\d+$/)
    expect(seen.slice(from).map((request) => request.authorization)).toEqual([
      'Bearer t',
      'Bearer t',
      'Bearer t',
    ])
  })

  it('sends no credentials to a second origin the client does not trust', async () => {
    const from = seen.length
    const op = client().follow(`${otherBase}/v1/flags/jobs/elsewhere`)
    expect(await op.wait()).toBe('flagged')
    expect(seen.slice(from).map((request) => request.authorization)).toEqual([
      undefined,
      undefined,
      undefined,
    ])
  })
})
