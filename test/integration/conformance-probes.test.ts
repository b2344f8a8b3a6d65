import { HttpResponse, http, type JsonBodyType } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  CancelNotSupportedError,
  createClient,
  googleOperations,
  HTTPError,
  type Operation,
  OperationCanceledError,
  OperationFailedError,
  type Snapshot,
} from '../../src/index.js'
import { finishWithin, rejection, settleWithin, useFakeTime } from '../support/fake-time.js'

/**
 * One exchange each, as the Azure REST API guidelines ("Long-Running Operations & Jobs"), ARM's
 * asynchronous operations and Google's AIP-151 describe them, and as @azure/core-lro and google-gax
 * read them where the texts are silent: what `wait()` resolves or rejects with, and every request
 * the servers saw, in order, with its headers.
 */

const origin = 'https://api.example.com'
const at = (path: string) => `${origin}${path}`
const backoff = { initialDelayMs: 100, factor: 1, maxDelayMs: 100, jitter: 'none' } as const
const credentials = { authorization: 'Bearer secret' }
const api = (options: { protocol?: 'azure' } = {}) =>
  createClient({ baseUrl: origin, backoff, headers: credentials, ...options })

interface Seen {
  readonly line: string
  readonly headers: Headers
  readonly at: number
}
const server = setupServer()
let requests: Seen[] = []
server.events.on('request:start', ({ request }) => {
  requests.push({
    line: `${request.method} ${request.url}`,
    headers: request.headers,
    at: Date.now(),
  })
})
useFakeTime()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => {
  requests = []
})
afterEach(() => {
  server.resetHandlers()
  // Settled means settled: no poll, retry or deadline timer is left behind.
  expect(vi.getTimerCount()).toBe(0)
})
afterAll(() => server.close())

/** `METHOD url` of every request, in order. */
const seen = () => requests.map((request) => request.line)
const times = <T>(count: number, item: T): T[] => Array.from({ length: count }, () => item)

type Answer = () => Response
const json =
  (body: JsonBodyType, init: { status?: number; headers?: Record<string, string> } = {}): Answer =>
  () =>
    HttpResponse.json(body, init)
const empty =
  (status: number, headers: Record<string, string> = {}): Answer =>
  () =>
    new HttpResponse(null, { status, headers })
/** The answers in turn, the last one from then on. */
const inTurn = (...answers: Answer[]) => {
  let next = 0
  return () => (answers[Math.min(next++, answers.length - 1)] as Answer)()
}

/** Cancels `op` while its wait polls: how the cancel and the wait settled. */
async function cancelWhileWaiting(op: Operation) {
  const waiting = Promise.allSettled([op.wait()])
  await vi.advanceTimersByTimeAsync(150)
  const [cancel] = await Promise.allSettled([op.cancel()])
  const [wait] = (await waiting) as [PromiseSettledResult<unknown>]
  await vi.advanceTimersByTimeAsync(1000)
  return { cancel, wait }
}

/** `POST /lro/jobs` answered 202 naming the monitor `/lro/ops/{id}` (and `headers`), which gives `answers` in turn. */
const monitorJob = (id: string, answers: Answer[], headers: Record<string, string> = {}) => [
  http.post(
    at('/lro/jobs'),
    empty(202, { 'operation-location': at(`/lro/ops/${id}`), ...headers }),
  ),
  http.get(at(`/lro/ops/${id}`), inTurn(...answers)),
]

describe('Azure: PUT with additional long-running processing (a monitor on a 201)', () => {
  it.each([
    { method: 'PUT', status: 201, running: 'Creating', monitor: 'InProgress' },
    { method: 'PATCH', status: 200, running: 'Updating', monitor: 'Running' },
  ])(
    '$method answered $status $running with Azure-AsyncOperation polls the monitor through $monitor, then GETs the original URL once',
    async ({ method, status, running, monitor }) => {
      const vault = { name: 'v1', color: 'red', properties: { provisioningState: 'Succeeded' } }
      server.use(
        http.all(at('/lro/vaults/v1'), ({ request }) =>
          request.method === 'GET'
            ? HttpResponse.json(vault)
            : HttpResponse.json(
                { name: 'v1', properties: { provisioningState: running } },
                { status, headers: { 'azure-asyncoperation': at('/lro/ops/v1') } },
              ),
        ),
        http.get(
          at('/lro/ops/v1'),
          inTurn(json({ status: monitor }), json({ status: 'Succeeded' })),
        ),
      )
      const result = await finishWithin(api().run('/lro/vaults/v1', { method, json: {} }), 5000)
      expect(result).toEqual(vault)
      expect(seen()).toEqual([
        `${method} ${at('/lro/vaults/v1')}`,
        ...times(2, `GET ${at('/lro/ops/v1')}`),
        `GET ${at('/lro/vaults/v1')}`,
      ])
    },
  )

  it("finalStateVia 'original-uri' on a PUT GETs the original URL after the monitor", async () => {
    server.use(
      http.put(
        at('/lro/vaults/v2'),
        empty(202, { 'operation-location': at('/lro/ops/v2'), location: at('/lro/elsewhere/v2') }),
      ),
      http.get(at('/lro/ops/v2'), json({ status: 'Succeeded' })),
      http.get(at('/lro/vaults/v2'), json({ name: 'v2' })),
    )
    const result = await finishWithin(
      api().run('/lro/vaults/v2', { method: 'PUT', json: {}, finalStateVia: 'original-uri' }),
      5000,
    )
    expect(result).toEqual({ name: 'v2' })
    expect(seen()).toEqual([
      `PUT ${at('/lro/vaults/v2')}`,
      `GET ${at('/lro/ops/v2')}`,
      `GET ${at('/lro/vaults/v2')}`,
    ])
  })
})

