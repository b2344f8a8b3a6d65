import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createClient,
  HTTPError,
  OperationCanceledError,
  OperationFailedError,
  type Snapshot,
  type StartOptions,
} from '../../src/index.js'
import { finishWithin, rejection, settleWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

/**
 * Azure's long-running operations as a user sees them (issue 7, "Azure's LRO semantics"; the
 * Azure REST API guidelines and the ARM async-operations doc): what `wait()` resolves with or
 * rejects with, and every request the server saw, so that a request Azure says must not be made
 * (a final GET after a DELETE or after a PATCH that already succeeded, a second POST) shows.
 *
 * Paths: a submit goes to `baseUrl` (`/v2/azure/...`); the monitors and Locations the server
 * names are root-relative (`/azure/operations/...`).
 */

const { tasks, server } = useTaskServer({ durationMs: 950, steps: 0, result: { rows: 3 } })
useFakeTime()
const backoff = {
  initialDelayMs: 100,
  factor: 1,
  maxDelayMs: 100,
  jitter: 'none',
  minDelayMs: 10,
} as const
const api = () => createClient({ baseUrl, backoff })
/** A `Location` alone says nothing about Azure: such services are read as Azure when told. */
const azureApi = () => createClient({ baseUrl, backoff, protocol: 'azure' })

/**
 * A job runs 950 ms (the defaults above) and is polled every 100 ms from its submit: the 10th poll,
 * at 1000 ms, is the first to see it finished.
 */
const polls = 10

/** `METHOD path` of every request the server saw, in order. */
const seen = () => tasks().requests.map((r) => `${r.method} ${r.path}`)
/** `item` repeated `count` times. */
const times = <T>(count: number, item: T): T[] => Array.from({ length: count }, () => item)

afterEach(() => {
  // Settled means settled: no poll, retry or deadline timer is left behind.
  expect(vi.getTimerCount()).toBe(0)
})

const resource = (provisioningState: string) => ({
  name: 'r1',
  color: 'green',
  properties: { provisioningState },
})

const endings = [
  { outcome: 'failed', provisioningState: 'Failed', error: OperationFailedError },
  { outcome: 'canceled', provisioningState: 'Canceled', error: OperationCanceledError },
] as const

describe('PUT and PATCH polled through the resource (no monitor header)', () => {
  const r1 = 'GET /v2/azure/resources/r1'

  it('PUT answered 201 Creating polls GET on the resource until Succeeded, and resolves with it', async () => {
    const op = await api().start('/azure/resources/r1', { method: 'PUT', json: {} })
    expect(op.statusUrl).toBe('https://api.example.com/v2/azure/resources/r1')
    const states: string[] = []
    const result = await finishWithin(
      op.wait({ onProgress: (snap) => states.push(snap.state) }),
      5000,
    )
    expect(result).toEqual(resource('Succeeded'))
    expect(seen()).toEqual(['PUT /v2/azure/resources/r1', ...times(polls, r1)])
    expect(states).toEqual([...times(polls - 1, 'pending'), 'succeeded'])
  })

  it.each(endings)(
    'PUT whose resource ends $provisioningState rejects with $error.name',
    async ({ outcome, provisioningState, error: ErrorClass }) => {
      const run = api().run('/azure/resources/r1', { method: 'PUT', json: { job: { outcome } } })
      const error = rejection(await settleWithin(run, 5000)) as
        | OperationFailedError
        | OperationCanceledError
      expect(error).toBeInstanceOf(ErrorClass)
      expect(error.snapshot.state).toBe(outcome)
      expect(error.snapshot.status).toEqual(resource(provisioningState))
      expect(error.message).toContain('https://api.example.com/v2/azure/resources/r1')
      expect(seen()).toEqual(['PUT /v2/azure/resources/r1', ...times(polls, r1)])
    },
  )

  /** Creates `r1`, done at once (one poll), and returns how many requests that took. */
  const createResource = async () => {
    await finishWithin(
      api().run('/azure/resources/r1', { method: 'PUT', json: { job: { durationMs: 0 } } }),
      1000,
    )
    expect(seen()).toEqual(['PUT /v2/azure/resources/r1', r1])
    return tasks().requests.length
  }

  it('PATCH answered 200 Updating polls GET on the resource until Succeeded, and resolves with it', async () => {
    const from = await createResource()
    const snaps: Snapshot[] = []
    const result = await finishWithin(
      api().run('/azure/resources/r1', {
        method: 'PATCH',
        json: {},
        onProgress: (snap: Snapshot) => snaps.push(snap),
      }),
      5000,
    )
    expect(result).toEqual(resource('Succeeded'))
    expect(seen().slice(from)).toEqual(['PATCH /v2/azure/resources/r1', ...times(polls, r1)])
    expect(snaps.map((snap) => snap.state)).toEqual([...times(polls - 1, 'pending'), 'succeeded'])
    expect(snaps.slice(0, -1).map((snap) => snap.status)).toEqual(
      times(polls - 1, resource('Updating')),
    )
  })

  it.each(endings)(
    'PATCH whose resource ends $provisioningState rejects with $error.name',
    async ({ outcome, provisioningState, error: ErrorClass }) => {
      const from = await createResource()
      const run = api().run('/azure/resources/r1', { method: 'PATCH', json: { job: { outcome } } })
      const error = rejection(await settleWithin(run, 5000)) as
        | OperationFailedError
        | OperationCanceledError
      expect(error).toBeInstanceOf(ErrorClass)
      expect(error.snapshot.state).toBe(outcome)
      expect(error.snapshot.status).toEqual(resource(provisioningState))
      expect(seen().slice(from)).toEqual(['PATCH /v2/azure/resources/r1', ...times(polls, r1)])
    },
  )
})

describe('any provisioningState but Succeeded, Failed and Canceled is not terminal', () => {
  it.each(['Accepted', 'Provisioning', 'Migrating'])(
    'polls a resource whose PUT answered 200 %s until it says Succeeded',
    async (word) => {
      const exchange: string[] = []
      server.use(
        http.put('*/azure/things/t1', () => {
          exchange.push(`PUT ${word}`)
          return HttpResponse.json({ name: 't1', properties: { provisioningState: word } })
        }),
        http.get('*/azure/things/t1', () => {
          const state = exchange.length < 3 ? word : 'Succeeded'
          exchange.push(`GET ${state}`)
          return HttpResponse.json({ name: 't1', properties: { provisioningState: state } })
        }),
      )
      const thing = await finishWithin(
        api().run('/azure/things/t1', { method: 'PUT', json: {} }),
        5000,
      )
      expect(thing).toEqual({ name: 't1', properties: { provisioningState: 'Succeeded' } })
      expect(exchange).toEqual([`PUT ${word}`, `GET ${word}`, `GET ${word}`, 'GET Succeeded'])
      expect(seen()).toEqual([])
    },
  )
})

describe('a monitor named in Azure-AsyncOperation or Operation-Location', () => {
  it('polls the Azure-AsyncOperation monitor that a POST names on a 200', async () => {
    const op = await api().start('/azure/actions/restart', { json: { job: { steps: 4 } } })
    expect(op.statusUrl).toBe('https://api.example.com/azure/operations/act-1')
    const snaps: Snapshot[] = []
    const result = await finishWithin(op.wait({ onProgress: (snap) => snaps.push(snap) }), 5000)
    const seenStates = snaps.map((snap) => `${snap.state}@${snap.progress}`)
    expect(result).toEqual({ rows: 3 })
    expect(seen()).toEqual([
      'POST /v2/azure/actions/restart',
      ...times(polls, 'GET /azure/operations/act-1'),
    ])
    expect(seenStates).toHaveLength(polls)
    expect(seenStates.filter((line, i) => line !== seenStates[i - 1])).toEqual([
      'pending@0',
      'pending@0.25',
      'pending@0.5',
      'pending@0.75',
      'succeeded@1',
    ])
    expect(snaps.at(-1)?.status).toMatchObject({ id: 'act-1', status: 'Succeeded' })
  })

  it('PUT answered 201 + Operation-Location polls the monitor, then GETs the widget once', async () => {
    const widget = await finishWithin(
      api().run('/azure/widgets/w1', { method: 'PUT', json: {} }),
      5000,
    )
    expect(widget).toEqual({ name: 'w1', color: 'blue', provisioningState: 'Succeeded' })
    expect(seen()).toEqual([
      'PUT /v2/azure/widgets/w1',
      ...times(polls, 'GET /azure/operations/w-w1'),
      'GET /v2/azure/widgets/w1',
    ])
  })

  it('PATCH answered 200 Succeeded with an Azure-AsyncOperation settles with its body and no further request', async () => {
    const widget = await finishWithin(
      api().run('/azure/widgets/w1', { method: 'PATCH', json: {} }),
      5000,
    )
    expect(widget).toEqual({ name: 'w1', color: 'red', provisioningState: 'Succeeded' })
    expect(seen()).toEqual(['PATCH /v2/azure/widgets/w1'])
  })

  it('settles a 201 with a terminal provisioningState and an Operation-Location without polling', async () => {
    const submits: string[] = []
    server.use(
      http.put('*/azure/gadgets/:name', ({ request }) => {
        submits.push(`${request.method} ${new URL(request.url).pathname}`)
        return HttpResponse.json(
          { name: 'g1', provisioningState: 'Succeeded' },
          { status: 201, headers: { 'operation-location': '/azure/operations/g-1' } },
        )
      }),
    )
    const gadget = await finishWithin(
      api().run('/azure/gadgets/g1', { method: 'PUT', json: {} }),
      5000,
    )
    expect(gadget).toEqual({ name: 'g1', provisioningState: 'Succeeded' })
    expect(submits).toEqual(['PUT /v2/azure/gadgets/g1'])
    // Any other request (the monitor, a GET of the gadget) would reach the task server's log.
    expect(seen()).toEqual([])
  })
})

describe('Location polling', () => {
  const hops = Array.from({ length: polls }, (_, i) => `GET /azure/exports/exp-1/poll/${i + 1}`)

  it('follows the new Location of every 202, each hop once and in order, to the 200 result', async () => {
    const result = await finishWithin(api().run('/azure/exports', { json: {} }), 5000)
    expect(result).toEqual({ rows: 3 })
    expect(seen()).toEqual(['POST /v2/azure/exports', ...hops])
  })

  it('resolves with undefined when the last hop answers 204', async () => {
    const result = await finishWithin(
      api().run('/azure/exports', { json: { job: { noContent: true } } }),
      5000,
    )
    expect(result).toBeUndefined()
    expect(seen()).toEqual(['POST /v2/azure/exports', ...hops])
  })
})

describe('Location alone, read as Azure: the last answer is the result, whatever the method', () => {
  const file = 'GET /v2/azure/files/f1'
  const operationPolls = times(polls, 'GET /azure/file-operations/f-1')

  it.each([
    ['PUT', { name: 'f1', size: 1 }],
    ['PATCH', { name: 'f1', size: 2 }],
  ])(
    '%s resolves with the final 200 body of its Location, with no GET on the original URL',
    async (method, body) => {
      const result = await finishWithin(
        azureApi().run('/azure/files/f1', { method, json: {} }),
        5000,
      )
      expect(result).toEqual(body)
      expect(seen()).toEqual([`${method} /v2/azure/files/f1`, ...operationPolls])
      expect(tasks().count('GET', '/v2/azure/files/f1')).toBe(0)
    },
  )

  it('DELETE resolves with the final 200 body of its Location', async () => {
    const result = await finishWithin(azureApi().run('/azure/files/f1', { method: 'DELETE' }), 5000)
    expect(result).toEqual({ name: 'f1', deleted: true })
    expect(seen()).toEqual(['DELETE /v2/azure/files/f1', ...operationPolls])
  })

  it.each(['PUT', 'PATCH', 'DELETE'])(
    '%s resolves with undefined when its Location ends with a 204',
    async (method) => {
      const result = await finishWithin(
        azureApi().run('/azure/files/f1', { method, json: { job: { noContent: true } } }),
        5000,
      )
      expect(result).toBeUndefined()
      expect(seen()).toEqual([`${method} /v2/azure/files/f1`, ...operationPolls])
    },
  )

  it("PUT with finalStateVia 'original-uri' GETs the original URL once the Location ends", async () => {
    const result = await finishWithin(
      azureApi().run('/azure/files/f1', { method: 'PUT', json: {}, finalStateVia: 'original-uri' }),
      5000,
    )
    expect(result).toEqual({ name: 'f1', via: 'original-uri' })
    expect(seen()).toEqual(['PUT /v2/azure/files/f1', ...operationPolls, file])
  })

  it('a failed Location rejects with the HTTPError carrying its error body', async () => {
    const run = azureApi().run('/azure/files/f1', {
      method: 'PUT',
      json: { job: { outcome: 'failed' } },
    })
    const error = rejection(await settleWithin(run, 5000)) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.response.status).toBe(400)
    expect(seen()).toEqual(['PUT /v2/azure/files/f1', ...operationPolls])
  })
})

