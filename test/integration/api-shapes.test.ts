import { HttpResponse, http, type JsonBodyType } from 'msw'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import {
  type ClientOptions,
  createClient,
  OperationCanceledError,
  OperationFailedError,
  type Protocol,
  ProtocolError,
  ResponseValidationError,
} from '../../src/index.js'
import { outcomeWithin, timersLeft, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'

// The shapes public long-running-operation APIs document, each as a scripted exchange: where the
// status location is named, where the state is and in which words, where the result and the
// failure are. Each is followed with zero configuration, or with the one to three options named.

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://lro.example.com'
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

interface Script {
  /** The submit's answer, `POST /v1/jobs`. */
  readonly submit: () => Response
  /** The status location's answers in order; the last repeats. */
  readonly statuses: readonly JsonBodyType[]
  /** Where the status is served. */
  readonly statusPath?: string
  /** Further resources: path to body. */
  readonly files?: Record<string, JsonBodyType>
}

/** Serves a script and returns the requests it saw, as `METHOD path`. */
function serve(script: Script): string[] {
  const seen: string[] = []
  let polls = 0
  const statusPath = script.statusPath ?? '/v1/jobs/j-1'
  server.use(
    http.all(`${origin}/*`, ({ request }) => {
      const { pathname } = new URL(request.url)
      seen.push(`${request.method} ${pathname}`)
      if (request.method === 'POST' && pathname === '/v1/jobs') return script.submit()
      if (pathname === statusPath) {
        const body = script.statuses[Math.min(polls, script.statuses.length - 1)]
        polls += 1
        return HttpResponse.json(body)
      }
      const file = script.files?.[pathname]
      if (file !== undefined) return HttpResponse.json(file)
      return new HttpResponse(null, { status: 404 })
    }),
  )
  return seen
}

const client = (options: ClientOptions = {}) =>
  createClient({ baseUrl: `${origin}/v1`, backoff, ...options })

/** Runs the submit and the wait, and returns how it ended after `ms` of fake time. */
async function run(options: ClientOptions = {}, ms = 10_000) {
  const outcome = await outcomeWithin(client(options).run('/jobs', { json: {} }), ms)
  expect(await timersLeft()).toBe(0)
  return outcome
}

const handle =
  (body: JsonBodyType, status = 200) =>
  () =>
    HttpResponse.json(body, { status })
const accepted = (path: string) => () =>
  new HttpResponse(null, { status: 202, headers: { location: path } })

function resolved(outcome: PromiseSettledResult<unknown> | undefined): unknown {
  expect(outcome?.status, JSON.stringify(outcome)).toBe('fulfilled')
  return (outcome as PromiseFulfilledResult<unknown>).value
}

function rejected(outcome: PromiseSettledResult<unknown> | undefined): unknown {
  expect(outcome?.status, JSON.stringify(outcome)).toBe('rejected')
  return (outcome as PromiseRejectedResult).reason
}

describe('the status location named in the submit body, with zero configuration', () => {
  it.each([
    ['statusUrl', { id: 'j-1', statusUrl: '/v1/jobs/j-1' }],
    ['status_url', { id: 'j-1', status_url: `${origin}/v1/jobs/j-1` }],
    ['a …StatusQueryGetUri field', { id: 'j-1', statusQueryGetUri: '/v1/jobs/j-1' }],
    ['links.status', { id: 'j-1', links: { status: '/v1/jobs/j-1' } }],
    ['_links.self.href', { id: 'j-1', _links: { self: { href: '/v1/jobs/j-1' } } }],
    ['urls.get', { id: 'j-1', status: 'starting', urls: { get: '/v1/jobs/j-1' } }],
    ['self', { id: 'j-1', self: '/v1/jobs/j-1' }],
  ])('follows %s of a 200 answer', async (_name, body) => {
    const seen = serve({
      submit: handle(body),
      statuses: [{ status: 'running' }, { status: 'succeeded', output: { rows: 3 } }],
    })
    expect(resolved(await run())).toEqual({ rows: 3 })
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1'])
  })

  it('follows a status link in the body of a 202 without Location', async () => {
    const seen = serve({
      submit: () => HttpResponse.json({ status_url: '/v1/jobs/j-1' }, { status: 202 }),
      statuses: [{ state: 'done', result: 42 }],
    })
    expect(resolved(await run())).toBe(42)
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1'])
  })
})

describe('a job handle', () => {
  it.each([{ id: 'j-1' }, { name: 'jobs/j-1' }, { run_id: 7, number_in_job: 7 }])(
    'answered to a POST is never the result: %j is a ProtocolError naming `statusLocation`',
    async (body) => {
      const seen = serve({ submit: handle(body), statuses: [{ status: 'done' }] })
      const error = rejected(await run())
      expect(error).toBeInstanceOf(ProtocolError)
      expect((error as Error).message).toMatch(/only a job handle.*`statusLocation`/)
      expect(seen).toEqual(['POST /v1/jobs'])
    },
  )

  it('is followed with `statusLocation`, a template joined to baseUrl', async () => {
    const seen = serve({
      submit: handle({ id: 'j-1' }),
      statuses: [{ status: 'queued' }, { status: 'completed', result: 'ok' }],
    })
    expect(resolved(await run({ statusLocation: '/jobs/{id}' }))).toBe('ok')
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1'])
  })

  it('is followed with `statusLocation`, a reserved expansion that keeps slashes', async () => {
    const seen = serve({
      submit: handle({ name: 'jobs/j-1' }),
      statuses: [{ done: false }, { done: true, response: { text: 'hi' } }],
    })
    expect(resolved(await run({ statusLocation: '/{+name}' }))).toEqual({ text: 'hi' })
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1'])
  })

  it('leaves a 202 whose body cannot fill the template to its Location', async () => {
    const seen = serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [{ status: 'done', result: 'by header' }],
    })
    expect(resolved(await run({ statusLocation: '/jobs/{id}' }))).toBe('by header')
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1'])
  })

  it('names the variable a template misses', async () => {
    serve({ submit: handle({ job: 'j-1' }), statuses: [{ status: 'done' }] })
    const error = rejected(await run({ statusLocation: '/jobs/{id}' }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toContain('`statusLocation` needs `id`')
  })

  it('stays the result of a PUT: real content is a result', async () => {
    server.use(
      http.put(`${origin}/v1/things/t1`, () => HttpResponse.json({ id: '100', name: 'foo' })),
    )
    const outcome = await outcomeWithin(
      client().run('/things/t1', { method: 'PUT', json: {} }),
      1000,
    )
    expect(resolved(outcome)).toEqual({ id: '100', name: 'foo' })
  })
})

describe('the state under other names, nested, wrapped, split or flagged', () => {
  const cases: [string, JsonBodyType[], unknown][] = [
    [
      'runtimeStatus',
      [{ runtimeStatus: 'Running' }, { runtimeStatus: 'Success', output: 'x' }],
      'x',
    ],
    [
      'lifecycleState',
      [{ lifecycleState: 'ACCEPTED' }, { lifecycleState: 'SUCCEEDED', data: [1] }],
      [1],
    ],
    [
      'status.state',
      [{ status: { state: 'RUNNING' } }, { status: { state: 'DONE' }, result: 'y' }],
      'y',
    ],
    [
      'an envelope',
      [
        { action: { id: 1, status: 'in-progress' } },
        { action: { id: 1, status: 'completed', result: 'z' } },
      ],
      'z',
    ],
    [
      'a phase and an outcome',
      [
        { state: { life_cycle_state: 'RUNNING' } },
        { state: { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' }, output: 'w' },
      ],
      'w',
    ],
    ['is_running', [{ is_running: true }, { is_running: false, result: 'v' }], 'v'],
    ['done', [{ done: false }, { done: true, response: 'u' }], 'u'],
    ['completed', [{ completed: false }, { completed: true, output_url: '/files/1' }], 'file'],
  ]

  it.each(cases)('reads %s with zero configuration', async (_name, statuses, result) => {
    const seen = serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses,
      files: { '/files/1': 'file' },
    })
    expect(resolved(await run())).toEqual(result)
    expect(seen.slice(0, 3)).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1'])
  })

  it.each<[string, JsonBodyType, unknown]>([
    ['runtimeStatus: Failed', { runtimeStatus: 'Failed', output: 'boom' }, 'boom'],
    [
      'a failed outcome',
      {
        state: { life_cycle_state: 'TERMINATED', result_state: 'FAILED', state_message: 'oom' },
      },
      'oom',
    ],
    ['conclusion: failure', { status: 'completed', conclusion: 'failure' }, undefined],
    ['done with an error', { done: true, error: { code: 13 } }, { code: 13 }],
    ['ValidationFailed', { provisioning: { state: 'ValidationFailed', message: 'bad' } }, 'bad'],
    ['a word in -failed', { status: 'upload_failed', failureReason: 'size' }, 'size'],
    ['expired', { status: 'expired', errors: ['too slow'] }, ['too slow']],
  ])('never resolves a failed job: %s', async (_name, status, detail) => {
    serve({ submit: accepted('/v1/jobs/j-1'), statuses: [status] })
    const error = rejected(await run())
    expect(error).toBeInstanceOf(OperationFailedError)
    if (detail !== undefined) expect((error as OperationFailedError).detail).toEqual(detail)
  })

  it('reads a canceled outcome', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [{ state: { life_cycle_state: 'TERMINATED', result_state: 'CANCELED' } }],
    })
    expect(rejected(await run())).toBeInstanceOf(OperationCanceledError)
  })

  it.each<[string, JsonBodyType]>([
    ['an envelope', { action: { status: 'in-progress' } }],
    ['is_running', { is_running: true, result: 'partial' }],
    ['a stage that completed', { status: 'UploadComplete' }],
    ['a word in -ing', { status: 'finalizing' }],
  ])('never resolves a running job: %s stays pending until the deadline', async (_name, body) => {
    const seen = serve({ submit: accepted('/v1/jobs/j-1'), statuses: [body] })
    expect(await outcomeWithin(client().run('/jobs', { json: {} }), 5500)).toBeUndefined()
    expect(seen.length).toBe(6)
  })

  it('reads the state where `stateField` says, with the word table', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [{ job: { phase: 'BAKING' } }, { job: { phase: 'SERVED' }, dish: 'cake' }],
    })
    const outcome = await run({
      stateField: 'job.phase',
      classifyStatus: (word) =>
        word === 'BAKING' ? 'pending' : word === 'SERVED' ? 'succeeded' : undefined,
      resultField: 'dish',
    })
    expect(resolved(outcome)).toBe('cake')
  })

  it('reads a boolean `stateField` by its name', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [{ meta: { is_finished: false } }, { meta: { is_finished: true }, out: 1 }],
    })
    expect(resolved(await run({ stateField: 'meta.is_finished', resultField: 'out' }))).toBe(1)
  })
})

describe('the result under other names', () => {
  it.each([
    ['export_url', { status: 'done', export_url: '/files/1' }],
    ['download_url', { status: 'done', download_url: `${origin}/files/1` }],
    ['output_uri', { status: 'done', outputUri: '/files/1' }],
    ['url', { status: 'done', url: '/files/1' }],
    ['links.result', { status: 'done', links: { result: { href: '/files/1' } } }],
  ])('fetches a link in %s', async (_name, status) => {
    const seen = serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [status],
      files: { '/files/1': { rows: 1 } },
    })
    expect(resolved(await run())).toEqual({ rows: 1 })
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /files/1'])
  })

  it('does not take a link back to the status location for the result', async () => {
    const status = { status: 'done', url: `${origin}/v1/jobs/j-1`, analyzeResult: { pages: 2 } }
    const seen = serve({ submit: accepted('/v1/jobs/j-1'), statuses: [status] })
    expect(resolved(await run())).toEqual({ pages: 2 })
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1'])
  })

  it('keeps a link in another scheme in the body: pollwise fetches http(s) only', async () => {
    const status = { status: 'done', output_uri: 'gs://bucket/out.json' }
    serve({ submit: accepted('/v1/jobs/j-1'), statuses: [status] })
    expect(resolved(await run())).toEqual(status)
  })

  it('fetches the result from a `locateResult` template filled from the status body', async () => {
    const seen = serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [{ status: 'done', id: 'j-1' }],
      files: { '/v1/jobs/j-1/output': 'the output' },
    })
    expect(resolved(await run({ locateResult: '/jobs/{id}/output' }))).toBe('the output')
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1/output'])
  })

  it('fetches the result from a `locateResult` field path', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [{ status: 'done', artifacts: [{ href: '/files/1' }] }],
      files: { '/files/1': 'a' },
    })
    expect(resolved(await run({ locateResult: 'artifacts.0.href' }))).toBe('a')
  })

  it('reads failure details where `failureField` says', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [{ status: 'failed', diagnostics: { why: 'disk' } }],
    })
    const error = rejected(await run({ failureField: 'diagnostics.why' }))
    expect((error as OperationFailedError).detail).toBe('disk')
  })
})

describe('progress', () => {
  it('reads percentageComplete, nested progress and counts', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        { status: 'running', percentageComplete: 10 },
        { status: 'running', progress: { percent: 40 } },
        { status: 'running', progress: { completed: 3, total: 4 } },
        { status: 'done', result: 1 },
      ],
    })
    const seen: (number | undefined)[] = []
    const op = await client().start('/jobs', { json: {} })
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snapshot) => seen.push(snapshot.progress) }),
      10_000,
    )
    expect(resolved(outcome)).toBe(1)
    expect(seen).toEqual([0.1, 0.4, 0.75, 1])
  })

  it('shows a bare pending `progress: 1` as 1 %, not a bar stuck at 100 %', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        { status: 'running', progress: 1 },
        { status: 'running', progress: 1 },
        { status: 'running', progress: 30 },
        { status: 'done' },
      ],
    })
    const seen: (number | undefined)[] = []
    const op = await client().start('/jobs', { json: {} })
    await outcomeWithin(op.wait({ onProgress: (snapshot) => seen.push(snapshot.progress) }), 10_000)
    expect(seen).toEqual([0.01, 0.01, 0.3, 1])
  })

  it('reads `progressField` on the scale `progressScale` names', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        { status: 'running', p: { v: 1 } },
        { status: 'running', p: { v: 50 } },
        { status: 'done' },
      ],
    })
    const seen: (number | undefined)[] = []
    const op = await client({ progressField: 'p.v', progressScale: 'percent' }).start('/jobs', {
      json: {},
    })
    await outcomeWithin(op.wait({ onProgress: (snapshot) => seen.push(snapshot.progress) }), 10_000)
    expect(seen).toEqual([0.01, 0.5, 1])
  })
})

describe('following an existing operation', () => {
  it('polls a status location the app already has, and asks again after a 202', async () => {
    let polls = 0
    const seen: string[] = []
    server.use(
      http.get(`${origin}/v1/ops/7`, ({ request }) => {
        seen.push(request.headers.get('authorization') ?? 'none')
        polls += 1
        return polls < 3
          ? new HttpResponse(null, { status: 202 })
          : HttpResponse.json({ status: 'done', result: 7 })
      }),
    )
    const api = client({ headers: { authorization: 'Bearer t' } })
    expect(resolved(await outcomeWithin(api.follow('/ops/7').wait(), 5000))).toBe(7)
    expect(seen).toEqual(['Bearer t', 'Bearer t', 'Bearer t'])
  })

  it('sends no credentials to an origin the client does not trust', async () => {
    const seen: string[] = []
    server.use(
      http.get('https://elsewhere.example.com/ops/7', ({ request }) => {
        seen.push(request.headers.get('authorization') ?? 'none')
        return HttpResponse.json({ status: 'done', result: 7 })
      }),
    )
    const api = client({ headers: { authorization: 'Bearer t' } })
    const op = api.follow('https://elsewhere.example.com/ops/7')
    expect(resolved(await outcomeWithin(op.wait(), 5000))).toBe(7)
    expect(seen).toEqual(['none'])
  })

  it('keeps the deadline from `startedAt`', async () => {
    server.use(http.get(`${origin}/v1/ops/8`, () => HttpResponse.json({ status: 'running' })))
    const op = client({ timeoutMs: 3000 }).follow('/ops/8', { startedAt: Date.now() - 2500 })
    const error = rejected(await outcomeWithin(op.wait(), 2000))
    expect((error as Error).name).toBe('PollTimeoutError')
  })

  it('follows an Azure status monitor under protocol azure', async () => {
    let polls = 0
    server.use(
      http.get(`${origin}/v1/operations/op-1`, () => {
        polls += 1
        return HttpResponse.json(
          polls < 2 ? { status: 'Running' } : { status: 'Succeeded', result: { rows: 2 } },
        )
      }),
    )
    const op = client({ protocol: 'azure' }).follow('/operations/op-1')
    expect(resolved(await outcomeWithin(op.wait(), 5000))).toEqual({ rows: 2 })
    expect(polls).toBe(2)
  })

  it('runs a GET whose answer is pending at its own URL', async () => {
    let polls = 0
    server.use(
      http.get(`${origin}/v1/ops/9`, () => {
        polls += 1
        return HttpResponse.json(polls < 2 ? { state: 'running' } : { state: 'done', data: 9 })
      }),
    )
    const outcome = await outcomeWithin(client().run('/ops/9', { method: 'GET' }), 5000)
    expect(resolved(outcome)).toBe(9)
    expect(polls).toBe(2)
  })
})

describe('a failure reported with an error status', () => {
  it.each([400, 404, 410, 500])(
    'a %i whose body says failed ends the operation with its detail, not retried',
    async (httpStatus) => {
      let polls = 0
      server.use(
        http.post(`${origin}/v1/jobs`, accepted('/v1/jobs/j-1')),
        http.get(`${origin}/v1/jobs/j-1`, () => {
          polls += 1
          return polls === 1
            ? HttpResponse.json({ status: 'running' })
            : HttpResponse.json(
                { status: 'failed', error: { message: 'out of memory' } },
                { status: httpStatus },
              )
        }),
      )
      const error = rejected(await run())
      expect(error).toBeInstanceOf(OperationFailedError)
      expect((error as OperationFailedError).detail).toEqual({ message: 'out of memory' })
      expect((error as OperationFailedError).snapshot.httpStatus).toBe(httpStatus)
      expect(polls).toBe(2)
    },
  )

  it('an error status whose body is no failure report stays an HTTPError', async () => {
    server.use(
      http.post(`${origin}/v1/jobs`, accepted('/v1/jobs/j-1')),
      http.get(`${origin}/v1/jobs/j-1`, () =>
        HttpResponse.json({ title: 'Gone', status: 410 }, { status: 410 }),
      ),
    )
    const error = rejected(await run())
    expect((error as Error).name).toBe('HTTPError')
  })
})

describe('a result schema that a submit answer fails', () => {
  it('says the submit answered 2xx and was taken as the result', async () => {
    server.use(http.post(`${origin}/v1/jobs`, () => HttpResponse.json({ queued: 3 })))
    const Result = z.object({ url: z.string() })
    const outcome = await outcomeWithin(client().run('/jobs', { json: {}, result: Result }), 1000)
    const error = rejected(outcome)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as Error).message).toContain(
      'the submit answered 200 and its body was taken as the result',
    )
  })

  it('says nothing of the submit for a result that came from polling', async () => {
    serve({ submit: accepted('/v1/jobs/j-1'), statuses: [{ status: 'done', result: { n: 1 } }] })
    const outcome = await outcomeWithin(
      client().run('/jobs', { json: {}, result: z.object({ url: z.string() }) }),
      5000,
    )
    expect((rejected(outcome) as Error).message).not.toContain('the submit answered')
  })
})