describe('Azure: a PUT with a monitor', () => {
  // Guidelines: "YOU SHOULD include the api-version query parameter in the Operation-Location".
  it('keeps the api-version query on the monitor and on the final GET of the original URL', async () => {
    const query = '?api-version=2024-01-01'
    server.use(
      http.put(
        at('/lro/vaults/q1'),
        empty(201, { 'operation-location': at(`/lro/ops/q1${query}`) }),
      ),
      http.get(at('/lro/ops/q1'), json({ status: 'Succeeded' })),
      http.get(at('/lro/vaults/q1'), json({ name: 'q1' })),
    )
    const result = await finishWithin(
      api().run(`/lro/vaults/q1${query}`, { method: 'PUT', json: {} }),
      5000,
    )
    expect(result).toEqual({ name: 'q1' })
    expect(seen()).toEqual([
      `PUT ${at(`/lro/vaults/q1${query}`)}`,
      `GET ${at(`/lro/ops/q1${query}`)}`,
      `GET ${at(`/lro/vaults/q1${query}`)}`,
    ])
  })

  it('makes no final GET of the resource when the monitor fails', async () => {
    server.use(
      http.put(at('/lro/vaults/x1'), empty(201, { 'azure-asyncoperation': at('/lro/ops/x1') })),
      http.get(
        at('/lro/ops/x1'),
        json({ status: 'Failed', error: { code: 'Conflict', message: 'Name taken.' } }),
      ),
    )
    const run = api().run('/lro/vaults/x1', { method: 'PUT', json: {} })
    const error = rejection(await settleWithin(run, 5000)) as OperationFailedError
    expect(error).toBeInstanceOf(OperationFailedError)
    expect(error.message).toContain('Name taken. [Conflict]')
    expect(seen()).toEqual([`PUT ${at('/lro/vaults/x1')}`, `GET ${at('/lro/ops/x1')}`])
  })
})

describe('Azure: a POST action whose monitor names no result location', () => {
  it('resolves with the whole monitor body when it has no `result` field, and makes no final request', async () => {
    const monitor = { id: 'a1', status: 'Succeeded', percentComplete: 100, summary: { rows: 4 } }
    server.use(
      http.post(at('/lro/models:train'), empty(202, { 'operation-location': at('/lro/ops/a1') })),
      http.get(at('/lro/ops/a1'), inTurn(json({ id: 'a1', status: 'Running' }), json(monitor))),
    )
    const result = await finishWithin(api().run('/lro/models:train', { json: {} }), 5000)
    expect(result).toEqual(monitor)
    expect(seen()).toEqual([
      `POST ${at('/lro/models:train')}`,
      `GET ${at('/lro/ops/a1')}`,
      `GET ${at('/lro/ops/a1')}`,
    ])
  })

  it('fetches a resourceLocation on another origin without the credentials', async () => {
    server.use(
      http.post(at('/lro/exports'), empty(202, { 'operation-location': at('/lro/ops/e1') })),
      http.get(
        at('/lro/ops/e1'),
        json({
          status: 'Succeeded',
          resourceLocation: 'https://storage.example.net/exports/e1.json',
        }),
      ),
      http.get('https://storage.example.net/exports/e1.json', json({ rows: 7 })),
    )
    const result = await finishWithin(api().run('/lro/exports', { json: {} }), 5000)
    expect(result).toEqual({ rows: 7 })
    expect(seen()).toEqual([
      `POST ${at('/lro/exports')}`,
      `GET ${at('/lro/ops/e1')}`,
      'GET https://storage.example.net/exports/e1.json',
    ])
    const authorization = requests.map((request) => request.headers.get('authorization'))
    expect(authorization).toEqual(['Bearer secret', 'Bearer secret', null])
  })
})