describe('where the result of a POST comes from (finalStateVia)', () => {
  const submitAndPolls = ['POST /v2/azure/reports', ...times(polls, 'GET /azure/operations/rep-1')]

  it.each<{
    finalStateVia: NonNullable<StartOptions['finalStateVia']>
    result: unknown
    final: string[]
  }>([
    { finalStateVia: 'azure-async-operation', result: { via: 'monitor' }, final: [] },
    { finalStateVia: 'operation-location', result: { via: 'monitor' }, final: [] },
    {
      finalStateVia: 'location',
      result: { via: 'location' },
      final: ['GET /azure/reports/rep-1/result'],
    },
    {
      finalStateVia: 'original-uri',
      result: { via: 'original-uri' },
      final: ['GET /v2/azure/reports'],
    },
  ])(
    "finalStateVia '$finalStateVia' resolves with $result",
    async ({ finalStateVia, result, final }) => {
      const outcome = await finishWithin(
        api().run('/azure/reports', { json: {}, finalStateVia }),
        5000,
      )
      expect(outcome).toEqual(result)
      expect(seen()).toEqual([...submitAndPolls, ...final])
    },
  )

  it("without finalStateVia takes a POST's result from the submit's Location", async () => {
    const outcome = await finishWithin(api().run('/azure/reports', { json: {} }), 5000)
    expect(outcome).toEqual({ via: 'location' })
    expect(seen()).toEqual([...submitAndPolls, 'GET /azure/reports/rep-1/result'])
  })

  it("without a Location takes a POST's result from the monitor's resourceLocation", async () => {
    await finishWithin(
      api().run('/azure/resources/r1', { method: 'PUT', json: { job: { durationMs: 0 } } }),
      1000,
    )
    const from = tasks().requests.length
    const outcome = await finishWithin(
      api().run('/azure/actions/restart', {
        json: { job: { resourceLocation: '/v2/azure/resources/r1' } },
      }),
      5000,
    )
    expect(outcome).toEqual(resource('Succeeded'))
    expect(seen().slice(from)).toEqual([
      'POST /v2/azure/actions/restart',
      ...times(polls, 'GET /azure/operations/act-1'),
      'GET /v2/azure/resources/r1',
    ])
  })

  it("without a Location or a resourceLocation resolves with the monitor's result", async () => {
    const outcome = await finishWithin(
      api().run('/azure/actions/restart', { json: { job: { result: { rows: 9 } } } }),
      5000,
    )
    expect(outcome).toEqual({ rows: 9 })
    expect(seen()).toEqual([
      'POST /v2/azure/actions/restart',
      ...times(polls, 'GET /azure/operations/act-1'),
    ])
  })
})