describe('more documented shapes', () => {
  it.each<[string, JsonBodyType[], unknown]>([
    [
      'an enum value after its type name',
      [{ state: 'JOB_STATE_RUNNING' }, { state: 'JOB_STATE_SUCCEEDED', output: 'e' }],
      'e',
    ],
    [
      'an enum written as an object with its name',
      [
        { state: { name: 'IN_PROGRESS' } },
        { state: { name: 'COMPLETED', result: { name: 'SUCCESSFUL' } }, uuid: 'u1' },
      ],
      { state: { name: 'COMPLETED', result: { name: 'SUCCESSFUL' } }, uuid: 'u1' },
    ],
    [
      'a JSON:API resource',
      [
        { data: { id: 'r1', type: 'runs', attributes: { status: 'planning' } } },
        { data: { id: 'r1', type: 'runs', attributes: { status: 'applied' } } },
      ],
      { id: 'r1', type: 'runs', attributes: { status: 'applied' } },
    ],
    [
      'a phase and a result word',
      [
        { state: 'inProgress', result: null },
        { state: 'completed', result: 'partiallySucceeded', id: 4 },
      ],
      'partiallySucceeded',
    ],
  ])('reads %s', async (_name, statuses, result) => {
    serve({ submit: accepted('/v1/jobs/j-1'), statuses })
    expect(resolved(await run())).toEqual(result)
  })

  it.each<[string, JsonBodyType]>([
    ['a failed result word', { state: 'completed', result: 'failed' }],
    ['an enum object outcome', { state: { name: 'COMPLETED', result: { name: 'FAILED' } } }],
    ['DONE with an errorResult', { status: { state: 'DONE', errorResult: { reason: 'quota' } } }],
    ['a running outcome under an ended phase', { status: 'completed', conclusion: 'banana' }],
  ])('never resolves %s', async (_name, status) => {
    serve({ submit: accepted('/v1/jobs/j-1'), statuses: [status] })
    const error = rejected(await run())
    expect(error).toSatisfy(
      (e: unknown) => e instanceof OperationFailedError || e instanceof ProtocolError,
    )
  })

  it('polls a result link that answers with a running status, then takes its result', async () => {
    let reads = 0
    server.use(
      http.post(
        `${origin}/v1/jobs`,
        () => new HttpResponse(null, { status: 303, headers: { location: '/v1/tasks/t1' } }),
      ),
      http.get(`${origin}/v1/tasks/t1`, () => {
        reads += 1
        return HttpResponse.json(
          reads < 3
            ? { status: 'ENQUEUED', progress: 0 }
            : { status: 'COMPLETE', progress: 100, result: 'the report' },
        )
      }),
    )
    expect(resolved(await run())).toEqual({
      status: 'COMPLETE',
      progress: 100,
      result: 'the report',
    })
    expect(reads).toBe(3)
  })

  it('ends with the failure a result link reports', async () => {
    server.use(
      http.post(
        `${origin}/v1/jobs`,
        () => new HttpResponse(null, { status: 303, headers: { location: '/v1/tasks/t2' } }),
      ),
      http.get(`${origin}/v1/tasks/t2`, () =>
        HttpResponse.json({ status: 'FAILED', message: 'no space' }),
      ),
    )
    const error = rejected(await run())
    expect((error as OperationFailedError).detail).toBe('no space')
  })

  it('polls the resource a PUT wrote when its answer is running and names no location', async () => {
    let reads = 0
    server.use(
      http.put(`${origin}/v1/imports/i1`, () =>
        HttpResponse.json({ status: 'importing' }, { status: 201 }),
      ),
      http.get(`${origin}/v1/imports/i1`, () => {
        reads += 1
        return HttpResponse.json({ status: reads < 2 ? 'importing' : 'complete', repo: 'r' })
      }),
    )
    const outcome = await outcomeWithin(
      client().run('/imports/i1', { method: 'PUT', json: {} }),
      5000,
    )
    expect(resolved(outcome)).toEqual({ status: 'complete', repo: 'r' })
    expect(reads).toBe(2)
  })

  it('refuses a handle wrapped in the answer’s own fields', async () => {
    serve({
      submit: handle({ success: true, message: 'Created', response: { message: 'ok', id: 'r1' } }),
      statuses: [{ status: 'done' }],
    })
    expect(rejected(await run())).toBeInstanceOf(ProtocolError)
  })
})

// Public APIs' documented exchanges, on this origin: each as its documentation shows it, with
// zero configuration or the one option its documentation makes necessary.
describe('public APIs’ links: the input a job echoes, the result it promises', () => {
  it('a transcript that echoes its audio_url resolves with the transcript, never the audio', async () => {
    // AssemblyAI: POST /v2/transcript answers the transcript object; GET /v2/transcript/{id}.
    const audio = 'https://cdn.example.com/call.mp3'
    const seen = serve({
      submit: handle({ id: 'j-1', status: 'queued', audio_url: audio, text: null }),
      statuses: [
        { id: 'j-1', status: 'processing', audio_url: audio, text: null },
        { id: 'j-1', status: 'completed', audio_url: audio, text: 'Hello.', confidence: 0.9 },
      ],
    })
    expect(resolved(await run({ statusLocation: '/jobs/{id}' }))).toEqual({
      id: 'j-1',
      status: 'completed',
      audio_url: audio,
      text: 'Hello.',
      confidence: 0.9,
    })
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1'])
  })

  it('a handle that names its result_url is followed there, never taken for the result', async () => {
    // Gladia: POST /v2/pre-recorded answers 201 {id, result_url}; result_url is polled.
    const transcript = { transcription: { full_transcript: 'Hello.' } }
    const seen = serve({
      submit: handle({ id: 'j-1', result_url: `${origin}/v1/jobs/j-1` }, 201),
      statuses: [
        { id: 'j-1', status: 'queued', file: { source: 'https://cdn.example.com/a.mp3' } },
        { id: 'j-1', status: 'processing', result: null },
        { id: 'j-1', status: 'done', result_url: `${origin}/v1/jobs/j-1`, result: transcript },
      ],
    })
    expect(resolved(await run())).toEqual(transcript)
    expect(seen).toEqual([
      'POST /v1/jobs',
      'GET /v1/jobs/j-1',
      'GET /v1/jobs/j-1',
      'GET /v1/jobs/j-1',
    ])
  })

  it('a job that names its media_url is read the same way, and fails with its own words', async () => {
    // Rev.ai: the job echoes media_url; `failure` and `failure_detail` say what went wrong.
    serve({
      submit: handle({ id: 'j-1', status: 'in_progress', media_url: 'https://cdn.example.com/a' }),
      statuses: [
        {
          id: 'j-1',
          status: 'failed',
          media_url: 'https://cdn.example.com/a',
          failure: 'download_failure',
          failure_detail: 'the media could not be downloaded',
        },
      ],
    })
    const error = rejected(await run({ statusLocation: '/jobs/{id}' }))
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toEqual({
      failure: 'download_failure',
      failure_detail: 'the media could not be downloaded',
    })
  })
})