describe('Azure: the final GET', () => {
  it("resolves with undefined when a POST's Location answers 204 after the monitor", async () => {
    server.use(
      ...monitorJob('z3', [json({ status: 'Succeeded' })], { location: at('/lro/loc/z3') }),
      http.get(at('/lro/loc/z3'), empty(204)),
    )
    await expect(finishWithin(api().run('/lro/jobs', { json: {} }), 5000)).resolves.toBeUndefined()
    expect(seen()).toEqual([
      `POST ${at('/lro/jobs')}`,
      `GET ${at('/lro/ops/z3')}`,
      `GET ${at('/lro/loc/z3')}`,
    ])
  })
})

describe('Azure: a resumed operation keeps the rules its submit set', () => {
  /** The operation as a resume token, through JSON, resumed by a new client. */
  const resumed = (token: unknown, options: { protocol?: 'azure' } = {}) =>
    api(options).resume(JSON.parse(JSON.stringify(token)))

  it('a PUT resumed while its monitor runs still ends with a GET of the original URL', async () => {
    server.use(
      http.put(at('/lro/vaults/z1'), empty(201, { 'azure-asyncoperation': at('/lro/ops/z1') })),
      http.get(
        at('/lro/ops/z1'),
        inTurn(json({ status: 'Running' }), json({ status: 'Succeeded' })),
      ),
      http.get(at('/lro/vaults/z1'), json({ name: 'z1' })),
    )
    const op = await api().start('/lro/vaults/z1', { method: 'PUT', json: {} })
    await expect(finishWithin(resumed(op).wait(), 5000)).resolves.toEqual({ name: 'z1' })
    expect(seen()).toEqual([
      `PUT ${at('/lro/vaults/z1')}`,
      ...times(2, `GET ${at('/lro/ops/z1')}`),
      `GET ${at('/lro/vaults/z1')}`,
    ])
  })

  it("a POST resumed keeps finalStateVia 'original-uri'", async () => {
    server.use(
      ...monitorJob('z2', [json({ status: 'Succeeded' })], { location: at('/lro/loc/z2') }),
      http.get(at('/lro/jobs'), json({ via: 'original-uri' })),
    )
    const op = await api().start('/lro/jobs', { json: {}, finalStateVia: 'original-uri' })
    await expect(finishWithin(resumed(op).wait(), 5000)).resolves.toEqual({ via: 'original-uri' })
    expect(seen().at(-1)).toBe(`GET ${at('/lro/jobs')}`)
  })

  it('a Location chain resumed after it moved goes on from the latest Location', async () => {
    server.use(
      http.post(at('/lro/jobs'), empty(202, { location: at('/lro/loc/a') })),
      http.get(at('/lro/loc/a'), empty(202, { location: at('/lro/loc/b') })),
      http.get(at('/lro/loc/b'), inTurn(empty(202), json({ b: 1 }))),
    )
    const op = await api({ protocol: 'azure' }).start('/lro/jobs', { json: {} })
    const snapshots = op.snapshots()[Symbol.asyncIterator]()
    const first = snapshots.next()
    await vi.advanceTimersByTimeAsync(150)
    await first
    await snapshots.return?.()
    const again = resumed(op, { protocol: 'azure' })
    await expect(finishWithin(again.wait(), 5000)).resolves.toEqual({ b: 1 })
    expect(seen()).toEqual([
      `POST ${at('/lro/jobs')}`,
      `GET ${at('/lro/loc/a')}`,
      ...times(2, `GET ${at('/lro/loc/b')}`),
    ])
  })
})

describe('Azure: DELETE polled through Location', () => {
  it('polls the Location through its 202s to the 204 and resolves with undefined', async () => {
    server.use(
      http.delete(at('/lro/vaults/d1'), empty(202, { location: at('/lro/deletions/d1') })),
      http.get(at('/lro/deletions/d1'), inTurn(empty(202), empty(202), empty(204))),
    )
    const result = await finishWithin(
      api({ protocol: 'azure' }).run('/lro/vaults/d1', { method: 'DELETE' }),
      5000,
    )
    expect(result).toBeUndefined()
    expect(seen()).toEqual([
      `DELETE ${at('/lro/vaults/d1')}`,
      ...times(3, `GET ${at('/lro/deletions/d1')}`),
    ])
  })

  // core-lro fails a poll answer outside 2xx (http/operation.ts, toOperationStatus), 404 included.
  it('rejects a 404 from the Location with HTTPError at once, with no further poll', async () => {
    server.use(
      http.delete(at('/lro/vaults/d2'), empty(202, { location: at('/lro/deletions/d2') })),
      http.get(
        at('/lro/deletions/d2'),
        inTurn(empty(202), json({ error: { code: 'NotFound' } }, { status: 404 })),
      ),
    )
    const run = api({ protocol: 'azure' }).run('/lro/vaults/d2', { method: 'DELETE' })
    const error = rejection(await settleWithin(run, 5000)) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.response.status).toBe(404)
    expect(seen()).toEqual([
      `DELETE ${at('/lro/vaults/d2')}`,
      ...times(2, `GET ${at('/lro/deletions/d2')}`),
    ])
  })
})