describe('DELETE', () => {
  it('of a widget polls its monitor and resolves with undefined, with no GET on the widget', async () => {
    const result = await finishWithin(api().run('/azure/widgets/w1', { method: 'DELETE' }), 5000)
    expect(result).toBeUndefined()
    expect(seen()).toEqual([
      'DELETE /v2/azure/widgets/w1',
      ...times(polls, 'GET /azure/operations/del-1'),
    ])
    expect(tasks().count('GET', '/v2/azure/widgets/w1')).toBe(0)
  })

  it('of a resource polls its Location to the 204 and resolves with undefined, with no GET on the resource', async () => {
    const result = await finishWithin(api().run('/azure/resources/r1', { method: 'DELETE' }), 5000)
    expect(result).toBeUndefined()
    expect(seen()).toEqual([
      'DELETE /v2/azure/resources/r1',
      ...times(polls, 'GET /azure/deletions/del-1'),
    ])
    expect(tasks().count('GET', '/v2/azure/resources/r1')).toBe(0)
  })
})

describe('a PUT answered 200 with a running provisioningState and a Location', () => {
  it('polls the resource until its provisioningState ends, never resolving the running body', async () => {
    let gets = 0
    const paths: string[] = []
    server.use(
      http.put(`${baseUrl}/azure/sites/s1`, () =>
        HttpResponse.json(resource('Creating'), {
          headers: { location: `${baseUrl}/azure/sites/s1/status` },
        }),
      ),
      http.get(`${baseUrl}/azure/sites/s1`, ({ request }) => {
        paths.push(new URL(request.url).pathname)
        gets += 1
        return HttpResponse.json(resource(gets < 3 ? 'Creating' : 'Succeeded'))
      }),
    )
    const result = await finishWithin(
      api().run('/azure/sites/s1', { method: 'PUT', json: {} }),
      5000,
    )
    expect(result).toEqual(resource('Succeeded'))
    expect(paths).toEqual(times(3, '/v2/azure/sites/s1'))
  })
})