describe('a run whose status and state disagree', () => {
  // Databricks: POST /api/2.1/jobs/run-now answers {run_id, number_in_job}; GET
  // /api/2.1/jobs/runs/get?run_id= answers both the newer `status` and the older `state`.
  const running = {
    run_id: 7,
    status: { state: 'RUNNING' },
    state: { life_cycle_state: 'RUNNING', state_message: '' },
  }
  const ended = (resultState: string, code: string) => ({
    run_id: 7,
    status: { state: 'TERMINATED', termination_details: { code, type: code, message: '' } },
    state: { life_cycle_state: 'TERMINATED', result_state: resultState, state_message: code },
    run_page_url: 'https://dbc.example.com/#job/1/run/7',
  })
  const statusLocation = '/jobs/runs/get?run_id={run_id}'

  it('is refused with zero configuration: TERMINATED alone is not how the run ended', async () => {
    const seen = serve({
      submit: handle({ run_id: 7, number_in_job: 7 }),
      statusPath: '/v1/jobs/runs/get',
      statuses: [running, ended('SUCCESS', 'SUCCESS')],
    })
    const error = rejected(await run({ statusLocation }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toContain(
      "The status body's `status` says canceled and its `state` says succeeded; name the field that holds the state with `stateField`",
    )
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/runs/get', 'GET /v1/jobs/runs/get'])
  })

  it('resolves with the run, or fails with its message, with `stateField: "state"`', async () => {
    serve({
      submit: handle({ run_id: 7, number_in_job: 7 }),
      statusPath: '/v1/jobs/runs/get',
      statuses: [running, ended('SUCCESS', 'SUCCESS')],
    })
    expect(resolved(await run({ statusLocation, stateField: 'state' }))).toEqual(
      ended('SUCCESS', 'SUCCESS'),
    )
    serve({
      submit: handle({ run_id: 7, number_in_job: 7 }),
      statusPath: '/v1/jobs/runs/get',
      statuses: [ended('FAILED', 'RUN_EXECUTION_ERROR')],
    })
    const error = rejected(await run({ statusLocation, stateField: 'state' }))
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toBe('RUN_EXECUTION_ERROR')
  })
})

describe('public APIs’ documented flows', () => {
  it('Snowflake SQL API: a 202 whose body names statementStatusUrl, 202 again, then 200 with the rows', async () => {
    let polls = 0
    const seen: string[] = []
    const running = {
      code: '333334',
      message: 'Asynchronous execution in progress.',
      statementHandle: '01a',
      statementStatusUrl: '/api/v2/statements/01a',
    }
    const rows = {
      resultSetMetaData: { numRows: 1, rowType: [{ name: 'N', type: 'fixed' }] },
      data: [['1']],
      code: '090001',
      statementStatusUrl: '/api/v2/statements/01a',
      statementHandle: '01a',
      message: 'Statement executed successfully.',
    }
    server.use(
      http.all(`${origin}/*`, ({ request }) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`)
        if (request.method === 'POST') return HttpResponse.json(running, { status: 202 })
        polls += 1
        return polls < 2
          ? HttpResponse.json(running, { status: 202 })
          : HttpResponse.json(rows, { status: 200 })
      }),
    )
    expect(resolved(await run())).toEqual(rows)
    expect(seen).toEqual([
      'POST /v1/jobs',
      'GET /api/v2/statements/01a',
      'GET /api/v2/statements/01a',
    ])
  })

  it('Snowflake SQL API: a 422 with the error is ky’s HTTPError, not retried', async () => {
    const seen: string[] = []
    const failure = { code: '002140', message: 'SQL compilation error', sqlState: '42601' }
    server.use(
      http.all(`${origin}/*`, ({ request }) => {
        seen.push(request.method)
        return request.method === 'POST'
          ? HttpResponse.json({ statementStatusUrl: '/api/v2/statements/01a' }, { status: 202 })
          : HttpResponse.json(failure, { status: 422 })
      }),
    )
    const error = rejected(await run())
    expect((error as Error).name).toBe('HTTPError')
    expect((error as { response: Response }).response.status).toBe(422)
    expect(seen).toEqual(['POST', 'GET'])
  })

  it('GitHub statistics: 202 with {} while computing, asked again at the same URL, then 200', async () => {
    let reads = 0
    server.use(
      http.get(`${origin}/v1/repos/o/r/stats/contributors`, () => {
        reads += 1
        return reads < 3
          ? HttpResponse.json({}, { status: 202 })
          : HttpResponse.json([{ total: 3, author: { login: 'octocat' } }])
      }),
    )
    const outcome = await outcomeWithin(
      client().run('/repos/o/r/stats/contributors', { method: 'GET' }),
      10_000,
    )
    expect(resolved(outcome)).toEqual([{ total: 3, author: { login: 'octocat' } }])
    expect(reads).toBe(3)
  })

  it('DigitalOcean: a 201 action envelope, polled at /actions/{action.id}', async () => {
    const seen = serve({
      submit: handle(
        { action: { id: 'j-1', status: 'in-progress', type: 'reboot', resource_id: 3 } },
        201,
      ),
      statuses: [
        { action: { id: 'j-1', status: 'in-progress', type: 'reboot' } },
        { action: { id: 'j-1', status: 'completed', type: 'reboot', resource_id: 3 } },
      ],
    })
    const refused = rejected(await run())
    expect(refused).toBeInstanceOf(ProtocolError)
    expect((refused as Error).message).toContain('`statusLocation`')
    expect(resolved(await run({ statusLocation: '/jobs/{action.id}' }))).toEqual({
      action: { id: 'j-1', status: 'completed', type: 'reboot', resource_id: 3 },
    })
    expect(seen.slice(1)).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1'])
  })

  it('DigitalOcean: an errored action is an OperationFailedError', async () => {
    serve({
      submit: handle({ action: { id: 'j-1', status: 'in-progress' } }, 201),
      statuses: [{ action: { id: 'j-1', status: 'errored', type: 'resize' } }],
    })
    expect(rejected(await run({ statusLocation: '/jobs/{action.id}' }))).toBeInstanceOf(
      OperationFailedError,
    )
  })

  it('OpenAI batches: polled at /batches/{id}, the output file fetched from a template', async () => {
    const batch = (status: string, output_file_id: string | null = null) => ({
      id: 'j-1',
      object: 'batch',
      status,
      errors: null,
      output_file_id,
      error_file_id: null,
      request_counts: { total: 2, completed: 0, failed: 0 },
    })
    const seen = serve({
      submit: handle(batch('validating')),
      statuses: [batch('in_progress'), batch('finalizing'), batch('completed', 'file-9')],
      files: { '/v1/files/file-9/content': '{"custom_id":"a"}\n{"custom_id":"b"}\n' },
    })
    const outcome = await run({
      statusLocation: '/jobs/{id}',
      locateResult: '/files/{output_file_id}/content',
    })
    expect(resolved(outcome)).toBe('{"custom_id":"a"}\n{"custom_id":"b"}\n')
    expect(seen).toEqual([
      'POST /v1/jobs',
      'GET /v1/jobs/j-1',
      'GET /v1/jobs/j-1',
      'GET /v1/jobs/j-1',
      'GET /v1/files/file-9/content',
    ])
  })

  it('OpenAI batches: a failed batch carries its errors; an expired one fails too', async () => {
    const errors = { object: 'list', data: [{ code: 'invalid_json', line: 1, message: 'bad' }] }
    serve({
      submit: handle({ id: 'j-1', object: 'batch', status: 'validating' }),
      statuses: [{ id: 'j-1', object: 'batch', status: 'failed', errors }],
    })
    const error = rejected(await run({ statusLocation: '/jobs/{id}' }))
    expect((error as OperationFailedError).detail).toEqual(errors)
    serve({
      submit: handle({ id: 'j-1', object: 'batch', status: 'validating' }),
      statuses: [{ id: 'j-1', object: 'batch', status: 'expired', output_file_id: 'file-1' }],
    })
    expect(rejected(await run({ statusLocation: '/jobs/{id}' }))).toBeInstanceOf(
      OperationFailedError,
    )
  })

  it('OpenAI responses in background mode: queued, in_progress, then the output inline', async () => {
    const response = (status: string, output: unknown[] = []) => ({
      id: 'j-1',
      object: 'response',
      status,
      output,
      error: null,
      incomplete_details: null,
    })
    serve({
      submit: handle(response('queued')),
      statuses: [response('in_progress'), response('completed', [{ type: 'message', id: 'm' }])],
    })
    expect(resolved(await run({ statusLocation: '/jobs/{id}' }))).toEqual([
      { type: 'message', id: 'm' },
    ])
  })

  it('OpenAI responses: incomplete is refused, and named with classifyStatus', async () => {
    const body = {
      id: 'j-1',
      status: 'incomplete',
      output: [{ type: 'message' }],
      incomplete_details: { reason: 'max_output_tokens' },
    }
    serve({ submit: handle({ id: 'j-1', status: 'queued' }), statuses: [body] })
    const error = rejected(await run({ statusLocation: '/jobs/{id}' }))
    expect((error as Error).message).toContain('Unknown status word "incomplete" in `status`')
    serve({ submit: handle({ id: 'j-1', status: 'queued' }), statuses: [body] })
    const taught = await run({
      statusLocation: '/jobs/{id}',
      classifyStatus: (word) => (word === 'incomplete' ? 'failed' : undefined),
      failureField: 'incomplete_details',
    })
    expect((rejected(taught) as OperationFailedError).detail).toEqual({
      reason: 'max_output_tokens',
    })
  })

  it('Anthropic message batches: processing_status, canceling, ended, then results_url fetched', async () => {
    const batch = (processing_status: string, results_url: string | null = null) => ({
      id: 'j-1',
      type: 'message_batch',
      processing_status,
      request_counts: { processing: 0, succeeded: 2, errored: 0, canceled: 0, expired: 0 },
      ended_at: null,
      cancel_initiated_at: null,
      results_url,
    })
    const seen = serve({
      submit: handle(batch('in_progress')),
      statuses: [batch('canceling'), batch('ended', `${origin}/v1/jobs/j-1/results`)],
    })
    server.use(
      http.get(`${origin}/v1/jobs/j-1/results`, () => {
        seen.push('GET /v1/jobs/j-1/results')
        return new HttpResponse('{"custom_id":"a","result":{"type":"succeeded"}}\n', {
          headers: { 'content-type': 'application/binary' },
        })
      }),
    )
    const result = resolved(await run({ statusLocation: '/jobs/{id}' }))
    expect(result).toBeInstanceOf(Blob)
    expect(await (result as Blob).text()).toBe('{"custom_id":"a","result":{"type":"succeeded"}}\n')
    expect(seen).toEqual([
      'POST /v1/jobs',
      'GET /v1/jobs/j-1',
      'GET /v1/jobs/j-1',
      'GET /v1/jobs/j-1/results',
    ])
  })

  it('Stability AI: only an id, then 202 in-progress, then 200 with the image bytes', async () => {
    let reads = 0
    const seen: string[] = []
    server.use(
      http.post(`${origin}/v1/jobs`, () => {
        seen.push('POST')
        return HttpResponse.json({ id: 'j-1' })
      }),
      http.get(`${origin}/v1/results/j-1`, () => {
        seen.push('GET')
        reads += 1
        return reads < 3
          ? HttpResponse.json({ id: 'j-1', status: 'in-progress' }, { status: 202 })
          : new HttpResponse(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), {
              headers: { 'content-type': 'image/png', 'finish-reason': 'SUCCESS' },
            })
      }),
    )
    const result = resolved(await run({ statusLocation: '/results/{id}' }))
    expect(result).toBeInstanceOf(Blob)
    expect([...new Uint8Array(await (result as Blob).arrayBuffer())]).toEqual([
      0x89, 0x50, 0x4e, 0x47,
    ])
    expect(seen).toEqual(['POST', 'GET', 'GET', 'GET'])
  })

  it('Microsoft Graph copy: a 202 to a monitor on another origin, read without credentials', async () => {
    const monitor = 'https://monitor.example.net/monitor/abc'
    const authorization: (string | null)[] = []
    let reads = 0
    server.use(
      http.post(
        `${origin}/v1/jobs`,
        () => new HttpResponse(null, { status: 202, headers: { location: monitor } }),
      ),
      http.get(monitor, ({ request }) => {
        authorization.push(request.headers.get('authorization'))
        reads += 1
        return HttpResponse.json(
          reads < 2
            ? { operation: 'ItemCopy', status: 'inProgress', percentageComplete: 27.5 }
            : { operation: 'ItemCopy', status: 'completed', resourceId: '01ABC' },
        )
      }),
    )
    const outcome = await run({ headers: { authorization: 'Bearer t' } })
    expect(resolved(outcome)).toEqual({
      operation: 'ItemCopy',
      status: 'completed',
      resourceId: '01ABC',
    })
    expect(authorization).toEqual([null, null])
  })

  it('Replicate: a prediction whose urls.stream is an SSE of output tokens still ends by polling', async () => {
    const urls = {
      get: `${origin}/v1/jobs/j-1`,
      cancel: `${origin}/v1/jobs/j-1/cancel`,
      stream: 'https://stream.example.net/v1/files/abc',
      web: 'https://replicate.example.com/p/j-1',
    }
    const seen = serve({
      submit: handle({ id: 'j-1', status: 'starting', output: null, error: null, urls }, 201),
      statuses: [
        { id: 'j-1', status: 'processing', output: null, urls },
        { id: 'j-1', status: 'succeeded', output: 'Hello world', urls },
      ],
    })
    let streamReads = 0
    server.use(
      http.get(urls.stream, () => {
        streamReads += 1
        return new HttpResponse(
          'event: output\nid: 1\ndata: Hello\n\nevent: output\nid: 2\ndata:  world\n\nevent: done\ndata: {}\n\n',
          { headers: { 'content-type': 'text/event-stream' } },
        )
      }),
    )
    expect(resolved(await run())).toBe('Hello world')
    // The stream's events are named (output, done) and carry no status: passed over, never fatal.
    expect(streamReads).toBeGreaterThan(0)
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1'])
  })

  it('AWS CloudFormation: CREATE_COMPLETE ends a stack’s creation, with its Outputs', async () => {
    const outputs = [{ OutputKey: 'Bucket', OutputValue: 'b-1' }]
    const seen = serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        { StackName: 's', StackStatus: 'CREATE_IN_PROGRESS' },
        { StackName: 's', StackStatus: 'CREATE_COMPLETE', Outputs: outputs },
      ],
    })
    expect(resolved(await run())).toEqual(outputs)
    expect(seen).toHaveLength(3)
  })

  it('AWS CloudFormation: ROLLBACK_COMPLETE fails, with the StackStatusReason', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        { StackName: 's', StackStatus: 'CREATE_IN_PROGRESS' },
        { StackName: 's', StackStatus: 'ROLLBACK_IN_PROGRESS', StackStatusReason: 'bucket exists' },
        { StackName: 's', StackStatus: 'ROLLBACK_COMPLETE', StackStatusReason: 'bucket exists' },
      ],
    })
    const error = rejected(await run())
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toBe('bucket exists')
  })

  it('AWS Cloud Control: CANCEL_COMPLETE is an OperationCanceledError', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        { ProgressEvent: { OperationStatus: 'CANCEL_IN_PROGRESS', RequestToken: 't' } },
        { ProgressEvent: { OperationStatus: 'CANCEL_COMPLETE', RequestToken: 't' } },
      ],
    })
    expect(rejected(await run())).toBeInstanceOf(OperationCanceledError)
  })

  it('AWS Step Functions: a FAILED execution carries its error and its cause', async () => {
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        { executionArn: 'arn:1', status: 'RUNNING' },
        { executionArn: 'arn:1', status: 'FAILED', error: 'States.Timeout', cause: 'task slept' },
      ],
    })
    const error = rejected(await run())
    expect((error as OperationFailedError).detail).toEqual({
      error: 'States.Timeout',
      cause: 'task slept',
    })
  })

  it('Salesforce Bulk API: a batch Not Processed is refused, never polled for ever', async () => {
    const seen = serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        { id: 'b', state: 'InProgress' },
        { id: 'b', state: 'Not Processed', stateMessage: 'the job was aborted' },
      ],
    })
    const error = rejected(await run())
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toContain('Unknown status word "Not Processed" in `state`')
    expect(seen).toHaveLength(3)
  })

  it('Heroku builds: an output_stream_url that streams the log as text is given up at its headers', async () => {
    const log = 'https://build-output.example.net/streams/b'
    const seen = serve({
      submit: handle({ id: 'j-1', status: 'pending', output_stream_url: log }, 201),
      statusPath: '/v1/jobs/j-1',
      statuses: [
        { id: 'j-1', status: 'pending', output_stream_url: log },
        { id: 'j-1', status: 'succeeded', output_stream_url: log, release: { id: 'r-1' } },
      ],
    })
    let logReads = 0
    server.use(
      http.get(log, () => {
        logReads += 1
        // The log streams for as long as the build runs: the request never ends by itself.
        const body = new ReadableStream({
          start: (controller) => controller.enqueue(new TextEncoder().encode('-----> Building\n')),
        })
        return new HttpResponse(body, { headers: { 'content-type': 'text/plain' } })
      }),
    )
    const outcome = await outcomeWithin(
      client({ statusLocation: '/jobs/{id}' }).run('/jobs', { json: {} }),
      3000,
    )
    expect(resolved(outcome)).toEqual({
      id: 'j-1',
      status: 'succeeded',
      output_stream_url: log,
      release: { id: 'r-1' },
    })
    expect(logReads).toBe(1)
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1'])
  })

  it('Google Speech: a bare {name}, then the Operation at /operations/{name}, done left out while it runs', async () => {
    const metadata = { '@type': 'type.googleapis.com/LongRunningRecognizeMetadata' }
    const response = { results: [{ alternatives: [{ transcript: 'hello' }] }] }
    const seen = serve({
      submit: handle({ name: 'j-1' }),
      statusPath: '/v1/operations/j-1',
      statuses: [
        { name: 'j-1', metadata: { ...metadata, progressPercent: 40 } },
        { name: 'j-1', metadata: { ...metadata, progressPercent: 100 }, done: true, response },
      ],
    })
    expect(rejected(await run())).toBeInstanceOf(ProtocolError)
    const progress: (number | undefined)[] = []
    const op = await client({ statusLocation: '/operations/{name}' }).start('/jobs', { json: {} })
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) }),
      10_000,
    )
    expect(resolved(outcome)).toEqual(response)
    expect(progress).toEqual([0.4, 1])
    expect(seen).toEqual([
      'POST /v1/jobs',
      'POST /v1/jobs',
      'GET /v1/operations/j-1',
      'GET /v1/operations/j-1',
    ])
  })

  it('Zendesk job statuses: polled at job_status.url, progress counted out of the total', async () => {
    const job = (status: string, progress: number | null, results: unknown = null) => ({
      job_status: { id: 'j-1', url: `${origin}/v1/jobs/j-1`, status, total: 2, progress, results },
    })
    const results = [{ id: 1, success: true, status: 'Updated' }]
    const seen = serve({
      submit: handle(job('queued', null)),
      statuses: [job('working', 1), job('completed', 2, results)],
    })
    const progress: (number | undefined)[] = []
    const op = await client({ statusLocation: 'job_status.url' }).start('/jobs', { json: {} })
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) }),
      10_000,
    )
    expect(resolved(outcome)).toEqual(job('completed', 2, results))
    expect(progress).toEqual([0.5, 1])
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/jobs/j-1', 'GET /v1/jobs/j-1'])
  })

  it('Azure AI Read: Operation-Location, notStarted and running, then analyzeResult', async () => {
    const monitor = `${origin}/vision/v3.2/read/analyzeResults/j-1`
    const done = {
      status: 'succeeded',
      createdDateTime: '2026-01-01T00:00:00Z',
      analyzeResult: { version: '3.2', readResults: [{ page: 1, lines: [] }] },
    }
    let reads = 0
    server.use(
      http.post(
        `${origin}/v1/jobs`,
        () => new HttpResponse(null, { status: 202, headers: { 'operation-location': monitor } }),
      ),
      http.get(monitor, () => {
        reads += 1
        return HttpResponse.json(
          reads === 1 ? { status: 'notStarted' } : reads === 2 ? { status: 'running' } : done,
        )
      }),
    )
    expect(resolved(await run())).toEqual(done)
    expect(reads).toBe(3)
  })
})

/** `count` polls of `path`, as `serve` records them. */
const polls = (path: string, count: number) => Array.from({ length: count }, () => `GET ${path}`)

describe('public APIs’ documented flows, a second pass', () => {
  it('BigQuery jobs.insert: the job’s selfLink polled, then DONE with errorResult is an OperationFailedError', async () => {
    const job = (status: JsonBodyType) => ({
      kind: 'bigquery#job',
      id: 'p:US.j-1',
      selfLink: `${origin}/v1/jobs/j-1?location=US`,
      jobReference: { projectId: 'p', jobId: 'j-1', location: 'US' },
      status,
    })
    const seen = serve({
      submit: handle(job({ state: 'RUNNING' })),
      statuses: [job({ state: 'RUNNING' }), job({ state: 'DONE' })],
    })
    expect(resolved(await run())).toEqual(job({ state: 'DONE' }))
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
    const errorResult = { reason: 'invalidQuery', message: 'Syntax error at [1:8]' }
    serve({
      submit: handle(job({ state: 'PENDING' })),
      statuses: [job({ state: 'DONE', errorResult, errors: [errorResult] })],
    })
    const error = rejected(await run())
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toEqual({ errorResult, errors: [errorResult] })
  })

  it('fal.ai queue: status_url polled through IN_QUEUE and IN_PROGRESS, then response_url fetched', async () => {
    const requests = `${origin}/v1/fal-ai/m/requests/r-1`
    const seen = serve({
      submit: handle({
        request_id: 'r-1',
        status_url: `${requests}/status`,
        response_url: requests,
        cancel_url: `${requests}/cancel`,
      }),
      statusPath: '/v1/fal-ai/m/requests/r-1/status',
      statuses: [
        { status: 'IN_QUEUE', queue_position: 1, response_url: requests },
        { status: 'IN_PROGRESS', logs: [], response_url: requests },
        { status: 'COMPLETED', logs: [], response_url: requests },
      ],
      files: {
        '/v1/fal-ai/m/requests/r-1': { images: [{ url: 'https://cdn.example.com/1.png' }] },
      },
    })
    expect(resolved(await run())).toEqual({ images: [{ url: 'https://cdn.example.com/1.png' }] })
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls('/v1/fal-ai/m/requests/r-1/status', 3),
      'GET /v1/fal-ai/m/requests/r-1',
    ])
  })

  it('Adobe PDF Services: a 201 with Location, "in progress", then done with the asset', async () => {
    const asset = {
      metadata: { type: 'application/pdf', size: 9 },
      downloadUri: `${origin}/files/1.pdf`,
    }
    const seen = serve({
      submit: () => new HttpResponse(null, { status: 201, headers: { location: '/v1/jobs/j-1' } }),
      statuses: [{ status: 'in progress' }, { status: 'done', asset }],
      files: { '/files/1.pdf': 'pdf' },
    })
    expect(resolved(await run())).toEqual({ status: 'done', asset })
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
    serve({
      submit: () => new HttpResponse(null, { status: 201, headers: { location: '/v1/jobs/j-1' } }),
      statuses: [{ status: 'done', asset }],
      files: { '/files/1.pdf': 'pdf' },
    })
    expect(resolved(await run({ locateResult: 'asset.downloadUri' }))).toBe('pdf')
    const error = { code: 'BAD_PDF', message: 'not a PDF', status: 400 }
    serve({ submit: accepted('/v1/jobs/j-1'), statuses: [{ status: 'failed', error }] })
    expect((rejected(await run()) as OperationFailedError).detail).toEqual(error)
  })

  it('Microsoft Graph long-running operation: 202 Location, notStarted, running, then resourceLocation', async () => {
    const seen = serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        { id: 'j-1', status: 'notStarted', statusDetail: null },
        { id: 'j-1', status: 'running', statusDetail: null },
        { id: 'j-1', status: 'succeeded', resourceLocation: `${origin}/v1/sites/s/lists/l` },
      ],
      files: { '/v1/sites/s/lists/l': { id: 'l', displayName: 'Tasks' } },
    })
    expect(resolved(await run())).toEqual({ id: 'l', displayName: 'Tasks' })
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 3), 'GET /v1/sites/s/lists/l'])
  })

  it('Power BI export to file: a 202 body, polled at /exports/{id}, then the file at resourceLocation', async () => {
    const exported = (status: string, more: object = {}) => ({
      id: 'j-1',
      reportId: 'r',
      status,
      percentComplete: status === 'Succeeded' ? 100 : 30,
      ...more,
    })
    const seen = serve({
      submit: handle(exported('NotStarted'), 202),
      statusPath: '/v1/exports/j-1',
      statuses: [
        exported('Running'),
        exported('Succeeded', { resourceLocation: `${origin}/v1/exports/j-1/file` }),
      ],
      files: { '/v1/exports/j-1/file': 'the pdf' },
    })
    const progress: (number | undefined)[] = []
    const op = await client({ statusLocation: '/exports/{id}' }).start('/jobs', { json: {} })
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) }),
      10_000,
    )
    expect(resolved(outcome)).toBe('the pdf')
    expect(progress).toEqual([0.3, 1])
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls('/v1/exports/j-1', 2),
      'GET /v1/exports/j-1/file',
    ])
  })

  it('Azure Translator document translation: Operation-Location; ValidationFailed with its error', async () => {
    const monitor = `${origin}/translator/batches/j-1`
    const error = { code: 'InvalidRequest', message: 'no documents found', target: 'Operation' }
    let reads = 0
    server.use(
      http.post(
        `${origin}/v1/jobs`,
        () => new HttpResponse(null, { status: 202, headers: { 'operation-location': monitor } }),
      ),
      http.get(monitor, () => {
        reads += 1
        return HttpResponse.json(
          reads === 1
            ? { id: 'j-1', status: 'NotStarted', summary: { total: 0 } }
            : { id: 'j-1', status: 'ValidationFailed', error, summary: { total: 0 } },
        )
      }),
    )
    const failure = rejected(await run())
    expect(failure).toBeInstanceOf(OperationFailedError)
    expect((failure as OperationFailedError).detail).toEqual(error)
    expect(reads).toBe(2)
  })

  it('Azure Speech batch transcription: 201 with Location, Running, then links.files fetched', async () => {
    const self = `${origin}/v1/jobs/j-1`
    const transcription = (status: string) => ({ self, status, links: { files: `${self}/files` } })
    const files = { values: [{ kind: 'Transcription', links: { contentUrl: 'https://x/1.json' } }] }
    const seen = serve({
      submit: () =>
        HttpResponse.json(transcription('NotStarted'), {
          status: 201,
          headers: { location: self },
        }),
      statuses: [transcription('Running'), transcription('Succeeded')],
      files: { '/v1/jobs/j-1/files': files },
    })
    expect(resolved(await run())).toEqual(files)
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2), 'GET /v1/jobs/j-1/files'])
  })

  it('Elasticsearch tasks: {"task": …} is a handle, never the result; polled at /_tasks/{+task}', async () => {
    const task = { node: 'n1', id: 12345, action: 'indices:data/write/reindex' }
    const response = { took: 12, total: 6, created: 6, failures: [] }
    const seen = serve({
      submit: handle({ task: 'n1:12345' }),
      statusPath: '/v1/_tasks/n1:12345',
      statuses: [
        { completed: false, task },
        { completed: true, task, response },
      ],
    })
    const refused = rejected(await run())
    expect(refused).toBeInstanceOf(ProtocolError)
    expect((refused as Error).message).toMatch(/only a job handle.*`statusLocation`/)
    expect(resolved(await run({ statusLocation: '/_tasks/{+task}' }))).toEqual(response)
    expect(seen).toEqual(['POST /v1/jobs', 'POST /v1/jobs', ...polls('/v1/_tasks/n1:12345', 2)])
  })

  it('Elasticsearch async search: is_running in the submit answer, then the response at /_async_search/{id}', async () => {
    const search = (running: boolean) => ({
      id: 'j-1',
      is_partial: running,
      is_running: running,
      response: { took: 3, hits: { total: { value: running ? 0 : 9 }, hits: [] } },
    })
    const seen = serve({
      submit: handle(search(true)),
      statuses: [search(true), search(false)],
    })
    expect(resolved(await run({ statusLocation: '/jobs/{id}' }))).toEqual(search(false).response)
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
  })

  it('Runway: only a task id, then THROTTLED, RUNNING, SUCCEEDED with output[]', async () => {
    const output = ['https://cdn.example.com/t.mp4']
    const seen = serve({
      submit: handle({ id: 'j-1' }),
      statusPath: '/v1/tasks/j-1',
      statuses: [
        { id: 'j-1', status: 'THROTTLED' },
        { id: 'j-1', status: 'RUNNING', progress: 0.5 },
        { id: 'j-1', status: 'SUCCEEDED', output },
      ],
    })
    expect(resolved(await run({ statusLocation: '/tasks/{id}' }))).toEqual(output)
    expect(seen).toHaveLength(4)
    serve({
      submit: handle({ id: 'j-1' }),
      statusPath: '/v1/tasks/j-1',
      statuses: [{ id: 'j-1', status: 'FAILED', failure: 'unsafe', failureCode: 'SAFETY.INPUT' }],
    })
    const error = rejected(await run({ statusLocation: '/tasks/{id}' }))
    expect((error as OperationFailedError).detail).toEqual({
      failure: 'unsafe',
      failureCode: 'SAFETY.INPUT',
    })
  })

  it('ElevenLabs dubbing: a handle with its expected duration; dubbed is named with classifyStatus', async () => {
    const dub = (status: string) => ({ dubbing_id: 'j-1', status, target_languages: ['es'] })
    const options: ClientOptions = {
      statusLocation: '/dubbing/{dubbing_id}',
      classifyStatus: (word) => (word === 'dubbed' ? 'succeeded' : undefined),
      locateResult: '/dubbing/{dubbing_id}/audio/{target_languages.0}',
    }
    const script = {
      submit: handle({ dubbing_id: 'j-1', expected_duration_sec: 12.5 }),
      statusPath: '/v1/dubbing/j-1',
      statuses: [dub('dubbing'), dub('dubbed')],
      files: { '/v1/dubbing/j-1/audio/es': 'audio' },
    }
    serve(script)
    const refused = rejected(await run({ statusLocation: '/dubbing/{dubbing_id}' }))
    expect((refused as Error).message).toContain('Unknown status word "dubbed" in `status`')
    const seen = serve(script)
    expect(resolved(await run(options))).toBe('audio')
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls('/v1/dubbing/j-1', 2),
      'GET /v1/dubbing/j-1/audio/es',
    ])
  })

  it('Auth0 jobs: a 201 pending job polled at /jobs/{id}, percentage_done, completed', async () => {
    const job = (status: string, more: object = {}) => ({
      id: 'j-1',
      type: 'users_import',
      status,
      ...more,
    })
    const seen = serve({
      submit: handle(job('pending'), 201),
      statuses: [
        job('processing', { percentage_done: 50 }),
        job('completed', { summary: { total: 2 } }),
      ],
    })
    expect(resolved(await run({ statusLocation: '/jobs/{id}' }))).toEqual(
      job('completed', { summary: { total: 2 } }),
    )
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
  })

  it('Stripe report runs: pending, then succeeded with the result file object inline', async () => {
    const run_ = (status: string, result: JsonBodyType = null) => ({
      id: 'j-1',
      object: 'reporting.report_run',
      error: null,
      result,
      status,
    })
    const file = { id: 'file_1', object: 'file', url: 'https://files.example.com/file_1/contents' }
    serve({
      submit: handle(run_('pending')),
      statuses: [run_('pending'), run_('succeeded', file)],
    })
    expect(resolved(await run({ statusLocation: '/jobs/{id}' }))).toEqual(file)
    serve({
      submit: handle(run_('pending')),
      statuses: [{ ...run_('failed'), error: 'no data for that interval' }],
    })
    const error = rejected(await run({ statusLocation: '/jobs/{id}' }))
    expect((error as OperationFailedError).detail).toBe('no data for that interval')
  })

  it('Cloudflare Stream: the result envelope beside success and errors; an error state fails with its reason', async () => {
    const video = (status: JsonBodyType) => ({
      result: { uid: 'j-1', readyToStream: false, status },
      success: true,
      errors: [],
      messages: [],
    })
    serve({
      submit: handle(video({ state: 'queued' })),
      statuses: [
        video({ state: 'downloading', pctComplete: '10' }),
        video({ state: 'error', errorReasonCode: 'ERR_NON_VIDEO', errorReasonText: 'not a video' }),
      ],
    })
    const error = rejected(await run({ statusLocation: '/jobs/{result.uid}' }))
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toEqual({
      errorReasonCode: 'ERR_NON_VIDEO',
      errorReasonText: 'not a video',
    })
  })

  it('GitLab pipelines: a 201 pipeline polled at its path; manual is refused with the word named', async () => {
    const pipeline = (status: string) => ({ id: 61, project_id: 1, status, ref: 'main' })
    const seen = serve({
      submit: handle(pipeline('created'), 201),
      statusPath: '/v1/projects/1/pipelines/61',
      statuses: [pipeline('waiting_for_resource'), pipeline('running'), pipeline('success')],
    })
    const options = { statusLocation: '/projects/{project_id}/pipelines/{id}' }
    expect(resolved(await run(options))).toEqual(pipeline('success'))
    expect(seen).toHaveLength(4)
    serve({
      submit: handle(pipeline('created'), 201),
      statusPath: '/v1/projects/1/pipelines/61',
      statuses: [pipeline('manual')],
    })
    expect((rejected(await run(options)) as Error).message).toContain(
      'Unknown status word "manual" in `status`',
    )
  })

  it('Vertex AI batch prediction: the job at its own name, JOB_STATE_ values, the gs:// output kept', async () => {
    const job = (state: string, more: object = {}) => ({
      name: 'jobs/j-1',
      displayName: 'predict',
      state,
      ...more,
    })
    const done = job('JOB_STATE_SUCCEEDED', { outputInfo: { gcsOutputDirectory: 'gs://out/1' } })
    const seen = serve({
      submit: handle(job('JOB_STATE_PENDING')),
      statuses: [job('JOB_STATE_RUNNING'), done],
    })
    expect(resolved(await run({ statusLocation: '/{+name}' }))).toEqual(done)
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
  })

  it('Redshift Data API: SUBMITTED, PICKED, STARTED, FINISHED; FAILED carries its Error', async () => {
    const statement = (Status: string, more: object = {}) => ({ Id: 'j-1', Status, ...more })
    const seen = serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        statement('PICKED'),
        statement('STARTED'),
        statement('FINISHED', { ResultRows: 3 }),
      ],
    })
    expect(resolved(await run())).toEqual(statement('FINISHED', { ResultRows: 3 }))
    expect(seen).toHaveLength(4)
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [statement('FAILED', { Error: 'relation "t" does not exist' })],
    })
    expect((rejected(await run()) as OperationFailedError).detail).toBe(
      'relation "t" does not exist',
    )
  })

  it('AWS Athena: a FAILED query carries its StateChangeReason', async () => {
    const query = (Status: object) => ({ QueryExecution: { QueryExecutionId: 'j-1', Status } })
    serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [
        query({ State: 'QUEUED' }),
        query({ State: 'FAILED', StateChangeReason: 'SYNTAX_ERROR: line 1:8' }),
      ],
    })
    const error = rejected(await run())
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toBe('SYNTAX_ERROR: line 1:8')
  })

  it('Mailchimp batch operations: the `self` entry of the _links array polled, finished with response_body_url', async () => {
    const batch = (status: string, response_body_url = '') => ({
      id: 'j-1',
      status,
      total_operations: 2,
      finished_operations: status === 'finished' ? 2 : 0,
      errored_operations: 0,
      response_body_url,
      _links: [
        { rel: 'parent', href: `${origin}/v1/batches`, method: 'GET' },
        { rel: 'self', href: `${origin}/v1/jobs/j-1`, method: 'GET' },
        { rel: 'delete', href: `${origin}/v1/jobs/j-1`, method: 'DELETE' },
      ],
    })
    const tarball = `${origin}/files/j-1-response.tar.gz`
    const seen = serve({
      submit: handle(batch('pending')),
      statuses: [
        batch('preprocessing'),
        batch('started'),
        batch('finalizing'),
        batch('finished', tarball),
      ],
      files: { '/files/j-1-response.tar.gz': 'responses' },
    })
    expect(resolved(await run())).toEqual(batch('finished', tarball))
    expect(seen).toHaveLength(5)
    serve({
      submit: handle(batch('pending')),
      statuses: [batch('finished', tarball)],
      files: { '/files/j-1-response.tar.gz': 'responses' },
    })
    expect(resolved(await run({ locateResult: 'response_body_url' }))).toBe('responses')
  })

  it('Terraform Cloud runs: the JSON:API document’s data.links.self polled, with zero configuration', async () => {
    const run_ = (status: string) => ({
      data: {
        id: 'j-1',
        type: 'runs',
        attributes: { status, 'has-changes': false },
        links: { self: '/v1/jobs/j-1' },
      },
    })
    const seen = serve({
      submit: handle(run_('pending'), 201),
      statuses: [run_('plan_queued'), run_('applying'), run_('applied')],
    })
    expect(resolved(await run())).toEqual(run_('applied').data)
    expect(seen).toHaveLength(4)
  })

  it('Terraform Cloud runs: planned_and_finished ends the run instead of polling for ever', async () => {
    const run_ = (status: string) => ({
      data: { id: 'j-1', type: 'runs', attributes: { status, 'has-changes': false } },
    })
    const seen = serve({
      submit: handle(run_('pending'), 201),
      statuses: [run_('planning'), run_('planned_and_finished')],
    })
    expect(resolved(await run({ statusLocation: '/jobs/{data.id}' }))).toEqual(
      run_('planned_and_finished').data,
    )
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
    serve({ submit: handle(run_('pending'), 201), statuses: [run_('discarded')] })
    expect(rejected(await run({ statusLocation: '/jobs/{data.id}' }))).toBeInstanceOf(
      OperationCanceledError,
    )
  })

  it('Vimeo: an upload that ended beside a transcode that runs is refused, then read by stateField', async () => {
    const video = (transcode: string) => ({
      upload: { status: 'complete' },
      transcode: { status: transcode },
    })
    const statuses = [video('in_progress'), video('complete')]
    serve({ submit: accepted('/v1/jobs/j-1'), statuses })
    const refused = rejected(await run())
    expect(refused).toBeInstanceOf(ProtocolError)
    expect((refused as Error).message).toContain(
      "The status body's `upload` says succeeded and its `transcode` says pending",
    )
    const seen = serve({ submit: accepted('/v1/jobs/j-1'), statuses })
    expect(resolved(await run({ stateField: 'transcode.status' }))).toEqual(video('complete'))
    expect(seen).toHaveLength(3)
  })

  it('Jenkins builds: followed while `building`, then the result word; FAILURE fails', async () => {
    let reads = 0
    server.use(
      http.get(`${origin}/v1/job/app/5/api/json`, () => {
        reads += 1
        return HttpResponse.json(
          reads < 3
            ? { number: 5, building: true, result: null }
            : { number: 5, building: false, result: 'FAILURE', duration: 10 },
        )
      }),
    )
    const outcome = await outcomeWithin(client().follow('/job/app/5/api/json').wait(), 10_000)
    expect(rejected(outcome)).toBeInstanceOf(OperationFailedError)
    expect((rejected(outcome) as OperationFailedError).detail).toBe('FAILURE')
    expect(reads).toBe(3)
  })

  it('ClickHouse Cloud: {status: 200, result: {…}} is read by the result envelope', async () => {
    const answer = (status: string) => ({
      status: 200,
      requestId: 'r-1',
      result: { id: 'j-1', status, sizeInBytes: 10 },
    })
    const seen = serve({
      submit: accepted('/v1/jobs/j-1'),
      statuses: [answer('in_progress'), answer('done')],
    })
    expect(resolved(await run())).toEqual(answer('done').result)
    expect(seen).toHaveLength(3)
  })

  it('Azure Blob copy: the state is in x-ms-copy-status headers, read by a convention of one’s own', async () => {
    const blob = `${origin}/container/copy.bin`
    const seen: string[] = []
    let reads = 0
    server.use(
      http.all(blob, ({ request }) => {
        seen.push(request.method)
        if (request.method === 'PUT') {
          return new HttpResponse(null, {
            status: 202,
            headers: { 'x-ms-copy-id': 'c-1', 'x-ms-copy-status': 'pending' },
          })
        }
        reads += 1
        const status = reads < 2 ? 'pending' : 'failed'
        return new HttpResponse(null, {
          headers: {
            'x-ms-copy-status': status,
            'x-ms-copy-status-description': status === 'failed' ? '500 InternalError' : '',
          },
        })
      }),
    )
    const blobCopy: Protocol = {
      name: 'blob-copy',
      statusUrl: ({ url }) => new URL(url),
      observe: ({ headers }) => {
        const status = headers.get('x-ms-copy-status')
        if (status === 'success') return { state: 'succeeded', result: { kind: 'none' } }
        if (status === 'failed') {
          return { state: 'failed', detail: headers.get('x-ms-copy-status-description') }
        }
        return status === 'aborted' ? { state: 'canceled' } : { state: 'pending' }
      },
    }
    const outcome = await outcomeWithin(
      client({ protocol: blobCopy }).run(blob, { method: 'PUT' }),
      10_000,
    )
    expect((rejected(outcome) as OperationFailedError).detail).toBe('500 InternalError')
    expect(seen).toEqual(['PUT', 'GET', 'GET'])
  })
})