describe('Azure: monitor status words', () => {
  it.each([
    ['inprogress', 'succeeded'],
    ['RUNNING', 'SUCCEEDED'],
    ['InProgress', 'Succeeded'],
    ['notStarted', 'succeeded'],
    // Document Translation's word while a cancel is under way; a cancel asked too late may still succeed.
    ['Cancelling', 'Succeeded'],
  ])('reads %s as running and %s as done, in any case', async (running, done) => {
    server.use(
      ...monitorJob('w1', [
        json({ status: running }),
        json({ status: running }),
        json({ status: done, result: { ok: 1 } }),
      ]),
    )
    const states: string[] = []
    const result = await finishWithin(
      api().run('/lro/jobs', { json: {}, onProgress: (snap: Snapshot) => states.push(snap.state) }),
      5000,
    )
    expect(result).toEqual({ ok: 1 })
    expect(states).toEqual(['pending', 'pending', 'succeeded'])
    expect(seen()).toHaveLength(4)
  })

  it.each(['Canceled', 'Cancelled', 'CANCELED', 'cancelled'])(
    'rejects a monitor that says %s with OperationCanceledError, and polls no more',
    async (word) => {
      server.use(
        ...monitorJob('c1', [json({ status: 'Running' }), json({ status: word })], {
          location: at('/lro/results/c1'),
        }),
      )
      const error = rejection(await settleWithin(api().run('/lro/jobs', { json: {} }), 5000))
      expect(error).toBeInstanceOf(OperationCanceledError)
      expect(seen()).toEqual([`POST ${at('/lro/jobs')}`, ...times(2, `GET ${at('/lro/ops/c1')}`)])
    },
  )

  it('rejects a Failed monitor with OperationFailedError carrying its code, message and inner error', async () => {
    const failure = {
      code: 'BadArgument',
      message: 'The model could not be trained.',
      details: [{ code: 'InvalidField', message: 'labels is empty', target: 'labels' }],
      innererror: { code: 'EmptyLabels', message: 'No label file was found.' },
    }
    server.use(
      ...monitorJob('f1', [json({ id: 'f1', status: 'Failed', error: failure })], {
        location: at('/lro/results/f1'),
      }),
    )
    const error = rejection(
      await settleWithin(api().run('/lro/jobs', { json: {} }), 5000),
    ) as OperationFailedError
    expect(error).toBeInstanceOf(OperationFailedError)
    expect(error.detail).toEqual(failure)
    expect(error.url).toBe(at('/lro/ops/f1'))
    expect(error.message).toContain('The model could not be trained. [BadArgument]')
    // A failed operation has no result to fetch: the Location is never asked.
    expect(seen()).toEqual([`POST ${at('/lro/jobs')}`, `GET ${at('/lro/ops/f1')}`])
  })
})

describe('Azure: the monitor and the headers around it', () => {
  // Considerations, step 6: a 202 may already carry the status monitor in a terminal state; both
  // the guidelines' flow and core-lro still GET the monitor it names.
  it('reads the monitor once when the 202 body is already a Succeeded status monitor', async () => {
    const monitor = { id: 't1', status: 'Succeeded', result: { n: 1 } }
    server.use(
      http.post(
        at('/lro/jobs'),
        json(monitor, { status: 202, headers: { 'operation-location': at('/lro/ops/t1') } }),
      ),
      http.get(at('/lro/ops/t1'), json(monitor)),
    )
    await expect(finishWithin(api().run('/lro/jobs', { json: {} }), 5000)).resolves.toEqual({
      n: 1,
    })
    expect(seen()).toEqual([`POST ${at('/lro/jobs')}`, `GET ${at('/lro/ops/t1')}`])
  })

  it('keeps polling the monitor when a running answer carries a Location header', async () => {
    server.use(
      ...monitorJob('m1', [
        json({ status: 'Running' }, { headers: { location: at('/lro/elsewhere') } }),
        json({ status: 'Succeeded', result: { m: 1 } }),
      ]),
    )
    await expect(finishWithin(api().run('/lro/jobs', { json: {} }), 5000)).resolves.toEqual({
      m: 1,
    })
    expect(seen()).toEqual([`POST ${at('/lro/jobs')}`, ...times(2, `GET ${at('/lro/ops/m1')}`)])
  })
})