describe('404 from Azure', () => {
  it('from the monitor is an HTTPError at the first poll, with no grace and no wait for the deadline', async () => {
    let settled: unknown = 'still pending'
    api()
      .run('/azure/lost', { json: {} })
      .then(
        (value) => {
          settled = { resolvedWith: value }
        },
        (error: unknown) => {
          settled = error
        },
      )
    await vi.advanceTimersByTimeAsync(1000)
    expect(settled).toBeInstanceOf(HTTPError)
    const error = settled as HTTPError
    expect(error.response.status).toBe(404)
    expect(error.request.url).toBe('https://api.example.com/azure/operations/missing-1')
    expect(error.message).toContain('https://api.example.com/azure/operations/missing-1')
    expect(seen()).toEqual(['POST /v2/azure/lost', 'GET /azure/operations/missing-1'])
  })

  it('from the final GET of a PUT is an HTTPError at once', async () => {
    // One 404 only: a client that took it for "not yet" would succeed on the next GET.
    tasks().failNext({ count: 1, status: 404, method: 'GET', path: '/v2/azure/widgets/w1' })
    const run = api().run('/azure/widgets/w1', { method: 'PUT', json: {} })
    const error = rejection(await settleWithin(run, 5000)) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.response.status).toBe(404)
    expect(error.request.url).toBe('https://api.example.com/v2/azure/widgets/w1')
    expect(seen()).toEqual([
      'PUT /v2/azure/widgets/w1',
      ...times(polls, 'GET /azure/operations/w-w1'),
      'GET /v2/azure/widgets/w1',
    ])
  })
})