describe('public APIs’ documented flows, a third pass', () => {
  it('Firecrawl crawl: {success, id, url} polled at its url on the API’s origin, never taken for the result', async () => {
    const data = [{ markdown: '# Home', metadata: { sourceURL: 'https://example.com' } }]
    const seen = serve({
      submit: handle({ success: true, id: 'j-1', url: `${origin}/v1/jobs/j-1` }),
      statuses: [
        { status: 'scraping', total: 36, completed: 9, creditsUsed: 9, data: [] },
        { status: 'completed', total: 36, completed: 36, creditsUsed: 36, data },
      ],
    })
    expect(resolved(await run())).toEqual(data)
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
  })

  it('Twilio Video compositions: a 201 enqueued resource polled at its own url, the media link left alone', async () => {
    const composition = (status: string) => ({
      sid: 'CJ1',
      status,
      url: `${origin}/v1/jobs/j-1`,
      links: { media: `${origin}/v1/jobs/j-1/Media` },
    })
    const seen = serve({
      submit: handle(composition('enqueued'), 201),
      statuses: [composition('processing'), composition('completed')],
    })
    expect(resolved(await run())).toEqual(composition('completed'))
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
  })

  it('CloudConvert jobs: data.links.self polled through waiting and processing, then finished', async () => {
    const job = (status: string) => ({
      data: {
        id: 'cd82',
        tag: 'jobbuilder',
        status,
        tasks: [],
        links: { self: `${origin}/v1/jobs/j-1` },
      },
    })
    const seen = serve({
      submit: handle(job('waiting'), 201),
      statuses: [job('processing'), job('finished')],
    })
    expect(resolved(await run())).toEqual(job('finished').data)
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
  })

  it('Deepgram with a callback: {request_id} alone is a job handle, never the transcript', async () => {
    const seen = serve({ submit: handle({ request_id: 'r-1' }), statuses: [] })
    const error = rejected(await run())
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toMatch(/only a job handle/)
    expect(seen).toEqual(['POST /v1/jobs'])
  })

  it('OpenAI fine-tuning jobs: polled at /fine_tuning/jobs/{id}; a failed job carries its error', async () => {
    const job = (status: string, more: object = {}) => ({
      object: 'fine_tuning.job',
      id: 'ftjob-1',
      status,
      fine_tuned_model: null,
      result_files: [],
      error: null,
      ...more,
    })
    const options = { statusLocation: '/fine_tuning/jobs/{id}' }
    const done = job('succeeded', {
      fine_tuned_model: 'ft:gpt-4o-mini:org::1',
      result_files: ['file-r'],
    })
    const seen = serve({
      submit: handle(job('validating_files')),
      statusPath: '/v1/fine_tuning/jobs/ftjob-1',
      statuses: [job('queued'), job('running'), done],
    })
    expect(resolved(await run(options))).toEqual(done)
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/fine_tuning/jobs/ftjob-1', 3)])
    const error = { code: 'invalid_training_file', message: 'bad line 3', param: 'training_file' }
    serve({
      submit: handle(job('validating_files')),
      statusPath: '/v1/fine_tuning/jobs/ftjob-1',
      statuses: [job('failed', { error })],
    })
    expect((rejected(await run(options)) as OperationFailedError).detail).toEqual(error)
  })

  it('OpenAI vector store file batches: file_counts with a total of 0 while in_progress, then completed', async () => {
    const batch = (status: string, completed: number, total: number) => ({
      id: 'vsfb_1',
      object: 'vector_store.files_batch',
      vector_store_id: 'vs_1',
      status,
      file_counts: { in_progress: total - completed, completed, failed: 0, cancelled: 0, total },
    })
    const seen = serve({
      submit: handle(batch('in_progress', 1, 0)),
      statusPath: '/v1/vector_stores/vs_1/file_batches/vsfb_1',
      statuses: [batch('in_progress', 1, 0), batch('completed', 2, 2)],
    })
    const options = { statusLocation: '/vector_stores/{vector_store_id}/file_batches/{id}' }
    expect(resolved(await run(options))).toEqual(batch('completed', 2, 2))
    expect(seen).toHaveLength(3)
  })

  it('HeyGen: a wrapped video_id, polled at /video_status.get?video_id=…; video_url is never fetched', async () => {
    const status = (state: string, more: object = {}) => ({
      code: 100,
      data: { id: 'v1', status: state, video_url: null, error: null, ...more },
      message: 'Success',
    })
    const done = status('completed', { video_url: `${origin}/files/v1.mp4`, duration: 12.5 })
    const seen = serve({
      submit: handle({ error: null, data: { video_id: 'v1' } }),
      statusPath: '/v1/video_status.get',
      statuses: [status('waiting'), status('processing'), done],
    })
    const options = { statusLocation: '/video_status.get?video_id={data.video_id}' }
    expect(resolved(await run(options))).toEqual(done.data)
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/video_status.get', 3)])
  })

  it('Meilisearch: a 202 enqueued task polled at /tasks/{taskUid}; a failed task carries its error', async () => {
    const task = (status: string, error: object | null = null) => ({
      uid: 0,
      indexUid: 'movies',
      status,
      type: 'documentAdditionOrUpdate',
      error,
    })
    const options = { statusLocation: '/tasks/{taskUid}' }
    const submit = handle(
      { taskUid: 0, indexUid: 'movies', status: 'enqueued', type: 'documentAdditionOrUpdate' },
      202,
    )
    const seen = serve({
      submit,
      statusPath: '/v1/tasks/0',
      statuses: [task('processing'), task('succeeded')],
    })
    expect(resolved(await run(options))).toEqual(task('succeeded'))
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/tasks/0', 2)])
    const error = {
      message: 'Index `movies` not found.',
      code: 'index_not_found',
      type: 'invalid_request',
    }
    serve({ submit, statusPath: '/v1/tasks/0', statuses: [task('failed', error)] })
    expect((rejected(await run(options)) as OperationFailedError).detail).toEqual(error)
  })

  it('Weaviate backups: STARTED, TRANSFERRING, TRANSFERRED, then SUCCESS at /backups/{backend}/{id}', async () => {
    const backup = (status: string) => ({
      backend: 'filesystem',
      id: 'b1',
      path: '/var/lib/weaviate/backups/b1',
      status,
    })
    const seen = serve({
      submit: handle(backup('STARTED')),
      statusPath: '/v1/backups/filesystem/b1',
      statuses: [backup('TRANSFERRING'), backup('TRANSFERRED'), backup('SUCCESS')],
    })
    expect(resolved(await run({ statusLocation: '/backups/{backend}/{id}' }))).toEqual(
      backup('SUCCESS'),
    )
    expect(seen).toHaveLength(4)
  })

  it('dbt Cloud runs: the envelope’s status object passed over, the run read by its flags, its web href never fetched', async () => {
    const answer = (code: number, humanized: string, flags: object) => ({
      status: { code: 200, is_success: true, user_message: 'Success!' },
      data: {
        id: 1,
        account_id: 7,
        status: code,
        status_humanized: humanized,
        href: 'https://cloud.getdbt.com/#/accounts/7/projects/3/runs/1/',
        ...flags,
      },
    })
    const queued = handle(answer(1, 'Queued', { in_progress: false, is_complete: false }))
    const done = answer(10, 'Success', { is_complete: true, is_success: true })
    const options = { statusLocation: '/accounts/{data.account_id}/runs/{data.id}/' }
    const statusPath = '/v1/accounts/7/runs/1/'
    const seen = serve({
      submit: queued,
      statusPath,
      statuses: [answer(3, 'Running', { in_progress: true }), done],
    })
    expect(resolved(await run(options))).toEqual(done.data)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    const error = { is_complete: true, is_error: true, status_message: 'Database Error' }
    serve({ submit: queued, statusPath, statuses: [answer(20, 'Error', error)] })
    expect((rejected(await run(options)) as OperationFailedError).detail).toBe('Database Error')
    const cancelled = { is_complete: true, is_success: false, is_cancelled: true }
    serve({ submit: queued, statusPath, statuses: [answer(30, 'Cancelled', cancelled)] })
    expect(rejected(await run(options))).toBeInstanceOf(OperationCanceledError)
  })

  it('Apify actor runs: READY named with classifyStatus, polled at /actor-runs/{data.id}, the dataset fetched', async () => {
    const runOf = (status: string) => ({
      data: { id: 'r1', actId: 'a1', status, defaultDatasetId: 'd1' },
    })
    const items = [{ title: 'Example Domain' }]
    const seen = serve({
      submit: handle(runOf('READY'), 201),
      statusPath: '/v1/actor-runs/r1',
      statuses: [runOf('RUNNING'), runOf('SUCCEEDED')],
      files: { '/v1/datasets/d1/items': items },
    })
    const options: ClientOptions = {
      statusLocation: '/actor-runs/{data.id}',
      classifyStatus: (word) => (word === 'READY' ? 'pending' : undefined),
      locateResult: '/datasets/{data.defaultDatasetId}/items',
    }
    expect(resolved(await run(options))).toEqual(items)
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls('/v1/actor-runs/r1', 2),
      'GET /v1/datasets/d1/items',
    ])
    serve({
      submit: handle(runOf('READY'), 201),
      statusPath: '/v1/actor-runs/r1',
      statuses: [runOf('TIMED-OUT')],
    })
    expect(rejected(await run(options))).toBeInstanceOf(OperationFailedError)
  })

  it('Prefect flow runs: Late and Retrying read by the state’s type, then Completed', async () => {
    const flowRun = (type: string, name: string) => ({
      id: 'fr-1',
      name: 'sassy-ferret',
      state_type: type,
      state_name: name,
      state: { id: 's-1', type, name, message: null },
    })
    const seen = serve({
      submit: handle(flowRun('SCHEDULED', 'Scheduled'), 201),
      statusPath: '/v1/flow_runs/fr-1',
      statuses: [
        flowRun('SCHEDULED', 'Late'),
        flowRun('RUNNING', 'Retrying'),
        flowRun('COMPLETED', 'Cached'),
      ],
    })
    expect(resolved(await run({ statusLocation: '/flow_runs/{id}' }))).toEqual(
      flowRun('COMPLETED', 'Cached'),
    )
    expect(seen).toHaveLength(4)
  })

  it('Hetzner Cloud actions: a 201 action envelope polled at /actions/{action.id}; error fails', async () => {
    const error = { code: 'action_failed', message: 'Action failed' }
    const action = (status: string, progress: number) => ({
      action: { id: 13, command: 'start_server', status, progress, error },
    })
    const options = { statusLocation: '/actions/{action.id}' }
    const seen = serve({
      submit: handle(action('running', 0), 201),
      statusPath: '/v1/actions/13',
      statuses: [action('running', 50), action('success', 100)],
    })
    expect(resolved(await run(options))).toEqual(action('success', 100))
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/actions/13', 2)])
    serve({
      submit: handle(action('running', 0), 201),
      statusPath: '/v1/actions/13',
      statuses: [action('error', 100)],
    })
    expect((rejected(await run(options)) as OperationFailedError).detail).toEqual(error)
  })

  it('GitHub source imports: a PUT answered 201 importing is polled at the resource it wrote', async () => {
    const path = '/v1/repos/octocat/socm/import'
    const source = (status: string) => ({
      vcs: 'git',
      status,
      status_text: status,
      url: `${origin}${path}`,
    })
    let reads = 0
    const seen: string[] = []
    server.use(
      http.all(`${origin}${path}`, ({ request }) => {
        seen.push(request.method)
        if (request.method === 'PUT') return HttpResponse.json(source('importing'), { status: 201 })
        reads += 1
        return HttpResponse.json(source(reads < 2 ? 'mapping' : 'complete'))
      }),
    )
    const outcome = await outcomeWithin(
      client().run('/repos/octocat/socm/import', {
        method: 'PUT',
        json: { vcs_url: 'https://svn.example.com/p' },
      }),
      10_000,
    )
    expect(resolved(outcome)).toEqual(source('complete'))
    expect(seen).toEqual(['PUT', 'GET', 'GET'])
  })

  it('GitHub codespace exports: a 202 whose export_url is the export’s status, named by statusLocation', async () => {
    const exported = (state: string) => ({
      state,
      id: 'latest',
      branch: 'b',
      sha: 'fd95a81',
      export_url: `${origin}/v1/jobs/j-1`,
    })
    const seen = serve({
      submit: handle(exported('in_progress'), 202),
      statuses: [exported('in_progress'), exported('succeeded')],
    })
    expect(rejected(await run())).toBeInstanceOf(ProtocolError)
    expect(seen).toEqual(['POST /v1/jobs'])
    serve({
      submit: handle(exported('in_progress'), 202),
      statuses: [exported('in_progress'), exported('succeeded')],
    })
    expect(resolved(await run({ statusLocation: 'export_url' }))).toEqual(exported('succeeded'))
  })

  it('Zamzar jobs: a 201 initialising job polled at /jobs/{id}, the converted file fetched by template', async () => {
    const job = (status: string, targets: object[] = []) => ({
      id: 15,
      key: 'GiVUYsF4A8ssq93FR48H',
      status,
      target_files: targets,
      target_format: 'png',
      credit_cost: 1,
    })
    const seen = serve({
      submit: handle(job('initialising'), 201),
      statusPath: '/v1/jobs/15',
      statuses: [
        job('converting'),
        job('successful', [{ id: 3, name: 'portrait.png', size: 22_103 }]),
      ],
      files: { '/v1/files/3/content': 'png bytes' },
    })
    const options = {
      statusLocation: '/jobs/{id}',
      locateResult: '/files/{target_files.0.id}/content',
    }
    expect(resolved(await run(options))).toBe('png bytes')
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/15', 2), 'GET /v1/files/3/content'])
  })

  it('Transloadit assemblies: the state in `ok` and the status at assembly_ssl_url, named by options', async () => {
    const assembly = (ok: string, results: object = {}) => ({
      ok,
      message: 'The Assembly is still in the process of being uploaded.',
      assembly_id: 'a-1',
      assembly_ssl_url: `${origin}/v1/jobs/j-1`,
      results,
    })
    const results = { resized: [{ ssl_url: 'https://tmp.example.com/r.jpg' }] }
    const options: ClientOptions = {
      statusLocation: 'assembly_ssl_url',
      stateField: (body) => {
        const { ok, error } = body as { ok?: string; error?: string }
        if (error !== undefined) return 'failed'
        return ok === 'ASSEMBLY_COMPLETED' ? 'succeeded' : 'pending'
      },
      resultField: 'results',
    }
    const seen = serve({
      submit: handle(assembly('ASSEMBLY_UPLOADING')),
      statuses: [assembly('ASSEMBLY_EXECUTING'), assembly('ASSEMBLY_COMPLETED', results)],
    })
    expect(resolved(await run(options))).toEqual(results)
    expect(seen).toEqual(['POST /v1/jobs', ...polls('/v1/jobs/j-1', 2)])
  })

  it('Linode events: an event followed through started with percent_complete, then finished', async () => {
    let reads = 0
    const progress: (number | undefined)[] = []
    server.use(
      http.get(`${origin}/v1/account/events/123`, () => {
        reads += 1
        const status = reads < 3 ? 'started' : 'finished'
        return HttpResponse.json({
          id: 123,
          action: 'linode_boot',
          status,
          percent_complete: reads * 40,
        })
      }),
    )
    const op = client().follow('/account/events/123')
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) }),
      10_000,
    )
    expect(resolved(outcome)).toMatchObject({ status: 'finished' })
    expect(progress).toEqual([0.4, 0.8, 1])
  })

  it('SendGrid contact imports: a PUT answered 202 {job_id}, polled at /marketing/contacts/imports/{job_id}', async () => {
    const job = (status: string, results: object = {}) => ({
      id: 'i-1',
      status,
      job_type: 'upsert',
      results,
    })
    const seen: string[] = []
    let reads = 0
    server.use(
      http.put(`${origin}/v1/marketing/contacts`, () => {
        seen.push('PUT')
        return HttpResponse.json({ job_id: 'i-1' }, { status: 202 })
      }),
      http.get(`${origin}/v1/marketing/contacts/imports/i-1`, () => {
        seen.push('GET')
        reads += 1
        return HttpResponse.json(
          reads < 2 ? job('pending') : job('completed', { created_count: 2 }),
        )
      }),
    )
    const outcome = await outcomeWithin(
      client({ statusLocation: '/marketing/contacts/imports/{job_id}' }).run(
        '/marketing/contacts',
        {
          method: 'PUT',
          json: { contacts: [] },
        },
      ),
      10_000,
    )
    expect(resolved(outcome)).toEqual({ created_count: 2 })
    expect(seen).toEqual(['PUT', 'GET', 'GET'])
  })

  it('Nomad: a job registration polled at its evaluation; StatusDescription says why it failed', async () => {
    const registered = {
      EvalID: 'e-1',
      EvalCreateIndex: 12,
      JobModifyIndex: 12,
      Warnings: '',
      Index: 12,
    }
    const evaluation = (status: string, description = '') => ({
      ID: 'e-1',
      Status: status,
      StatusDescription: description,
    })
    const options = { statusLocation: '/evaluation/{EvalID}' }
    const seen = serve({
      submit: handle(registered),
      statusPath: '/v1/evaluation/e-1',
      statuses: [evaluation('pending'), evaluation('blocked'), evaluation('complete')],
    })
    expect(resolved(await run(options))).toEqual(evaluation('complete'))
    expect(seen).toHaveLength(4)
    serve({
      submit: handle(registered),
      statusPath: '/v1/evaluation/e-1',
      statuses: [evaluation('failed', 'maximum attempts reached (5)')],
    })
    expect((rejected(await run(options)) as OperationFailedError).detail).toBe(
      'maximum attempts reached (5)',
    )
  })

  it('Pinecone indexes: a 201 index whose status.ready is false, polled at /indexes/{name} until ready', async () => {
    const index = (ready: boolean, state: string) => ({
      name: 'docs',
      dimension: 1536,
      status: { ready, state },
    })
    const seen = serve({
      submit: handle(index(false, 'Initializing'), 201),
      statusPath: '/v1/indexes/docs',
      statuses: [index(false, 'Initializing'), index(true, 'Ready')],
    })
    expect(resolved(await run({ statusLocation: '/indexes/{name}' }))).toEqual(index(true, 'Ready'))
    expect(seen).toHaveLength(3)
  })

  it('Google Document AI batchProcess: the Operation at /{+name}, metadata.state, then done with the response', async () => {
    const name = 'projects/p/locations/us/operations/123'
    const metadata = (state: string) => ({ '@type': 'BatchProcessMetadata', state })
    const response = { '@type': 'BatchProcessResponse' }
    const seen = serve({
      submit: handle({ name }),
      statusPath: `/v1/${name}`,
      statuses: [
        { name, metadata: metadata('RUNNING') },
        { name, metadata: metadata('SUCCEEDED'), done: true, response },
      ],
    })
    expect(resolved(await run({ statusLocation: '/{+name}' }))).toEqual(response)
    expect(seen).toHaveLength(3)
  })

  it('X media upload v2: a finalized upload whose data.processing_info is pending, polled by its STATUS command', async () => {
    const media = (info: object) => ({
      data: {
        id: '1880028106020515840',
        media_key: '13_1880028106020515840',
        processing_info: info,
      },
    })
    const seen = serve({
      submit: handle(media({ state: 'pending', check_after_secs: 1 })),
      statusPath: '/v1/media/upload',
      statuses: [
        media({ state: 'in_progress', check_after_secs: 1, progress_percent: 40 }),
        media({ state: 'succeeded', progress_percent: 100 }),
      ],
    })
    const options = { statusLocation: '/media/upload?command=STATUS&media_id={data.id}' }
    expect(resolved(await run(options))).toEqual(
      media({ state: 'succeeded', progress_percent: 100 }).data,
    )
    expect(seen).toEqual(['POST /v1/jobs', 'GET /v1/media/upload', 'GET /v1/media/upload'])
    serve({ submit: handle(media({ state: 'pending' })), statuses: [] })
    expect(rejected(await run())).toBeInstanceOf(ProtocolError)
  })

  it('Azure Durable Functions: a 202 naming statusQueryGetUri; Running, then Completed with its output', async () => {
    const instance = (runtimeStatus: string, output: JsonBodyType = null) => ({
      name: 'HelloCities',
      instanceId: 'abc123',
      runtimeStatus,
      input: null,
      customStatus: null,
      output,
    })
    const seen = serve({
      submit: () =>
        HttpResponse.json(
          {
            id: 'abc123',
            statusQueryGetUri: `${origin}/v1/instances/abc123`,
            sendEventPostUri: `${origin}/v1/instances/abc123/raiseEvent/{eventName}`,
            terminatePostUri: `${origin}/v1/instances/abc123/terminate?reason={text}`,
          },
          { status: 202, headers: { location: `${origin}/v1/instances/abc123` } },
        ),
      statusPath: '/v1/instances/abc123',
      statuses: [instance('Pending'), instance('Running'), instance('Completed', ['Hello Tokyo!'])],
    })
    expect(resolved(await run())).toEqual(['Hello Tokyo!'])
    expect(seen).toHaveLength(4)
  })

  it('GitHub Actions workflow runs: a run followed at its url until completed; its logs and jobs never fetched', async () => {
    const runUrl = `${origin}/v1/repos/o/r/actions/runs/30433642`
    const seen: string[] = []
    let reads = 0
    const run = (status: string, conclusion: string | null) => ({
      id: 30433642,
      status,
      conclusion,
      url: runUrl,
      html_url: 'https://github.com/o/r/actions/runs/30433642',
      jobs_url: `${runUrl}/jobs`,
      logs_url: `${runUrl}/logs`,
      artifacts_url: `${runUrl}/artifacts`,
    })
    const script = (last: ReturnType<typeof run>) =>
      server.use(
        http.get(`${origin}/v1/*`, ({ request }) => {
          seen.push(new URL(request.url).pathname)
          reads += 1
          if (reads === 1) return HttpResponse.json(run('queued', null))
          return HttpResponse.json(reads === 2 ? run('in_progress', null) : last)
        }),
      )
    script(run('completed', 'success'))
    const done = await outcomeWithin(client().follow(runUrl).wait(), 10_000)
    expect(resolved(done)).toEqual(run('completed', 'success'))
    expect(seen).toEqual(Array(3).fill('/v1/repos/o/r/actions/runs/30433642'))
    reads = 0
    script(run('completed', 'cancelled'))
    const stopped = await outcomeWithin(client().follow(runUrl).wait(), 10_000)
    expect(rejected(stopped)).toBeInstanceOf(OperationCanceledError)
  })
})