describe('Azure: Retry-After', () => {
  it("waits the submit's Retry-After before the first poll and the monitor's before the next", async () => {
    server.use(
      ...monitorJob(
        'r1',
        [
          json({ status: 'Running' }, { headers: { 'retry-after': '3' } }),
          json({ status: 'Succeeded', result: {} }),
        ],
        { 'retry-after': '1' },
      ),
    )
    const start = Date.now()
    await finishWithin(api().run('/lro/jobs', { json: {} }), 10_000)
    expect(requests.map((request) => request.at - start)).toEqual([0, 1000, 4000])
  })

  it('waits x-ms-retry-after-ms and retry-after-ms from the monitor', async () => {
    server.use(
      ...monitorJob('ms', [
        json({ status: 'Running' }, { headers: { 'x-ms-retry-after-ms': '1500' } }),
        json({ status: 'Running' }, { headers: { 'retry-after-ms': '700' } }),
        json({ status: 'Succeeded', result: {} }),
      ]),
    )
    const start = Date.now()
    await finishWithin(api().run('/lro/jobs', { json: {} }), 10_000)
    expect(requests.map((request) => request.at - start)).toEqual([0, 100, 1600, 2300])
  })

  it('waits until the HTTP-date of a monitor Retry-After', async () => {
    vi.setSystemTime(new Date('2026-12-04T12:00:00.000Z'))
    server.use(
      ...monitorJob('hd', [
        json(
          { status: 'Running' },
          { headers: { 'retry-after': 'Fri, 04 Dec 2026 12:00:05 GMT' } },
        ),
        json({ status: 'Succeeded', result: {} }),
      ]),
    )
    const start = Date.now()
    await finishWithin(api().run('/lro/jobs', { json: {} }), 10_000)
    expect(requests.map((request) => request.at - start)).toEqual([0, 100, 5000])
  })

  it('waits the Retry-After of each 202 while polling a Location', async () => {
    server.use(
      http.post(at('/lro/jobs'), empty(202, { location: at('/lro/loc/1'), 'retry-after': '2' })),
      http.get(at('/lro/loc/1'), inTurn(empty(202, { 'retry-after': '3' }), json({ l: 1 }))),
    )
    const start = Date.now()
    const run = api({ protocol: 'azure' }).run('/lro/jobs', { json: {} })
    await expect(finishWithin(run, 10_000)).resolves.toEqual({ l: 1 })
    expect(requests.map((request) => request.at - start)).toEqual([0, 2000, 5000])
  })
})

describe('Azure: a resource polled through its provisioningState', () => {
  it.each(['Updating', 'Deleting'])(
    'keeps polling a resource whose PUT answered 200 %s until it says Succeeded',
    async (word) => {
      const resource = (state: string) => ({ name: 'r1', properties: { provisioningState: state } })
      server.use(
        http.put(at('/lro/res/r1'), json(resource(word))),
        http.get(at('/lro/res/r1'), inTurn(json(resource(word)), json(resource('Succeeded')))),
      )
      const result = await finishWithin(api().run('/lro/res/r1', { method: 'PUT', json: {} }), 5000)
      expect(result).toEqual(resource('Succeeded'))
      expect(seen()).toEqual([`PUT ${at('/lro/res/r1')}`, ...times(2, `GET ${at('/lro/res/r1')}`)])
    },
  )

  it.each(['Canceled', 'Cancelled'])(
    'rejects a resource whose provisioningState turns %s with OperationCanceledError',
    async (word) => {
      server.use(
        http.put(at('/lro/res/r2'), json({ provisioningState: 'Creating' }, { status: 201 })),
        http.get(at('/lro/res/r2'), json({ provisioningState: word })),
      )
      const error = rejection(
        await settleWithin(api().run('/lro/res/r2', { method: 'PUT', json: {} }), 5000),
      )
      expect(error).toBeInstanceOf(OperationCanceledError)
      expect(seen()).toEqual([`PUT ${at('/lro/res/r2')}`, `GET ${at('/lro/res/r2')}`])
    },
  )

  it('settles a 200 PUT whose body has no provisioningState at once, with that body and no poll', async () => {
    server.use(http.put(at('/lro/res/r3'), json({ name: 'r3', color: 'blue' })))
    const op = await api().start('/lro/res/r3', { method: 'PUT', json: {} })
    await expect(finishWithin(op.wait(), 5000)).resolves.toEqual({ name: 'r3', color: 'blue' })
    expect(seen()).toEqual([`PUT ${at('/lro/res/r3')}`])
  })
})