describe('hints that do not parse', () => {
  it('ignores Retry-After: /bar on the submit and the monitor, keeps its own cadence and completes', async () => {
    const pollTimes: number[] = []
    server.use(
      http.post(
        '*/azure/junk',
        () =>
          new HttpResponse(null, {
            status: 202,
            headers: { 'operation-location': '/azure/junk-monitor', 'retry-after': '/bar' },
          }),
      ),
      http.get('*/azure/junk-monitor', () => {
        pollTimes.push(Date.now())
        const done = pollTimes.length === 3
        return HttpResponse.json(
          done ? { status: 'Succeeded', result: { rows: 1 } } : { status: 'Running' },
          { headers: { 'retry-after': '/bar' } },
        )
      }),
    )
    const start = Date.now()
    const result = await finishWithin(api().run('/azure/junk', { json: {} }), 5000)
    expect(result).toEqual({ rows: 1 })
    expect(pollTimes.map((at) => at - start)).toEqual([100, 200, 300])
  })
})

describe('submit retries (RFC 9110)', () => {
  it('retries a PUT that answers 500 once, and resolves with its 200 body', async () => {
    const result = await finishWithin(
      api().run('/azure/flaky/x', { method: 'PUT', json: {} }),
      10_000,
    )
    expect(result).toEqual({ name: 'x', provisioningState: 'Succeeded' })
    expect(seen()).toEqual(times(2, 'PUT /v2/azure/flaky/x'))
  })

  it('retries a DELETE that answers 500 once, and resolves with undefined on its 204', async () => {
    const result = await finishWithin(api().run('/azure/flaky/x', { method: 'DELETE' }), 10_000)
    expect(result).toBeUndefined()
    expect(seen()).toEqual(times(2, 'DELETE /v2/azure/flaky/x'))
  })

  it.each(['POST', 'PATCH'])(
    'sends a %s that answers 500 once only, and rejects with its HTTPError',
    async (method) => {
      const run = api().run('/azure/flaky/x', { method, json: {} })
      const error = rejection(await settleWithin(run, 10_000)) as HTTPError
      expect(error).toBeInstanceOf(HTTPError)
      expect(error.response.status).toBe(500)
      expect(error.request.method).toBe(method)
      expect(seen()).toEqual([`${method} /v2/azure/flaky/x`])
    },
  )

  it('retries a POST with an idempotency key, sending the same Idempotency-Key both times', async () => {
    const result = await finishWithin(
      api().run('/azure/flaky/x', { json: {}, idempotencyKey: true }),
      10_000,
    )
    expect(result).toEqual({ name: 'x', provisioningState: 'Succeeded' })
    expect(seen()).toEqual(times(2, 'POST /v2/azure/flaky/x'))
    const [first, second] = tasks().requests.map((r) => r.headers['idempotency-key'])
    expect(first).toMatch(/\S/)
    expect(second).toBe(first)
  })
})

describe('the snapshots of a resource polled through its body', () => {
  it.each(['PUT', 'PATCH'])(
    "%s: the succeeded snapshot's status is the resource's Succeeded body",
    async (method) => {
      if (method === 'PATCH')
        await finishWithin(
          api().run('/azure/resources/r1', { method: 'PUT', json: { job: { durationMs: 0 } } }),
          1000,
        )
      const snaps: Snapshot[] = []
      await finishWithin(
        api().run('/azure/resources/r1', {
          method,
          json: {},
          onProgress: (snap: Snapshot) => snaps.push(snap),
        }),
        5000,
      )
      expect(snaps.at(-1)).toMatchObject({ state: 'succeeded', status: resource('Succeeded') })
    },
  )
})