describe('public APIs’ documented flows, a sixth pass', () => {
  it('Salesforce Bulk API 2.0: a job closed for upload, followed through UploadComplete and InProgress to JobComplete', async () => {
    const job = (state: string, processed = 0) => ({
      id: '7505',
      operation: 'insert',
      object: 'Account',
      state,
      jobType: 'V2Ingest',
      numberRecordsProcessed: processed,
      numberRecordsFailed: 0,
    })
    const seen = serve({
      submit: handle({}),
      statusPath: '/v1/jobs/ingest/7505',
      statuses: [job('UploadComplete'), job('InProgress', 200), job('JobComplete', 500)],
    })
    const outcome = await outcomeWithin(client().follow('/jobs/ingest/7505').wait(), 10_000)
    expect(resolved(outcome)).toEqual(job('JobComplete', 500))
    expect(seen).toEqual(polls('/v1/jobs/ingest/7505', 3))
    serve({
      submit: handle({}),
      statusPath: '/v1/jobs/ingest/7505',
      statuses: [{ ...job('Failed'), errorMessage: 'InvalidBatch : Field name not found : Nmae' }],
    })
    const error = rejected(await outcomeWithin(client().follow('/jobs/ingest/7505').wait(), 10_000))
    expect((error as OperationFailedError).detail).toBe(
      'InvalidBatch : Field name not found : Nmae',
    )
  })

  it('Salesforce Metadata API deploys: a 201 deploy request polled at its url; a canceled deploy is an OperationCanceledError', async () => {
    const request = (status: string, done: boolean, success: boolean) => ({
      id: '0Af1',
      url: '/v1/metadata/deployRequest/0Af1',
      deployResult: { id: '0Af1', status, done, success, errorMessage: null },
      deployOptions: { checkOnly: false, rollbackOnError: true },
    })
    const statusPath = '/v1/metadata/deployRequest/0Af1'
    const seen = serve({
      submit: handle(request('Pending', false, false), 201),
      statusPath,
      statuses: [request('InProgress', false, false), request('Succeeded', true, true)],
    })
    expect(resolved(await run())).toEqual(request('Succeeded', true, true).deployResult)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    serve({
      submit: handle(request('Pending', false, false), 201),
      statusPath,
      statuses: [request('Canceling', false, false), request('Canceled', true, false)],
    })
    expect(rejected(await run())).toBeInstanceOf(OperationCanceledError)
  })

  it('Ansible AWX: a launched job polled at its url; canceled with failed: true is an OperationCanceledError', async () => {
    const job = (status: string) => ({
      id: 7,
      type: 'job',
      url: '/api/v2/jobs/7/',
      related: { stdout: '/api/v2/jobs/7/stdout/' },
      status,
      failed: ['failed', 'error', 'canceled'].includes(status),
      job_explanation: '',
      result_traceback: '',
    })
    const statusPath = '/api/v2/jobs/7/'
    const seen = serve({
      submit: handle({ job: 7, ignored_fields: {}, ...job('pending') }, 201),
      statusPath,
      statuses: [job('waiting'), job('running'), job('successful')],
    })
    expect(resolved(await run())).toEqual(job('successful'))
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
    serve({
      submit: handle({ job: 7, ...job('pending') }, 201),
      statusPath,
      statuses: [job('running'), job('canceled')],
    })
    expect(rejected(await run())).toBeInstanceOf(OperationCanceledError)
  })

  it('AWS Glacier: a 202 job polled at its Location; Completed with StatusCode Failed is an OperationFailedError', async () => {
    const job = (completed: boolean, statusCode: string, statusMessage: string) => ({
      Action: 'ArchiveRetrieval',
      JobId: 'HkF9',
      Completed: completed,
      StatusCode: statusCode,
      StatusMessage: statusMessage,
      Tier: 'Bulk',
    })
    const statusPath = '/v1/-/vaults/examplevault/jobs/HkF9'
    const seen = serve({
      submit: accepted(statusPath),
      statusPath,
      statuses: [
        job(false, 'InProgress', 'Operation in progress.'),
        job(true, 'Failed', 'The archive could not be retrieved'),
      ],
    })
    const error = rejected(await run())
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toBe('The archive could not be retrieved')
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
  })

  it('Mapbox tilesets: a publish answered {message, jobId}, the job polled by template through its stages', async () => {
    const job = (stage: string) => ({
      id: 'cli8a',
      stage,
      tilesetId: 'acme.hello',
      errors: [],
      warnings: [],
    })
    const statusPath = '/v1/tilesets/acme.hello/jobs/cli8a'
    const seen = serve({
      submit: handle({ message: 'Processing acme.hello', jobId: 'cli8a' }),
      statusPath,
      statuses: [job('queued'), job('processing'), job('success')],
    })
    const options = { statusLocation: '/tilesets/acme.hello/jobs/{jobId}' }
    // A queued job is no result: the stage says it runs.
    expect(resolved(await run(options))).toEqual(job('success'))
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
  })

  it('Temporal: a workflow followed until COMPLETED; TERMINATED is an OperationCanceledError', async () => {
    const execution = (status: string) => ({
      executionConfig: { taskQueue: { name: 'orders', kind: 'TASK_QUEUE_KIND_NORMAL' } },
      workflowExecutionInfo: {
        execution: { workflowId: 'order-1', runId: 'e1f0' },
        type: { name: 'OrderWorkflow' },
        status: `WORKFLOW_EXECUTION_STATUS_${status}`,
      },
      pendingActivities: [],
    })
    const statusPath = '/v1/namespaces/default/workflows/order-1'
    const follow = () => client().follow('/namespaces/default/workflows/order-1').wait()
    serve({
      submit: handle({}),
      statusPath,
      statuses: [execution('RUNNING'), execution('COMPLETED')],
    })
    expect(resolved(await outcomeWithin(follow(), 10_000))).toEqual(execution('COMPLETED'))
    serve({ submit: handle({}), statusPath, statuses: [execution('TERMINATED')] })
    expect(rejected(await outcomeWithin(follow(), 10_000))).toBeInstanceOf(OperationCanceledError)
  })

  it('Argo Workflows: a workflow followed through Pending and Running; Failed carries status.message', async () => {
    const workflow = (phase: string, message?: string) => ({
      metadata: { name: 'hello-world-x7', namespace: 'argo' },
      spec: { entrypoint: 'main' },
      status: { phase, progress: '0/1', ...(message === undefined ? {} : { message }) },
    })
    const statusPath = '/v1/workflows/argo/hello-world-x7'
    const seen = serve({
      submit: handle({}),
      statusPath,
      statuses: [
        workflow('Pending'),
        workflow('Running'),
        workflow('Failed', 'Error (exit code 1)'),
      ],
    })
    const outcome = await outcomeWithin(
      client().follow('/workflows/argo/hello-world-x7').wait(),
      10_000,
    )
    expect((rejected(outcome) as OperationFailedError).detail).toBe('Error (exit code 1)')
    expect(seen).toEqual(polls(statusPath, 3))
  })

  it('Databricks SQL statements: {statement_id, status} polled at /sql/statements/{statement_id}, the result inline', async () => {
    const statement = (state: string, more: object = {}) => ({
      statement_id: '01ed',
      status: { state },
      ...more,
    })
    const result = { chunk_index: 0, row_count: 1, data_array: [['1']] }
    const statusPath = '/v1/sql/statements/01ed'
    const options = { statusLocation: '/sql/statements/{statement_id}' }
    const seen = serve({
      submit: handle(statement('PENDING')),
      statusPath,
      statuses: [statement('RUNNING'), statement('SUCCEEDED', { manifest: {}, result })],
    })
    expect(resolved(await run(options))).toEqual(result)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    const error = { error_code: 'BAD_REQUEST', message: '[TABLE_OR_VIEW_NOT_FOUND]' }
    serve({
      submit: handle(statement('PENDING')),
      statusPath,
      statuses: [{ statement_id: '01ed', status: { state: 'FAILED', error } }],
    })
    expect((rejected(await run(options)) as OperationFailedError).detail).toEqual(error)
  })

  it('Azure Data Factory: createRun answers {runId}, polled at /pipelineruns/{runId}; Failed carries its message', async () => {
    const pipelineRun = (status: string, message = '') => ({
      runId: 'r-1',
      pipelineName: 'copy-sales',
      invokedBy: { name: 'Manual', id: 'x', invokedByType: 'Manual' },
      status,
      message,
      isLatest: true,
    })
    const statusPath = '/v1/pipelineruns/r-1'
    const options = { statusLocation: '/pipelineruns/{runId}' }
    const seen = serve({
      submit: handle({ runId: 'r-1' }),
      statusPath,
      statuses: [pipelineRun('Queued'), pipelineRun('InProgress'), pipelineRun('Succeeded')],
    })
    expect(resolved(await run(options))).toEqual(pipelineRun('Succeeded'))
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
    const message = 'Operation on target Copy1 failed: ErrorCode=UserErrorSourceBlobNotExists'
    serve({
      submit: handle({ runId: 'r-1' }),
      statusPath,
      statuses: [pipelineRun('Failed', message)],
    })
    expect((rejected(await run(options)) as OperationFailedError).detail).toBe(message)
  })

  it('Google Cloud Translation batchTranslateText: the Operation polled at /v1/{name}, done with its response; cancelled is an OperationCanceledError', async () => {
    const name = 'projects/123/locations/us-central1/operations/op-1'
    const metadata = (state: string) => ({
      '@type': 'type.googleapis.com/google.cloud.translation.v3.BatchTranslateMetadata',
      state,
      totalCharacters: '5000',
    })
    const response = {
      '@type': 'type.googleapis.com/google.cloud.translation.v3.BatchTranslateResponse',
      totalCharacters: '5000',
      translatedCharacters: '5000',
    }
    const statusPath = `/v1/${name}`
    const seen = serve({
      submit: handle({ name, metadata: metadata('RUNNING') }),
      statusPath,
      statuses: [
        { name, metadata: metadata('RUNNING') },
        { name, metadata: metadata('SUCCEEDED'), done: true, response },
      ],
    })
    expect(resolved(await run())).toEqual(response)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    serve({
      submit: handle({ name, metadata: metadata('RUNNING') }),
      statusPath,
      statuses: [
        { name, metadata: metadata('CANCELLING') },
        {
          name,
          metadata: metadata('CANCELLED'),
          done: true,
          error: { code: 1, message: 'Operation cancelled' },
        },
      ],
    })
    expect(rejected(await run())).toBeInstanceOf(OperationCanceledError)
  })

  it('Jira async tasks: a DELETE answered 303 to its task, polled through RUNNING to COMPLETE with the task', async () => {
    const task = (status: string, more: object = {}) => ({
      self: `${origin}/v1/task/10641`,
      id: '10641',
      description: 'Remove field',
      status,
      message: '',
      progress: 0,
      ...more,
    })
    const seen: string[] = []
    let reads = 0
    server.use(
      http.delete(`${origin}/v1/field/customfield_10000`, () => {
        seen.push('DELETE')
        return HttpResponse.json(task('ENQUEUED'), {
          status: 303,
          headers: { location: `${origin}/v1/task/10641` },
        })
      }),
      http.get(`${origin}/v1/task/10641`, () => {
        seen.push('GET')
        reads += 1
        return HttpResponse.json(
          reads < 3
            ? task('RUNNING', { progress: reads * 40 })
            : task('COMPLETE', { progress: 100, result: '{"deletedFields":1}' }),
        )
      }),
    )
    const outcome = await outcomeWithin(
      client().run('/field/customfield_10000', { method: 'DELETE' }),
      10_000,
    )
    // The 303 named the task as the result: once it ends, the task is what the DELETE made.
    expect(resolved(outcome)).toEqual(
      task('COMPLETE', { progress: 100, result: '{"deletedFields":1}' }),
    )
    expect(seen).toEqual(['DELETE', 'GET', 'GET', 'GET'])
  })

  it('Microsoft Fabric long-running operations: 202 with Location and x-ms-operation-id, Running, then Succeeded with the result in its Location', async () => {
    const operation = `${origin}/v1/operations/0acd697c`
    const state = (status: string, percentComplete: number) => ({
      status,
      createdTimeUtc: '2024-01-01T00:00:00Z',
      lastUpdatedTimeUtc: '2024-01-01T00:00:09Z',
      percentComplete,
      error: null,
    })
    const item = { id: '5b218778', type: 'Notebook', displayName: 'Notebook 1' }
    const seen: string[] = []
    let reads = 0
    server.use(
      http.post(`${origin}/v1/workspaces/cfafbeb1/items`, () => {
        seen.push('POST items')
        return new HttpResponse(null, {
          status: 202,
          headers: { location: operation, 'x-ms-operation-id': '0acd697c', 'retry-after': '1' },
        })
      }),
      http.get(operation, () => {
        seen.push('GET operation')
        reads += 1
        return reads < 3
          ? HttpResponse.json(state('Running', reads * 40), { headers: { 'retry-after': '1' } })
          : HttpResponse.json(state('Succeeded', 100), {
              headers: { location: `${operation}/result` },
            })
      }),
      http.get(`${operation}/result`, () => {
        seen.push('GET result')
        return HttpResponse.json(item)
      }),
    )
    const outcome = await outcomeWithin(
      client().run('/workspaces/cfafbeb1/items', { json: { displayName: 'Notebook 1' } }),
      10_000,
    )
    expect(resolved(outcome)).toEqual(item)
    expect(seen).toEqual([
      'POST items',
      'GET operation',
      'GET operation',
      'GET operation',
      'GET result',
    ])
  })
})