describe('Azure: relative status locations', () => {
  it('resolves a relative Location against the URL of the answer that carried it', async () => {
    server.use(
      http.put(at('/v2/lro/files/f1'), empty(202, { location: '../operations/7' })),
      http.get(at('/v2/lro/operations/7'), empty(202, { location: '8' })),
      http.get(at('/v2/lro/operations/8'), json({ name: 'f1' })),
    )
    const op = await api({ protocol: 'azure' }).start('/v2/lro/files/f1', {
      method: 'PUT',
      json: {},
    })
    expect(op.statusUrl).toBe(at('/v2/lro/operations/7'))
    await expect(finishWithin(op.wait(), 5000)).resolves.toEqual({ name: 'f1' })
    expect(seen()).toEqual([
      `PUT ${at('/v2/lro/files/f1')}`,
      `GET ${at('/v2/lro/operations/7')}`,
      `GET ${at('/v2/lro/operations/8')}`,
    ])
  })

  it('resolves a relative Operation-Location against the submit URL', async () => {
    server.use(
      http.post(at('/v2/lro/jobs'), empty(202, { 'operation-location': 'jobs/9/status' })),
      http.get(at('/v2/lro/jobs/9/status'), json({ status: 'Succeeded', result: { n: 9 } })),
    )
    const op = await api().start('/v2/lro/jobs', { json: {} })
    expect(op.statusUrl).toBe(at('/v2/lro/jobs/9/status'))
    await expect(finishWithin(op.wait(), 5000)).resolves.toEqual({ n: 9 })
  })
})

describe('Google AIP-151', () => {
  const google = () => createClient({ baseUrl: at('/v1'), backoff, headers: credentials })
  const name = 'projects/p/locations/l/operations/x'
  const operationUrl = at(`/v1/${name}`)
  const metadata = (progressPercent: number) => ({
    '@type': 'type.googleapis.com/google.cloud.example.v1.OperationMetadata',
    progressPercent,
  })
  const submit = (answer: Answer) => http.post(at('/v1/projects/p/locations/l/instances'), answer)
  const start = () => google().start('/projects/p/locations/l/instances', { json: {} })
  const run = () => start().then((op) => op.wait())

  it('polls GET /v1/{name} for a located name, with progress from typed metadata, and keeps response.@type', async () => {
    const instance = {
      '@type': 'type.googleapis.com/google.cloud.example.v1.Instance',
      name: 'projects/p/locations/l/instances/i1',
    }
    server.use(
      submit(json({ name, done: false, metadata: metadata(0) })),
      http.get(
        operationUrl,
        inTurn(
          json({ name, done: false, metadata: metadata(42) }),
          json({ name, done: true, metadata: metadata(100), response: instance }),
        ),
      ),
    )
    const op = await start()
    expect(op.statusUrl).toBe(operationUrl)
    const progress: Array<number | undefined> = []
    const result = await finishWithin(
      op.wait({ onProgress: (snap) => progress.push(snap.progress) }),
      5000,
    )
    expect(result).toEqual(instance)
    expect(progress).toEqual([0.42, 1])
    expect(seen()).toEqual([
      `POST ${at('/v1/projects/p/locations/l/instances')}`,
      ...times(2, `GET ${operationUrl}`),
    ])
  })

  it('polls on through answers that leave `done` out (proto3 default false)', async () => {
    server.use(
      submit(json({ name, metadata: metadata(0) })),
      http.get(
        operationUrl,
        inTurn(
          json({ name }),
          json({ name, metadata: metadata(50) }),
          json({ name, done: true, response: { ok: true } }),
        ),
      ),
    )
    await expect(finishWithin(run(), 5000)).resolves.toEqual({ ok: true })
    expect(seen()).toHaveLength(4)
  })

  it('rejects done with error code 1 (CANCELLED) with OperationCanceledError', async () => {
    server.use(
      submit(json({ name, done: false })),
      http.get(
        operationUrl,
        json({ name, done: true, error: { code: 1, message: 'Cancelled by user' } }),
      ),
    )
    const error = rejection(await settleWithin(run(), 5000))
    expect(error).toBeInstanceOf(OperationCanceledError)
    expect(seen()).toHaveLength(2)
  })

  it('rejects done with error code 1 and no message with OperationCanceledError', async () => {
    server.use(
      submit(json({ name, done: false })),
      http.get(operationUrl, json({ name, done: true, error: { code: 1 } })),
    )
    const error = rejection(await settleWithin(run(), 5000))
    expect(error).toBeInstanceOf(OperationCanceledError)
  })

  it('resolves an Operation already done on the submit with its response, with no poll', async () => {
    server.use(submit(json({ name, done: true, response: { ok: true } })))
    await expect(finishWithin(run(), 5000)).resolves.toEqual({
      ok: true,
    })
    expect(seen()).toEqual([`POST ${at('/v1/projects/p/locations/l/instances')}`])
  })

  it('rejects done with error code 4 (DEADLINE_EXCEEDED) with OperationFailedError carrying code and message', async () => {
    const failure = { code: 4, message: 'Deadline exceeded while provisioning', details: [] }
    server.use(
      submit(json({ name, done: false })),
      http.get(operationUrl, json({ name, done: true, error: failure })),
    )
    const error = rejection(await settleWithin(run(), 5000)) as OperationFailedError
    expect(error).toBeInstanceOf(OperationFailedError)
    expect(error.detail).toEqual(failure)
    expect(error.message).toContain('Deadline exceeded while provisioning [4]')
  })

  // google-gax (longrunning.ts, _unpackResponse) completes such an Operation with no response.
  it('resolves done with neither response nor error with undefined', async () => {
    server.use(
      submit(json({ name, done: false })),
      http.get(operationUrl, json({ name, done: true, metadata: metadata(100) })),
    )
    await expect(finishWithin(run(), 5000)).resolves.toBeUndefined()
    expect(seen()).toHaveLength(2)
  })

  // AIP-151: a service that cannot cancel answers the cancel with UNIMPLEMENTED (HTTP 501).
  it('reports a cancel answered 501 UNIMPLEMENTED as not supported, and stops polling', async () => {
    server.use(
      submit(json({ name, done: false })),
      http.get(operationUrl, json({ name, done: false })),
      http.post(
        `${operationUrl}:cancel`,
        json({ error: { code: 501, status: 'UNIMPLEMENTED' } }, { status: 501 }),
      ),
    )
    const { cancel, wait } = await cancelWhileWaiting(await start())
    expect(rejection(cancel)).toBeInstanceOf(CancelNotSupportedError)
    expect(rejection(wait)).toBeInstanceOf(OperationCanceledError)
    expect(seen()).toEqual([
      `POST ${at('/v1/projects/p/locations/l/instances')}`,
      `GET ${operationUrl}`,
      `POST ${operationUrl}:cancel`,
    ])
  })

  it('cancels with POST {name}:cancel, and a resumed copy then reads CANCELLED from the server', async () => {
    let canceled = false
    server.use(
      submit(json({ name, done: false })),
      http.post(`${operationUrl}:cancel`, () => {
        canceled = true
        return HttpResponse.json({})
      }),
      http.get(operationUrl, () =>
        HttpResponse.json(
          canceled
            ? { name, done: true, error: { code: 1, message: 'Operation was cancelled' } }
            : { name, done: false, metadata: metadata(10) },
        ),
      ),
    )
    const op = await start()
    const token = JSON.parse(JSON.stringify(op))
    const { cancel, wait } = await cancelWhileWaiting(op)
    expect(cancel).toEqual({ status: 'fulfilled', value: true })
    expect(rejection(wait)).toBeInstanceOf(OperationCanceledError)
    expect(seen()).toEqual([
      `POST ${at('/v1/projects/p/locations/l/instances')}`,
      `GET ${operationUrl}`,
      `POST ${operationUrl}:cancel`,
    ])
    expect(requests.at(-1)?.headers.get('authorization')).toBe('Bearer secret')
    const again = google().resume(token)
    expect(rejection(await settleWithin(again.wait(), 5000))).toBeInstanceOf(OperationCanceledError)
    expect(seen().at(-1)).toBe(`GET ${operationUrl}`)
  })
})