describe('public APIs’ documented flows, a seventh pass', () => {
  it('TeamCity builds: a queued build polled at /builds/id:{id}; running with SUCCESS so far is no end; FAILURE with its statusText', async () => {
    const build = (state: string, more: object = {}) => ({
      id: 2347,
      buildTypeId: 'MyProject_Build',
      state,
      href: '/v1/builds/id:2347',
      webUrl: 'https://teamcity.example.com/viewLog.html?buildId=2347',
      ...more,
    })
    const statusPath = '/v1/builds/id:2347'
    const statusLocation = '/builds/id:{id}'
    const seen = serve({
      submit: handle(build('queued', { waitReason: 'Waiting for an agent' })),
      statusPath,
      statuses: [
        build('running', { status: 'SUCCESS', percentageComplete: 40 }),
        build('running', { status: 'FAILURE', percentageComplete: 80 }),
        build('finished', { status: 'FAILURE', statusText: 'Tests failed: 1 (1 new), passed: 39' }),
      ],
    })
    const error = rejected(await run({ statusLocation }))
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toBe('Tests failed: 1 (1 new), passed: 39')
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
    const done = build('finished', { status: 'SUCCESS', statusText: 'Tests passed: 40' })
    serve({
      submit: handle(build('queued')),
      statusPath,
      statuses: [build('running', { status: 'SUCCESS' }), done],
    })
    // Its href is the build itself, the status location: the build is the result.
    expect(resolved(await run({ statusLocation }))).toEqual(done)
  })

  it('Quay builds: a 201 build whose status holds figures, polled through its phases to complete', async () => {
    const build = (phase: string, status: object = {}) => ({
      id: 'e8a2f4f4',
      phase,
      started: 'Mon, 01 Jan 2024 00:00:00 -0000',
      display_name: 'abc1234',
      status,
      tags: ['latest'],
      error: null,
    })
    const statusPath = '/v1/repository/acme/api/build/e8a2f4f4'
    const seen = serve({
      submit: handle(build('waiting'), 201),
      statusPath,
      statuses: [
        build('pulling', { heartbeat: 1704067200 }),
        build('building', { heartbeat: 1704067210, current_command: 2, total_commands: 5 }),
        build('complete', { heartbeat: 1704067220, current_command: 5, total_commands: 5 }),
      ],
    })
    const done = build('complete', { heartbeat: 1704067220, current_command: 5, total_commands: 5 })
    expect(resolved(await run({ statusLocation: '/repository/acme/api/build/{id}' }))).toEqual(done)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
  })

  it('Intercom data exports: polled at /export/content/data/{job_identifier}, then its download_url fetched', async () => {
    const job = (status: string, download_url = '') => ({
      job_identifier: 'orzzsbd7hk67xyu',
      status,
      download_expires_at: '',
      download_url,
    })
    const statusPath = '/v1/export/content/data/orzzsbd7hk67xyu'
    const rows = { conversations: [{ id: '1', subject: 'Hello' }] }
    const seen = serve({
      submit: handle(job('pending')),
      statusPath,
      statuses: [job('in_progress'), job('completed', `${origin}/download/content/data/xyz1234`)],
      files: { '/download/content/data/xyz1234': rows },
    })
    const outcome = await run({ statusLocation: '/export/content/data/{job_identifier}' })
    expect(resolved(outcome)).toEqual(rows)
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls(statusPath, 2),
      'GET /download/content/data/xyz1234',
    ])
    serve({ submit: handle(job('pending')), statusPath, statuses: [job('no_data')] })
    const error = rejected(await run({ statusLocation: '/export/content/data/{job_identifier}' }))
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toContain('Unknown status word "no_data"')
  })

  it('Meta async report runs: {report_run_id} polled at /{report_run_id} while Job Running, the rows fetched from /{id}/insights', async () => {
    const run_ = (status: string, percent: number) => ({
      id: '6041121209216',
      account_id: '1234567890',
      async_status: status,
      async_percent_completion: percent,
      date_start: '2024-01-01',
      date_stop: '2024-01-31',
    })
    const statusPath = '/v1/6041121209216'
    const insights = { data: [{ impressions: '1200', spend: '12.5' }], paging: {} }
    const seen = serve({
      submit: handle({ report_run_id: '6041121209216' }),
      statusPath,
      statuses: [run_('Job Started', 0), run_('Job Running', 45), run_('Job Completed', 100)],
      files: { '/v1/6041121209216/insights': insights },
    })
    const progress: (number | undefined)[] = []
    const op = await client({
      statusLocation: '/{report_run_id}',
      locateResult: '/{id}/insights',
    }).start('/jobs', { json: {} })
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) }),
      10_000,
    )
    expect(resolved(outcome)).toEqual(insights)
    expect(progress).toEqual([0, 0.45, 1])
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls(statusPath, 3),
      'GET /v1/6041121209216/insights',
    ])
  })

  it('Azure AI Language: a 202 with Operation-Location, notStarted and running, then succeeded with its tasks', async () => {
    const monitor = `${origin}/language/analyze-text/jobs/3f5d1c2e?api-version=2023-04-01`
    const job = (status: string, completed: number) => ({
      jobId: '3f5d1c2e',
      createdDateTime: '2024-01-01T00:00:00Z',
      lastUpdatedDateTime: '2024-01-01T00:00:05Z',
      status,
      errors: [],
      tasks: { completed, failed: 0, inProgress: 1 - completed, total: 1, items: [] },
    })
    const done = {
      ...job('succeeded', 1),
      tasks: {
        completed: 1,
        failed: 0,
        inProgress: 0,
        total: 1,
        items: [
          { kind: 'EntityRecognitionLROResults', status: 'succeeded', results: { documents: [] } },
        ],
      },
    }
    let reads = 0
    server.use(
      http.post(
        `${origin}/v1/jobs`,
        () => new HttpResponse(null, { status: 202, headers: { 'operation-location': monitor } }),
      ),
      http.get(`${origin}/language/analyze-text/jobs/3f5d1c2e`, () => {
        reads += 1
        return HttpResponse.json(
          reads === 1 ? job('notStarted', 0) : reads === 2 ? job('running', 0) : done,
        )
      }),
    )
    expect(resolved(await run())).toEqual(done)
    expect(reads).toBe(3)
  })

  it('Azure Key Vault full backup: a 202 with Azure-AsyncOperation and its InProgress body; Failed carries its error', async () => {
    const monitor = `${origin}/backup/3c2d6e1a/pending`
    const job = (status: string, error: object | null = null) => ({
      status,
      statusDetails: null,
      error,
      startTime: 1704067200,
      endTime: status === 'InProgress' ? null : 1704067260,
      jobId: '3c2d6e1a',
      azureStorageBlobContainerUri:
        status === 'Succeeded' ? 'https://mystorage.blob.core.windows.net/backup/mhsm-2024' : null,
    })
    const error = {
      code: 'StorageAccessDenied',
      message: 'The SAS token is not valid.',
      innererror: null,
    }
    const serveBackup = (last: object) => {
      let reads = 0
      server.use(
        http.post(`${origin}/v1/jobs`, () =>
          HttpResponse.json(job('InProgress'), {
            status: 202,
            headers: { 'azure-asyncoperation': monitor, 'retry-after': '1' },
          }),
        ),
        http.get(monitor, () => {
          reads += 1
          return HttpResponse.json(reads === 1 ? job('InProgress') : last)
        }),
      )
      return () => reads
    }
    const reads = serveBackup(job('Succeeded'))
    expect(resolved(await run())).toEqual(job('Succeeded'))
    expect(reads()).toBe(2)
    serveBackup(job('Failed', error))
    const failure = rejected(await run())
    expect(failure).toBeInstanceOf(OperationFailedError)
    expect((failure as OperationFailedError).detail).toMatchObject(error)
  })

  it('Azure Key Vault certificates: a 202 to the pending operation, inProgress, then completed; locateResult names its target', async () => {
    const pendingPath = '/v1/certificates/mycert/pending'
    const operation = (status: string, more: object = {}) => ({
      id: `${origin}${pendingPath}`,
      issuer: { name: 'Self' },
      csr: 'MIICoDCCAYgCAQAwEzERMA8GA1UEAxMIQ2VydDIwMTU',
      cancellation_requested: false,
      status,
      status_details: status === 'inProgress' ? 'Pending certificate created.' : '',
      request_id: 'a76827a18b63421c917da80f28e9913d',
      ...more,
    })
    const certificate = {
      id: `${origin}/v1/certificates/mycert/f366e1a9dd774288ad6ef6d7e3f6d2c1`,
      x5t: 'fLi3U52HunIVNXubkEnf8tP6Wbo',
      attributes: { enabled: true, created: 1704067200 },
      policy: { issuer: { name: 'Self' } },
    }
    const seen = serve({
      submit: () =>
        HttpResponse.json(operation('inProgress'), {
          status: 202,
          headers: { location: pendingPath },
        }),
      statusPath: pendingPath,
      statuses: [
        operation('inProgress'),
        operation('completed', { target: `${origin}/v1/certificates/mycert` }),
      ],
      files: { '/v1/certificates/mycert': certificate },
    })
    expect(resolved(await run({ locateResult: 'target' }))).toEqual(certificate)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(pendingPath, 2), 'GET /v1/certificates/mycert'])
    // With zero configuration the completed operation is the result, its target kept in it.
    serve({
      submit: () =>
        HttpResponse.json(operation('inProgress'), {
          status: 202,
          headers: { location: pendingPath },
        }),
      statusPath: pendingPath,
      statuses: [operation('completed', { target: `${origin}/v1/certificates/mycert` })],
    })
    expect(resolved(await run())).toMatchObject({
      status: 'completed',
      target: `${origin}/v1/certificates/mycert`,
    })
  })

  it('Firestore exports: the Operation polled at /v1/{name}, its operationState PROCESSING then CANCELLING; cancelled is an OperationCanceledError', async () => {
    const name = 'projects/acme/databases/default/operations/ASA1MTAxNTY2'
    const operation = (operationState: string, more: object = {}) => ({
      name,
      metadata: {
        '@type': 'type.googleapis.com/google.firestore.admin.v1.ExportDocumentsMetadata',
        operationState,
        progressDocuments: { completedWork: '5000', estimatedWork: '10000' },
        outputUriPrefix: 'gs://acme-backups/2024-01-01',
      },
      ...more,
    })
    const statusPath = `/v1/${name}`
    const error = { code: 1, message: 'The operation was cancelled.' }
    const seen = serve({
      submit: handle(operation('PROCESSING')),
      statusPath,
      statuses: [
        operation('PROCESSING'),
        operation('CANCELLING'),
        operation('CANCELLED', { done: true, error }),
      ],
    })
    expect(rejected(await run())).toBeInstanceOf(OperationCanceledError)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
  })

  it('Harness pipelines: every answer SUCCESS, the execution polled at its planExecutionId until the pipeline ends', async () => {
    const summary = (status: string, more: object = {}) => ({
      status: 'SUCCESS',
      data: {
        pipelineExecutionSummary: {
          pipelineIdentifier: 'deploy_api',
          planExecutionId: 'kP2kq7W0',
          status,
          failureInfo: { message: '', failureTypeList: [], responseMessages: [] },
          ...more,
        },
      },
      metaData: null,
      correlationId: 'c-1',
    })
    const statusPath = '/v1/pipelines/execution/v2/kP2kq7W0'
    const submit = handle({
      status: 'SUCCESS',
      data: { planExecution: { uuid: 'kP2kq7W0', status: 'RUNNING', startTs: 1704067200000 } },
      metaData: null,
      correlationId: 'c-0',
    })
    const statusLocation = '/pipelines/execution/v2/{data.planExecution.uuid}'
    const failureInfo = {
      message: 'Deployment failed: rollout did not reach a steady state',
      failureTypeList: ['APPLICATION_ERROR'],
      responseMessages: [],
    }
    const seen = serve({
      submit,
      statusPath,
      statuses: [
        summary('Running'),
        summary('ApprovalWaiting'),
        summary('Failed', { failureInfo }),
      ],
    })
    const error = rejected(await run({ statusLocation }))
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toEqual(failureInfo)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
    serve({ submit, statusPath, statuses: [summary('Running'), summary('Success')] })
    expect(resolved(await run({ statusLocation }))).toEqual(summary('Success').data)
  })

  it('Uploadcare conversions: the token of the submit’s result array names the status, finished with the new file', async () => {
    const statusPath = '/v1/convert/document/status/445630631/'
    const status = (word: string, result: object = {}) => ({ status: word, error: null, result })
    const file = { uuid: '500196bc-9da5-4aaf-8f3e-70a4ce86edae' }
    const seen = serve({
      submit: handle({
        problems: {},
        result: [
          {
            original_source: '685f0d02-c5b5-4a2a-9d8f-ee2f8b6a1d3c/document/-/format/pdf/',
            uuid: '500196bc-9da5-4aaf-8f3e-70a4ce86edae',
            token: 445630631,
          },
        ],
      }),
      statusPath,
      statuses: [status('pending'), status('processing'), status('finished', file)],
    })
    const outcome = await run({ statusLocation: '/convert/document/status/{result.0.token}/' })
    expect(resolved(outcome)).toEqual(file)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
  })
})

describe('public APIs’ documented flows, an eighth pass', () => {
  it('GitHub Pages deployments: status_url followed through its stages, finished_file_sync among them, to succeed', async () => {
    const statusPath = '/v1/repos/octocat/site/pages/deployments/4fd754f7'
    const seen = serve({
      submit: handle({
        id: '4fd754f7e594640989b406850d0bc8f06a121251',
        status_url: `${origin}${statusPath}`,
        page_url: 'https://octocat.github.io/site/',
      }),
      statusPath,
      statuses: [
        { status: 'deployment_queued' },
        { status: 'syncing_files' },
        { status: 'finished_file_sync' },
        { status: 'updating_pages' },
        { status: 'succeed' },
      ],
    })
    // A file sync that finished is a stage: the deployment goes on to update the pages.
    expect(resolved(await run())).toEqual({ status: 'succeed' })
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 5)])
  })

  it('Firebase Test Lab: a test matrix polled at its id; FINISHED with outcomeSummary FAILURE is an OperationFailedError', async () => {
    const matrix = (state: string, more: object = {}) => ({
      testMatrixId: 'matrix-1x2y3z',
      projectId: 'acme',
      state,
      testExecutions: [{ id: '1', state }],
      resultStorage: { googleCloudStorage: { gcsPath: 'gs://acme-test-results/run-1' } },
      ...more,
    })
    const statusPath = '/v1/projects/acme/testMatrices/matrix-1x2y3z'
    const statusLocation = '/projects/{projectId}/testMatrices/{testMatrixId}'
    const seen = serve({
      submit: handle(matrix('VALIDATING')),
      statusPath,
      statuses: [
        matrix('PENDING'),
        matrix('RUNNING'),
        matrix('FINISHED', { outcomeSummary: 'FAILURE' }),
      ],
    })
    expect(rejected(await run({ statusLocation }))).toBeInstanceOf(OperationFailedError)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
    const passed = matrix('FINISHED', { outcomeSummary: 'SUCCESS' })
    serve({ submit: handle(matrix('VALIDATING')), statusPath, statuses: [passed] })
    expect(resolved(await run({ statusLocation }))).toEqual(passed)
  })

  it('Kudu zipdeploy: a 202 to /api/deployments/latest whose numeric status is refused, then read by a stateField function', async () => {
    const deployment = (status: number, complete: boolean) => ({
      id: 'c5e6a8f1',
      status,
      status_text: '',
      deployer: 'Push-Deployer',
      message: 'Created via a push deployment',
      complete,
      active: status === 4,
      url: `${origin}/api/deployments/c5e6a8f1`,
      log_url: `${origin}/api/deployments/c5e6a8f1/log`,
    })
    const statusPath = '/api/deployments/latest'
    const script = (last: object) => ({
      submit: accepted(statusPath),
      statusPath,
      statuses: [deployment(1, false), deployment(2, false), last],
    })
    serve(script(deployment(3, true)))
    // Never a success by guess: 3 is a failure in Kudu's own codes.
    const refused = rejected(await run())
    expect(refused).toBeInstanceOf(ProtocolError)
    expect((refused as Error).message).toContain('Status field `status` is 1, not a status word')
    const stateField = (body: unknown) => {
      const { status } = body as { status: number }
      return status === 4 ? 'succeeded' : status === 3 ? 'failed' : 'pending'
    }
    const seen = serve(script(deployment(3, true)))
    const failure = rejected(await run({ stateField, failureField: 'log_url' }))
    expect(failure).toBeInstanceOf(OperationFailedError)
    expect((failure as OperationFailedError).detail).toBe(`${origin}/api/deployments/c5e6a8f1/log`)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
    // Its `url` is the deployment by id, fetched once it succeeded.
    const done = deployment(4, true)
    serve({ ...script(done), files: { '/api/deployments/c5e6a8f1': done } })
    expect(resolved(await run({ stateField }))).toEqual(done)
  })

  it('Transifex async downloads: a 202 JSON:API job polled at data.links.self, then 303 See Other to the file', async () => {
    const selfPath = '/v1/resource_translations_async_downloads/4abfc726'
    const job = (status: string) => ({
      data: {
        id: '4abfc726',
        type: 'resource_translations_async_downloads',
        attributes: { status, errors: [], date_created: '2024-01-01T00:00:00Z' },
        links: { self: `${origin}${selfPath}` },
      },
    })
    const file = { greeting: 'Bonjour' }
    const seen: string[] = []
    let reads = 0
    server.use(
      http.post(`${origin}/v1/jobs`, () => HttpResponse.json(job('pending'), { status: 202 })),
      http.get(`${origin}${selfPath}`, () => {
        seen.push('GET status')
        reads += 1
        if (reads === 1) return HttpResponse.json(job('processing'))
        return new HttpResponse(null, {
          status: 303,
          headers: { location: `${origin}/files/fr.json` },
        })
      }),
      http.get(`${origin}/files/fr.json`, () => {
        seen.push('GET file')
        return HttpResponse.json(file)
      }),
    )
    expect(resolved(await run())).toEqual(file)
    expect(seen).toEqual(['GET status', 'GET status', 'GET file'])
  })

  it('Smartling job batches: the batch uid in response.data, its status read in response.data until COMPLETED', async () => {
    const batch = (status: string) => ({
      response: {
        code: 'SUCCESS',
        data: { authorized: true, generalErrors: null, projectId: 'a1b2c3d4e', status },
      },
    })
    const statusPath = '/v1/job-batches-api/v2/projects/a1b2c3d4e/batches/ff8fn3nq5ng8'
    const seen = serve({
      submit: handle({ response: { code: 'SUCCESS', data: { batchUid: 'ff8fn3nq5ng8' } } }),
      statusPath,
      statuses: [batch('ONGOING'), batch('EXECUTING'), batch('COMPLETED')],
    })
    const outcome = await run({
      statusLocation: '/job-batches-api/v2/projects/a1b2c3d4e/batches/{response.data.batchUid}',
    })
    // Nothing in the batch names a result: the answer's `response` is it.
    expect(resolved(outcome)).toEqual(batch('COMPLETED').response)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
  })

  it('Crowdin translation builds: a 201 build polled at its id with progress, the archive link fetched by template', async () => {
    const build = (status: string, progress: number) => ({
      data: { id: 2, projectId: 8, status, progress, createdAt: '2024-01-01T00:00:00+00:00' },
    })
    const statusPath = '/v1/projects/8/translations/builds/2'
    const download = {
      data: {
        url: 'https://production-enterprise-tmp.downloads.crowdin.com/exported.zip',
        expireIn: '2024-01-01T00:30:00+00:00',
      },
    }
    const seen = serve({
      submit: handle(build('created', 0), 201),
      statusPath,
      statuses: [build('inProgress', 50), build('finished', 100)],
      files: { '/v1/projects/8/translations/builds/2/download': download },
    })
    const progress: (number | undefined)[] = []
    const op = await client({
      statusLocation: '/projects/{data.projectId}/translations/builds/{data.id}',
      locateResult: '/projects/{data.projectId}/translations/builds/{data.id}/download',
    }).start('/jobs', { json: {} })
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) }),
      10_000,
    )
    expect(resolved(outcome)).toEqual(download)
    expect(progress).toEqual([0.5, 1])
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls(statusPath, 2),
      'GET /v1/projects/8/translations/builds/2/download',
    ])
  })

  it('RunPod serverless: {id, status: IN_QUEUE} polled at /status/{id}; COMPLETED with its output; FAILED with its error', async () => {
    const job = (status: string, more: object = {}) => ({ id: 'job-7f3a', status, ...more })
    const statusPath = '/v1/status/job-7f3a'
    const output = { text: 'a cat on a mat' }
    const seen = serve({
      submit: handle(job('IN_QUEUE')),
      statusPath,
      statuses: [
        job('IN_QUEUE'),
        job('IN_PROGRESS'),
        job('COMPLETED', { output, executionTime: 3391 }),
      ],
    })
    expect(resolved(await run({ statusLocation: '/status/{id}' }))).toEqual(output)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
    serve({
      submit: handle(job('IN_QUEUE')),
      statusPath,
      statuses: [job('FAILED', { error: 'CUDA out of memory' })],
    })
    const failure = rejected(await run({ statusLocation: '/status/{id}' }))
    expect(failure).toBeInstanceOf(OperationFailedError)
    expect((failure as OperationFailedError).detail).toBe('CUDA out of memory')
  })

  it('Heroku app setups: a 201 pending setup polled at /app-setups/{id}; failed carries its failure_message', async () => {
    const setup = (status: string, failure_message: string | null = null) => ({
      id: '01234567-89ab-cdef-0123-456789abcdef',
      app: { id: '01234567-89ab-cdef-0123-456789abcdee', name: 'example' },
      build: { id: '01234567-89ab-cdef-0123-456789abcded', status: 'pending' },
      status,
      failure_message,
      manifest_errors: [],
      postdeploy: null,
      resolved_success_url: null,
    })
    const statusPath = '/v1/app-setups/01234567-89ab-cdef-0123-456789abcdef'
    const seen = serve({
      submit: handle(setup('pending'), 201),
      statusPath,
      statuses: [setup('pending'), setup('failed', 'invalid app.json')],
    })
    const failure = rejected(await run({ statusLocation: '/app-setups/{id}' }))
    expect(failure).toBeInstanceOf(OperationFailedError)
    expect((failure as OperationFailedError).detail).toBe('invalid app.json')
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
  })

  it('DigitalOcean App Platform: a deployment polled through its phases; ACTIVE named with classifyStatus; CANCELED', async () => {
    const deployment = (phase: string) => ({
      deployment: {
        id: 'b6bdf840',
        cause: 'manual',
        phase,
        progress: { success_steps: 2, total_steps: 6 },
      },
    })
    const statusPath = '/v1/apps/app-1/deployments/b6bdf840'
    const statusLocation = '/apps/app-1/deployments/{deployment.id}'
    const classifyStatus = (word: string) =>
      word === 'ACTIVE' ? ('succeeded' as const) : undefined
    const seen = serve({
      submit: handle(deployment('PENDING_BUILD')),
      statusPath,
      statuses: [deployment('BUILDING'), deployment('DEPLOYING'), deployment('ACTIVE')],
    })
    expect(resolved(await run({ statusLocation, classifyStatus }))).toEqual(deployment('ACTIVE'))
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
    serve({
      submit: handle(deployment('PENDING_BUILD')),
      statusPath,
      statuses: [deployment('BUILDING'), deployment('CANCELED')],
    })
    expect(rejected(await run({ statusLocation, classifyStatus }))).toBeInstanceOf(
      OperationCanceledError,
    )
  })

  it('Azure Logic Apps asynchronous response: 202 with Location and Retry-After, 202 again, then 200 with the workflow’s answer', async () => {
    const statusPath = '/v1/workflows/wf/runs/08585/operations/op-1'
    const answer = { orderId: 'A-42', shipped: true }
    const seen: string[] = []
    let reads = 0
    server.use(
      http.post(`${origin}/v1/jobs`, () => {
        seen.push('POST')
        return new HttpResponse(null, {
          status: 202,
          headers: { location: `${origin}${statusPath}`, 'retry-after': '2' },
        })
      }),
      http.get(`${origin}${statusPath}`, () => {
        seen.push('GET')
        reads += 1
        if (reads < 3) {
          return new HttpResponse(null, {
            status: 202,
            headers: { location: `${origin}${statusPath}`, 'retry-after': '2' },
          })
        }
        return HttpResponse.json(answer)
      }),
    )
    expect(resolved(await run())).toEqual(answer)
    expect(seen).toEqual(['POST', 'GET', 'GET', 'GET'])
  })
})

describe('public APIs’ documented flows, a ninth pass', () => {
  it('Kestra: an execution created, polled at /executions/{id} while state.current runs, then SUCCESS', async () => {
    const execution = (current: string) => ({
      id: '4Zm5ZHXZbXlk9VWlkqCxd7',
      namespace: 'company.team',
      flowId: 'etl',
      state: { current, histories: [{ state: 'CREATED', date: '2024-01-01T00:00:00Z' }] },
    })
    const statusPath = '/v1/executions/4Zm5ZHXZbXlk9VWlkqCxd7'
    const seen = serve({
      submit: handle(execution('CREATED')),
      statusPath,
      statuses: [execution('RUNNING'), execution('RUNNING'), execution('SUCCESS')],
    })
    expect(resolved(await run({ statusLocation: '/executions/{id}' }))).toEqual(
      execution('SUCCESS'),
    )
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
    serve({
      submit: handle(execution('CREATED')),
      statusPath,
      statuses: [execution('KILLING'), execution('KILLED')],
    })
    expect(rejected(await run({ statusLocation: '/executions/{id}' }))).toBeInstanceOf(
      OperationCanceledError,
    )
  })

  it('Paystack bulk charges: {status: true, data: {batch_code}} polled at /bulkcharge/{data.batch_code} through active and paused until complete', async () => {
    const batch = (status: string, pending: number) => ({
      status: true,
      message: 'Bulk charge batch retrieved',
      data: {
        domain: 'test',
        batch_code: 'BCH_180tl7oq7cayggh',
        status,
        id: 17,
        total_charges: 2,
        pending_charges: pending,
      },
    })
    const statusPath = '/v1/bulkcharge/BCH_180tl7oq7cayggh'
    const seen = serve({
      submit: handle({
        status: true,
        message: 'Charges have been queued',
        data: {
          batch_code: 'BCH_180tl7oq7cayggh',
          reference: 'bulkcharge-1',
          id: 17,
          status: 'active',
        },
      }),
      statusPath,
      statuses: [batch('active', 2), batch('paused', 1), batch('complete', 0)],
    })
    const done = resolved(await run({ statusLocation: '/bulkcharge/{data.batch_code}' }))
    expect(done).toEqual(batch('complete', 0).data)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
  })

  it('Selling Partner API reports: {reportId} polled through IN_QUEUE and IN_PROGRESS; DONE fetches its document; FATAL is an OperationFailedError', async () => {
    const report = (processingStatus: string, more: object = {}) => ({
      reportId: 'ID323',
      reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
      processingStatus,
      ...more,
    })
    const statusPath = '/v1/reports/2021-06-30/reports/ID323'
    const documentPath = '/v1/reports/2021-06-30/documents/DOC-1'
    const document = { reportDocumentId: 'DOC-1', url: 'https://tortuga-prod-na.example.com/doc' }
    const options = {
      statusLocation: '/reports/2021-06-30/reports/{reportId}',
      locateResult: '/reports/2021-06-30/documents/{reportDocumentId}',
    }
    const seen = serve({
      submit: handle({ reportId: 'ID323' }, 202),
      statusPath,
      statuses: [
        report('IN_QUEUE'),
        report('IN_PROGRESS'),
        report('DONE', { reportDocumentId: 'DOC-1' }),
      ],
      files: { [documentPath]: document },
    })
    expect(resolved(await run(options))).toEqual(document)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3), `GET ${documentPath}`])
    serve({
      submit: handle({ reportId: 'ID323' }, 202),
      statusPath,
      statuses: [report('IN_PROGRESS'), report('FATAL', { reportDocumentId: 'DOC-err' })],
    })
    expect(rejected(await run(options))).toBeInstanceOf(OperationFailedError)
  })

  it('Trigger.dev: a triggered run polled at /api/v3/runs/{id}; COMPLETED resolves with its output; CANCELED is an OperationCanceledError', async () => {
    // The flags that say how the run ended; the unit replay has the rest of the run.
    const runBody = (status: string, flags: object, more: object = {}) => ({
      id: 'run_1234',
      status,
      isCompleted: false,
      isSuccess: false,
      isCancelled: false,
      ...flags,
      ...more,
    })
    const statusPath = '/v1/api/v3/runs/run_1234'
    const options = { statusLocation: '/api/v3/runs/{id}' }
    const seen = serve({
      submit: handle({ id: 'run_1234' }),
      statusPath,
      statuses: [
        runBody('QUEUED', { isQueued: true }),
        runBody('EXECUTING', { isExecuting: true }),
        runBody('FROZEN', {}),
        runBody('COMPLETED', { isCompleted: true, isSuccess: true }, { output: { pages: 3 } }),
      ],
    })
    expect(resolved(await run(options))).toEqual({ pages: 3 })
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 4)])
    serve({
      submit: handle({ id: 'run_1234' }),
      statusPath,
      statuses: [
        runBody('EXECUTING', { isExecuting: true }),
        runBody('CANCELED', { isCompleted: true, isCancelled: true }),
      ],
    })
    expect(rejected(await run(options))).toBeInstanceOf(OperationCanceledError)
  })

  it('OpenAI Assistants runs: queued and in_progress polled; requires_action is a ProtocolError naming the word; expired is an OperationFailedError', async () => {
    const runBody = (status: string) => ({
      id: 'run_abc123',
      object: 'thread.run',
      thread_id: 'thread_abc123',
      assistant_id: 'asst_abc123',
      status,
      last_error: null,
      required_action:
        status === 'requires_action'
          ? { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [] } }
          : null,
    })
    const statusPath = '/v1/threads/thread_abc123/runs/run_abc123'
    const options = { statusLocation: '/threads/{thread_id}/runs/{id}' }
    const seen = serve({
      submit: handle(runBody('queued')),
      statusPath,
      statuses: [runBody('in_progress'), runBody('requires_action')],
    })
    const refused = rejected(await run(options))
    expect(refused).toBeInstanceOf(ProtocolError)
    expect((refused as Error).message).toContain('Unknown status word "requires_action"')
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    serve({
      submit: handle(runBody('queued')),
      statusPath,
      statuses: [runBody('in_progress'), runBody('expired')],
    })
    expect(rejected(await run(options))).toBeInstanceOf(OperationFailedError)
  })

  it('Creatomate: the render array’s first id polled; planned named with classifyStatus; succeeded fetches the render at its url', async () => {
    const render = (status: string) => ({
      id: 'a862048b',
      status,
      url: `${origin}/renders/a862048b.mp4`,
      snapshot_url: `${origin}/snapshots/a862048b.jpg`,
      output_format: 'mp4',
    })
    const statusPath = '/v1/renders/a862048b'
    const video = { bytes: 'the render' }
    const seen = serve({
      submit: handle([render('planned')], 202),
      statusPath,
      statuses: [render('planned'), render('rendering'), render('succeeded')],
      files: { '/renders/a862048b.mp4': video },
    })
    const options = {
      statusLocation: ({ body }: { body: unknown }) =>
        `/v1/renders/${(body as { id: string }[])[0]?.id}`,
      classifyStatus: (word: string) => (word === 'planned' ? ('pending' as const) : undefined),
    }
    expect(resolved(await run(options))).toEqual(video)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3), 'GET /renders/a862048b.mp4'])
  })

  it('Bright Data: a triggered snapshot polled at its progress; ready named with classifyStatus, the data fetched from the snapshot', async () => {
    const statusPath = '/v1/datasets/v3/progress/s_m4x7enmven8djfqak'
    const snapshotPath = '/v1/datasets/v3/snapshot/s_m4x7enmven8djfqak'
    const progress = (status: string) => ({
      snapshot_id: 's_m4x7enmven8djfqak',
      dataset_id: 'gd_l1viktl72bvl7bjuj0',
      status,
    })
    const rows = [{ url: 'https://www.example.com/p/1', title: 'Product 1' }]
    const seen = serve({
      submit: handle({ snapshot_id: 's_m4x7enmven8djfqak' }),
      statusPath,
      statuses: [progress('running'), progress('running'), progress('ready')],
      files: { [snapshotPath]: rows },
    })
    const options = {
      statusLocation: '/datasets/v3/progress/{snapshot_id}',
      classifyStatus: (word: string) => (word === 'ready' ? ('succeeded' as const) : undefined),
      locateResult: '/datasets/v3/snapshot/{snapshot_id}',
    }
    expect(resolved(await run(options))).toEqual(rows)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3), `GET ${snapshotPath}`])
  })
})

describe('public APIs’ documented flows, a tenth pass', () => {
  it('Microsoft Graph OneNote copy: a 202 Operation-Location, a percentComplete string shown as progress; Completed named, the notebook at resourceLocation', async () => {
    const statusPath = '/v1/me/onenote/operations/copy-9c4a1f8e'
    const operation = (status: string, percentComplete: string, more: object = {}) => ({
      id: 'copy-9c4a1f8e',
      status,
      createdDateTime: '2016-03-07T21:37:37.3221653Z',
      resourceLocation: null,
      resourceId: null,
      error: null,
      percentComplete,
      ...more,
    })
    const notebook = { id: '1-e3a2b7c9', displayName: 'Copied notebook' }
    const seen = serve({
      submit: () =>
        new HttpResponse(null, {
          status: 202,
          headers: { 'operation-location': `${origin}${statusPath}` },
        }),
      statusPath,
      statuses: [
        operation('NotStarted', '0'),
        operation('Running', '50'),
        operation('Completed', '100', {
          resourceLocation: `${origin}/v1/me/onenote/notebooks/1-e3a2b7c9`,
          resourceId: '1-e3a2b7c9',
        }),
      ],
      files: { '/v1/me/onenote/notebooks/1-e3a2b7c9': notebook },
    })
    const progress: (number | undefined)[] = []
    // An Azure status monitor ends on Succeeded, Failed or Canceled, as @azure/core-lro reads it:
    // OneNote's Completed is a word of its own.
    const classifyStatus = (word: string) =>
      word === 'Completed' ? ('succeeded' as const) : undefined
    const op = await client({ classifyStatus }).start('/jobs', { json: {} })
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) }),
      10_000,
    )
    expect(resolved(outcome)).toEqual(notebook)
    expect(progress).toEqual([0, 0.5, 1])
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls(statusPath, 3),
      'GET /v1/me/onenote/notebooks/1-e3a2b7c9',
    ])
  })

  it('Microsoft Graph eDiscovery: a 202 Location, running with percentProgress, submissionFailed rejects with its resultInfo', async () => {
    const statusPath = '/v1/security/cases/ediscoveryCases/c1/operations/o1'
    const resultInfo = { code: 'HoldPolicyFailed', message: 'The hold policy could not be applied' }
    const seen = serve({
      submit: accepted(statusPath),
      statusPath,
      statuses: [
        { id: 'o1', status: 'running', percentProgress: 20, action: 'holdUpdate' },
        {
          id: 'o1',
          status: 'submissionFailed',
          percentProgress: 0,
          action: 'holdUpdate',
          resultInfo,
        },
      ],
    })
    const error = rejected(await run())
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toEqual(resultInfo)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
  })

  it('Okta identity source sessions: CREATED, TRIGGERED and IN_PROGRESS poll on; COMPLETED resolves with the session', async () => {
    const statusPath = '/v1/identity-sources/0oa3/sessions/aps1'
    const session = (status: string) => ({
      id: 'aps1',
      identitySourceId: '0oa3',
      status,
      importType: 'INCREMENTAL',
    })
    const seen = serve({
      submit: handle(session('CREATED')),
      statusPath,
      statuses: [session('TRIGGERED'), session('IN_PROGRESS'), session('COMPLETED')],
    })
    const options = { statusLocation: '/identity-sources/{identitySourceId}/sessions/{id}' }
    expect(resolved(await run(options))).toEqual(session('COMPLETED'))
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3)])
  })
})