describe('Azure and Google, where the guidelines and the peers say more', () => {
  it.each([
    { method: 'PUT', finalStateVia: 'azure-async-operation' },
    { method: 'PUT', finalStateVia: 'operation-location' },
    { method: 'PATCH', finalStateVia: 'azure-async-operation' },
    { method: 'PATCH', finalStateVia: 'operation-location' },
  ] as const)(
    '$method with finalStateVia $finalStateVia still GETs the original URL: a monitor holds no resource',
    async ({ method, finalStateVia }) => {
      const vault = { name: 's1', provisioningState: 'Succeeded' }
      server.use(
        http.all(at('/lro/vaults/s1'), ({ request }) =>
          request.method === 'GET'
            ? HttpResponse.json(vault)
            : HttpResponse.json(
                { name: 's1', provisioningState: 'Updating' },
                { headers: { 'azure-asyncoperation': at('/lro/ops/s1') } },
              ),
        ),
        http.get(at('/lro/ops/s1'), json({ id: 's1', status: 'Succeeded' })),
      )
      const result = await finishWithin(
        api().run('/lro/vaults/s1', { method, json: {}, finalStateVia }),
        5000,
      )
      expect(result).toEqual(vault)
      expect(seen()).toEqual([
        `${method} ${at('/lro/vaults/s1')}`,
        `GET ${at('/lro/ops/s1')}`,
        `GET ${at('/lro/vaults/s1')}`,
      ])
    },
  )

  it.each(['PartiallySucceeded', 'SucceededWithWarnings'])(
    'ends at a monitor status %s as a success, as core-lro does, rather than polling to the deadline',
    async (word) => {
      server.use(
        ...monitorJob('ps', [
          json({ status: 'Running' }),
          json({ status: word, result: { ok: 1 } }),
        ]),
      )
      const run = createClient({ baseUrl: origin, backoff, timeoutMs: 3000 }).run('/lro/jobs', {
        json: {},
      })
      await expect(finishWithin(run, 5000)).resolves.toEqual({ ok: 1 })
      expect(seen()).toEqual([`POST ${at('/lro/jobs')}`, ...times(2, `GET ${at('/lro/ops/ps')}`)])
    },
  )

  it('cancels an Azure operation with POST {monitor}:cancel, keeping the api-version query', async () => {
    let canceled = false
    const monitor = at('/lro/ops/c9?api-version=2024-05-01')
    server.use(
      http.post(at('/lro/jobs'), empty(202, { 'operation-location': monitor })),
      http.post(at('/lro/ops/c9:cancel'), () => {
        canceled = true
        return HttpResponse.json({ id: 'c9', status: 'Canceled' })
      }),
      // A DELETE of the monitor would purge its record (Considerations, step 7), not stop the work.
      http.delete(at('/lro/ops/c9'), empty(405)),
      http.get(at('/lro/ops/c9'), () =>
        HttpResponse.json({ id: 'c9', status: canceled ? 'Canceled' : 'Running' }),
      ),
    )
    const { cancel, wait } = await cancelWhileWaiting(await api().start('/lro/jobs', { json: {} }))
    expect(cancel).toEqual({ status: 'fulfilled', value: true })
    expect(rejection(wait)).toBeInstanceOf(OperationCanceledError)
    expect(seen()).toEqual([
      `POST ${at('/lro/jobs')}`,
      `GET ${monitor}`,
      `POST ${at('/lro/ops/c9:cancel?api-version=2024-05-01')}`,
    ])
  })

  it('cancels with a DELETE of the monitor where it has no :cancel action, as older services do', async () => {
    const monitor = at('/lro/batches/d4')
    server.use(
      http.post(at('/lro/batches'), empty(202, { 'operation-location': monitor })),
      http.post(at('/lro/batches/d4:cancel'), empty(404)),
      http.delete(monitor, json({ id: 'd4', status: 'Cancelling' })),
      http.get(monitor, json({ id: 'd4', status: 'Running' })),
    )
    const { cancel, wait } = await cancelWhileWaiting(
      await api().start('/lro/batches', { json: {} }),
    )
    expect(cancel).toEqual({ status: 'fulfilled', value: true })
    expect(rejection(wait)).toBeInstanceOf(OperationCanceledError)
    expect(seen()).toEqual([
      `POST ${at('/lro/batches')}`,
      `GET ${monitor}`,
      `POST ${at('/lro/batches/d4:cancel')}`,
      `DELETE ${monitor}`,
    ])
  })

  it('reports the :cancel answer when neither the action nor a DELETE of the monitor is served', async () => {
    const monitor = at('/lro/ops/n5')
    server.use(
      http.post(at('/lro/jobs'), empty(202, { 'operation-location': monitor })),
      http.post(at('/lro/ops/n5:cancel'), empty(404)),
      http.delete(monitor, empty(405)),
      http.get(monitor, json({ id: 'n5', status: 'Running' })),
    )
    const { cancel } = await cancelWhileWaiting(await api().start('/lro/jobs', { json: {} }))
    expect(cancel.status).toBe('rejected')
    const error = (cancel as PromiseRejectedResult).reason as CancelNotSupportedError
    expect(error).toBeInstanceOf(CancelNotSupportedError)
    expect(error.httpStatus).toBe(404)
    expect(error.url).toBe(at('/lro/ops/n5:cancel'))
    expect(seen().slice(-2)).toEqual([`POST ${at('/lro/ops/n5:cancel')}`, `DELETE ${monitor}`])
  })

  it('puts :cancel at the end of the path of an operation URL that has a query', async () => {
    server.use(
      http.post(at('/v1/things:make'), json({ name: 'operations/q5', done: false })),
      http.get(at('/v1/operations/q5'), json({ name: 'operations/q5', done: false })),
      http.post(at('/v1/operations/q5:cancel'), json({})),
    )
    const client = createClient({
      baseUrl: at('/v1'),
      backoff,
      protocol: googleOperations({ operationUrl: (name) => at(`/v1/${name}?key=k1`) }),
    })
    const { cancel } = await cancelWhileWaiting(await client.start('/things:make', { json: {} }))
    expect(cancel).toEqual({ status: 'fulfilled', value: true })
    expect(seen().at(-1)).toBe(`POST ${at('/v1/operations/q5:cancel?key=k1')}`)
  })
})