describe('public APIs’ documented flows, an eleventh pass', () => {
  it('DocuSign envelopes: a 201 sent envelope polled at /envelopes/{envelopeId}; sent and delivered named with classifyStatus; completed resolves with the envelope', async () => {
    const statusPath = '/v1/envelopes/e-1'
    const envelope = (status: string) => ({
      envelopeId: 'e-1',
      uri: '/envelopes/e-1',
      statusDateTime: '2026-12-05T02:00:00.0000000Z',
      status,
    })
    const submit = handle(envelope('sent'), 201)
    // `sent` and `delivered` are an envelope on its way to its signers here, a message that
    // reached its recipient in a messaging API: pollwise reads neither by itself.
    serve({ submit, statusPath, statuses: [envelope('completed')] })
    const refusal = rejected(await run({ statusLocation: '/envelopes/{envelopeId}' }))
    expect(refusal).toBeInstanceOf(ProtocolError)
    expect((refusal as Error).message).toContain('"sent"')
    const seen = serve({
      submit,
      statusPath,
      statuses: [envelope('delivered'), envelope('completed')],
      files: { '/v1/envelopes/e-1/documents/combined': '%PDF-1.7 the signed documents' },
    })
    // The envelope's `uri` is a path under the account's base URL, not the host's: name the
    // signed documents instead.
    const options = {
      statusLocation: '/envelopes/{envelopeId}',
      locateResult: '/envelopes/{envelopeId}/documents/combined',
      classifyStatus: (word: string) =>
        ['sent', 'delivered', 'signed'].includes(word) ? ('pending' as const) : undefined,
    }
    expect(resolved(await run(options))).toEqual('%PDF-1.7 the signed documents')
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls(statusPath, 2),
      'GET /v1/envelopes/e-1/documents/combined',
    ])
  })

  it('DocuSign envelopes: voided is an OperationCanceledError, declined an OperationFailedError', async () => {
    const statusPath = '/v1/envelopes/e-1'
    const envelope = (status: string, more: object = {}) => ({
      envelopeId: 'e-1',
      uri: '/envelopes/e-1',
      status,
      ...more,
    })
    const options = { statusLocation: '/envelopes/{envelopeId}' }
    const submit = handle(envelope('created'), 201)
    serve({
      submit,
      statusPath,
      statuses: [envelope('voided', { voidedReason: 'The terms changed' })],
    })
    expect(rejected(await run(options))).toBeInstanceOf(OperationCanceledError)
    serve({ submit, statusPath, statuses: [envelope('declined')] })
    expect(rejected(await run(options))).toBeInstanceOf(OperationFailedError)
  })

  /** Qdrant's upsert: a PUT answered with the update's status, the request's `ok` beside it. */
  async function upsertToQdrant(wait: boolean, status: string) {
    const seen: string[] = []
    server.use(
      http.all(`${origin}/*`, ({ request }) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`)
        if (request.method !== 'PUT') return new HttpResponse(null, { status: 405 })
        return HttpResponse.json({ result: { operation_id: 7, status }, status: 'ok', time: 0.002 })
      }),
    )
    const path = `/collections/docs/points?wait=${wait}`
    const run = client().run(path, { method: 'PUT', json: { points: [] } })
    const outcome = await outcomeWithin(run, 10_000)
    expect(await timersLeft()).toBe(0)
    return { outcome, seen }
  }

  it('Qdrant: a PUT with wait=true answers {result: {status: completed}, status: ok} and resolves with the update’s result', async () => {
    const { outcome, seen } = await upsertToQdrant(true, 'completed')
    expect(resolved(outcome)).toEqual({ operation_id: 7, status: 'completed' })
    expect(seen).toEqual(['PUT /v1/collections/docs/points'])
  })

  it('Qdrant: a PUT with wait=false answers acknowledged, never the result; Qdrant keeps no status to poll', async () => {
    const { outcome, seen } = await upsertToQdrant(false, 'acknowledged')
    // Pending with no location, the PUT's own URL is asked, as for any PUT: Qdrant has no GET there.
    expect((rejected(outcome) as Error).name).toBe('HTTPError')
    expect(seen).toEqual(['PUT /v1/collections/docs/points', 'GET /v1/collections/docs/points'])
  })

  it('Fireworks batch inference jobs: the job polled at /v1/{name} through JOB_STATE_VALIDATING and JOB_STATE_RUNNING; its status object is no state', async () => {
    const statusPath = '/v1/accounts/acme/batchInferenceJobs/bij-1'
    const job = (state: string, status: object, percent: number) => ({
      name: 'accounts/acme/batchInferenceJobs/bij-1',
      displayName: 'nightly',
      createTime: '2026-12-05T02:00:00Z',
      state,
      status,
      model: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
      inputDatasetId: 'in-1',
      outputDatasetId: 'out-1',
      jobProgress: { percent, totalInputRequests: 10, totalProcessedRequests: percent / 10 },
    })
    const ok = { code: 'OK', message: '' }
    const submit = handle(job('JOB_STATE_VALIDATING', ok, 0))
    // The job answered to the POST names no location: its `name` is the resource's.
    serve({ submit, statusPath, statuses: [job('JOB_STATE_COMPLETED', ok, 100)] })
    expect(rejected(await run())).toBeInstanceOf(ProtocolError)
    const seen = serve({
      submit,
      statusPath,
      statuses: [job('JOB_STATE_RUNNING', ok, 40), job('JOB_STATE_COMPLETED', ok, 100)],
    })
    const options = { statusLocation: '/{+name}', progressField: 'jobProgress.percent' }
    const op = await client(options).start('/jobs', { json: {} })
    const progress: (number | undefined)[] = []
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snapshot) => progress.push(snapshot.progress) }),
      10_000,
    )
    expect(await timersLeft()).toBe(0)
    expect(resolved(outcome)).toEqual(job('JOB_STATE_COMPLETED', ok, 100))
    expect(progress).toEqual([0.4, 1])
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    const failure = { code: 'INVALID_ARGUMENT', message: 'line 3: missing "messages"' }
    serve({ submit, statusPath, statuses: [job('JOB_STATE_FAILED', failure, 0)] })
    const error = rejected(await run(options))
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toBe('line 3: missing "messages"')
  })

  it('Groq batches: validating, in_progress and finalizing polled at /batches/{id}; completed fetches the output file; cancelled is an OperationCanceledError', async () => {
    const statusPath = '/v1/batches/batch_01jh6x'
    const batch = (status: string, more: object = {}) => ({
      id: 'batch_01jh6x',
      object: 'batch',
      endpoint: '/v1/chat/completions',
      input_file_id: 'file_01jh6w',
      completion_window: '24h',
      status,
      output_file_id: null,
      error_file_id: null,
      request_counts: { total: 2, completed: 0, failed: 0 },
      ...more,
    })
    const options = {
      statusLocation: '/batches/{id}',
      locateResult: '/files/{output_file_id}/content',
    }
    const lines = [{ custom_id: 'r-1', response: { status_code: 200 } }]
    const seen = serve({
      submit: handle(batch('validating')),
      statusPath,
      statuses: [
        batch('in_progress'),
        batch('finalizing'),
        batch('completed', { output_file_id: 'file_01jh70' }),
      ],
      files: { '/v1/files/file_01jh70/content': lines },
    })
    expect(resolved(await run(options))).toEqual(lines)
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls(statusPath, 3),
      'GET /v1/files/file_01jh70/content',
    ])
    serve({
      submit: handle(batch('validating')),
      statusPath,
      statuses: [batch('cancelling'), batch('cancelled')],
    })
    expect(rejected(await run(options))).toBeInstanceOf(OperationCanceledError)
  })

  it('Plaid asset reports: /asset_report/create answers a token, a job handle and never the report', async () => {
    const seen = serve({
      submit: handle({
        asset_report_token: 'assets-sandbox-6f12f5bb-22dd-4855-b918-f47ec439198a',
        asset_report_id: '1f414183-220c-44f5-b0c8-bc0e6d4053bb',
        request_id: 'Iam3b',
      }),
      statuses: [],
    })
    const error = rejected(await run())
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toContain('statusLocation')
    expect(seen).toEqual(['POST /v1/jobs'])
  })

  it('Modal job queues: the call id answered as a JSON string names the status with a function; 202 while the call runs, then its result', async () => {
    const seen: string[] = []
    let polls = 0
    server.use(
      http.all(`${origin}/*`, ({ request }) => {
        const url = new URL(request.url)
        seen.push(`${request.method} ${url.pathname}${url.search}`)
        if (request.method === 'POST') return HttpResponse.json('fc-01JX')
        polls += 1
        return polls < 3
          ? HttpResponse.json('', { status: 202 })
          : HttpResponse.json({ text: 'the transcript' })
      }),
    )
    const statusLocation = ({ body }: { body: unknown }) =>
      typeof body === 'string' ? `/v1/result?call_id=${body}` : undefined
    const outcome = await outcomeWithin(
      client({ statusLocation }).run('/jobs', { json: {} }),
      10_000,
    )
    expect(await timersLeft()).toBe(0)
    expect(resolved(outcome)).toEqual({ text: 'the transcript' })
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...Array.from({ length: 3 }, () => 'GET /v1/result?call_id=fc-01JX'),
    ])
  })

  it('Make scenario runs: {executionId} polled at /scenarios/{id}/executions/{executionId}; SUCCESS resolves with its outputs, ERROR rejects with its error', async () => {
    const statusPath = '/v1/scenarios/112/executions/cc1c4932'
    const submit = handle({ executionId: 'cc1c4932' })
    serve({ submit, statusPath, statuses: [{ status: 'SUCCESS', outputs: {} }] })
    expect(rejected(await run())).toBeInstanceOf(ProtocolError)
    const options = { statusLocation: '/scenarios/112/executions/{executionId}' }
    const seen = serve({
      submit,
      statusPath,
      statuses: [{ status: 'RUNNING' }, { status: 'SUCCESS', outputs: { invoice: 'INV-7' } }],
    })
    expect(resolved(await run(options))).toEqual({ invoice: 'INV-7' })
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    const error = {
      message: 'An error occurred while executing the scenario.',
      name: 'RuntimeError',
    }
    serve({ submit, statusPath, statuses: [{ status: 'ERROR', error }] })
    expect((rejected(await run(options)) as OperationFailedError).detail).toEqual(error)
  })

  it('Sanity dataset copies: the PUT’s {jobId} named with statusLocation, polled at /jobs/{jobId} until completed', async () => {
    const statusPath = '/v1/jobs/jarrwsdptf'
    const seen: string[] = []
    let polls = 0
    const job = (state: string) => ({
      id: 'jarrwsdptf',
      state,
      authors: ['p1'],
      created_at: '2026-12-05T02:00:00Z',
    })
    server.use(
      http.all(`${origin}/*`, ({ request }) => {
        const { pathname } = new URL(request.url)
        seen.push(`${request.method} ${pathname}`)
        if (request.method === 'PUT') {
          return HttpResponse.json({
            datasetName: 'production',
            message: 'Starting copying dataset production to production-copy...',
            aclMode: 'public',
            jobId: 'jarrwsdptf',
          })
        }
        if (pathname !== statusPath) return new HttpResponse(null, { status: 404 })
        polls += 1
        return HttpResponse.json(job(polls < 2 ? 'running' : 'completed'))
      }),
    )
    const outcome = await outcomeWithin(
      client({ statusLocation: '/jobs/{jobId}' }).run('/projects/p1/datasets/production/copy', {
        method: 'PUT',
        json: { targetDataset: 'production-copy' },
      }),
      10_000,
    )
    expect(await timersLeft()).toBe(0)
    expect(resolved(outcome)).toEqual(job('completed'))
    expect(seen).toEqual([
      'PUT /v1/projects/p1/datasets/production/copy',
      ...Array.from({ length: 2 }, () => `GET ${statusPath}`),
    ])
  })

  it('NetSuite asynchronous requests: a 202 to the job, its progress word read beside completed; failed is an OperationFailedError, never a success', async () => {
    const statusPath = '/v1/async/v1/job/1'
    const job = (completed: boolean, progress: string) => ({
      links: [{ rel: 'self', href: `${origin}${statusPath}` }],
      completed,
      id: '1',
      progress,
      task: { links: [{ rel: 'self', href: `${origin}${statusPath}/task` }] },
    })
    const seen = serve({
      submit: accepted(statusPath),
      statusPath,
      statuses: [job(false, 'pending'), job(true, 'succeeded')],
    })
    expect(resolved(await run())).toEqual(job(true, 'succeeded'))
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    serve({
      submit: accepted(statusPath),
      statusPath,
      statuses: [job(false, 'pending'), job(true, 'failed')],
    })
    expect(rejected(await run())).toBeInstanceOf(OperationFailedError)
  })

  it('Cloudinary async uploads: a pending upload with a batch_id and no status location is never the result', async () => {
    const seen = serve({
      submit: handle({
        status: 'pending',
        type: 'upload',
        public_id: 'sample',
        batch_id: '2b1e4a6e0d5c8f7a',
        resource_type: 'image',
      }),
      statuses: [],
    })
    expect(rejected(await run())).toBeInstanceOf(ProtocolError)
    expect(seen).toEqual(['POST /v1/jobs'])
  })

  it('Bannerbear images: a 202 pending image polled at its self link with zero configuration; completed resolves with the image, its image_url kept', async () => {
    const statusPath = '/v1/images/kG39R5XbvPQpLENKBWJj'
    const image = (status: string, imageUrl: string | null = null) => ({
      created_at: '2026-12-05T02:00:00.000Z',
      status,
      self: `${origin}${statusPath}`,
      uid: 'kG39R5XbvPQpLENKBWJj',
      image_url: imageUrl,
      template: '6A37YJe5qNDmpvWKP0',
      modifications: [{ name: 'title', text: 'Hello' }],
      webhook_url: null,
      metadata: null,
    })
    const done = image('completed', 'https://images.bannerbear.com/kG39R5XbvPQpLENKBWJj.png')
    const seen = serve({
      submit: handle(image('pending'), 202),
      statusPath,
      statuses: [image('pending'), done],
    })
    expect(resolved(await run())).toEqual(done)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    serve({ submit: handle(image('pending'), 202), statusPath, statuses: [image('failed')] })
    expect(rejected(await run())).toBeInstanceOf(OperationFailedError)
  })

  it('Placid images: polling_url followed with zero configuration through queued, then finished; error carries its errors', async () => {
    const statusPath = '/v1/images/812'
    const image = (status: string, more: object = {}) => ({
      id: 812,
      status,
      image_url: null,
      polling_url: `${origin}${statusPath}`,
      ...more,
    })
    const done = image('finished', {
      image_url: 'https://placid-fra.fra1.cdn.digitaloceanspaces.com/812.png',
    })
    const seen = serve({
      submit: handle(image('queued')),
      statusPath,
      statuses: [image('queued'), done],
    })
    expect(resolved(await run())).toEqual(done)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 2)])
    serve({
      submit: handle(image('queued')),
      statusPath,
      statuses: [image('error', { errors: ['Layer "title" does not exist'] })],
    })
    const error = rejected(await run())
    expect((error as OperationFailedError).detail).toEqual(['Layer "title" does not exist'])
  })

  it('Looker render tasks: a task polled at /render_tasks/{id} through its queue and render words; success fetches the render by template', async () => {
    const statusPath = '/v1/render_tasks/rt-9'
    const task = (status: string, statusDetail: string | null = null) => ({
      id: 'rt-9',
      look_id: 42,
      result_format: 'pdf',
      status,
      status_detail: statusDetail,
      width: 1024,
      height: 768,
    })
    const options = {
      statusLocation: '/render_tasks/{id}',
      locateResult: '/render_tasks/{id}/results',
    }
    const seen = serve({
      submit: handle(task('enqueued_for_query')),
      statusPath,
      statuses: [task('querying'), task('enqueued_for_render'), task('rendering'), task('success')],
      files: { '/v1/render_tasks/rt-9/results': '%PDF-1.4 the look' },
    })
    expect(resolved(await run(options))).toBe('%PDF-1.4 the look')
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...polls(statusPath, 4),
      'GET /v1/render_tasks/rt-9/results',
    ])
    serve({
      submit: handle(task('enqueued_for_query')),
      statusPath,
      statuses: [task('failure', 'The query timed out')],
    })
    expect((rejected(await run(options)) as OperationFailedError).detail).toBe(
      'The query timed out',
    )
  })

  it('Brevo processes: a 202 {processId} polled at /processes/{processId} through queued and in_process; completed fetches its export_url', async () => {
    const statusPath = '/v1/processes/78'
    const process = (status: string, exportUrl?: string) => ({
      id: 78,
      status,
      name: 'EXPORT_CONTACTS',
      ...(exportUrl === undefined ? {} : { export_url: exportUrl }),
    })
    const rows = [{ email: 'ada@example.com' }]
    const seen = serve({
      submit: handle({ processId: 78 }, 202),
      statusPath,
      statuses: [
        process('queued'),
        process('in_process'),
        process('completed', '/v1/exports/78.json'),
      ],
      files: { '/v1/exports/78.json': rows },
    })
    expect(resolved(await run({ statusLocation: '/processes/{processId}' }))).toEqual(rows)
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 3), 'GET /v1/exports/78.json'])
  })

  it('Brightcove ingest jobs: published resolves, the video playable; named pending, the job is waited on until finished', async () => {
    const statusPath = '/v1/videos/6311/ingest_jobs/j-1'
    const job = (state: string) => ({
      id: 'j-1',
      state,
      account_id: '57838016001',
      video_id: '6311',
      error_code: null,
      error_message: null,
    })
    const statusLocation = '/videos/6311/ingest_jobs/{id}'
    const submit = handle({ id: 'j-1' })
    const statuses = [job('processing'), job('publishing'), job('published'), job('finished')]
    serve({ submit, statusPath, statuses })
    expect(resolved(await run({ statusLocation }))).toEqual(job('published'))
    const seen = serve({ submit, statusPath, statuses })
    const classifyStatus = (word: string) =>
      word === 'published' ? ('pending' as const) : undefined
    expect(resolved(await run({ statusLocation, classifyStatus }))).toEqual(job('finished'))
    expect(seen).toEqual(['POST /v1/jobs', ...polls(statusPath, 4)])
  })

  it('Modal web endpoints past 150 seconds: 303 See Other to the result URL, again while the function runs, then its answer', async () => {
    const seen: string[] = []
    const resultUrl = `${origin}/v1/jobs?__modal_function_call_id=fc-01JX`
    let waits = 0
    server.use(
      http.all(`${origin}/*`, ({ request }) => {
        const url = new URL(request.url)
        seen.push(`${request.method} ${url.pathname}${url.search}`)
        const see = () => new HttpResponse(null, { status: 303, headers: { location: resultUrl } })
        if (request.method === 'POST') return see()
        waits += 1
        return waits < 3 ? see() : HttpResponse.json({ text: 'the transcript' })
      }),
    )
    const outcome = await outcomeWithin(client().run('/jobs', { json: {} }), 10_000)
    expect(await timersLeft()).toBe(0)
    expect(resolved(outcome)).toEqual({ text: 'the transcript' })
    expect(seen).toEqual([
      'POST /v1/jobs',
      ...Array.from({ length: 3 }, () => 'GET /v1/jobs?__modal_function_call_id=fc-01JX'),
    ])
  })
})
