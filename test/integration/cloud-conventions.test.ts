import { afterEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { azure } from '../../src/azure.js'
import { google, googleOperations as googleOperationsOfItsOwn } from '../../src/google.js'
import {
  CancelNotSupportedError,
  createClient,
  googleOperations,
  OperationCanceledError,
  OperationFailedError,
  type Protocol,
  type Snapshot,
} from '../../src/index.js'
import { finishWithin, rejection, settleWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks } = useTaskServer({ durationMs: 4000, steps: 4, result: { rows: 3 } })
useFakeTime()
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
const api = (options = {}) => createClient({ baseUrl, backoff, ...options })
/** A Google API's client: its paths are custom methods under the API version. */
const googleApi = (options = {}) =>
  createClient({ baseUrl: 'https://api.example.com/v1', backoff, ...options })
const Rows = z.object({ rows: z.number() })
/** `METHOD url` of every request the server saw, in order. */
const seen = () => tasks().requests.map((r) => `${r.method} ${r.url}`)
/** `item` repeated `count` times. */
const times = <T>(count: number, item: T): T[] => Array.from({ length: count }, () => item)

afterEach(() => {
  expect(tasks().requests.every((r) => !r.path.includes('undefined'))).toBe(true)
})

describe('Azure-style operations', () => {
  it('polls Operation-Location over Location, then fetches the Location result of a POST', async () => {
    const op = await api().start('/azure/jobs', { json: {} })
    expect(op.statusUrl).toBe('https://api.example.com/azure/operations/a-1')
    const states: string[] = []
    const rows = await finishWithin(
      op.wait({
        result: Rows,
        status: z.object({ status: z.string(), percentComplete: z.number() }),
        onProgress: (snap) => states.push(`${snap.status?.status}@${snap.progress}`),
      }),
      10_000,
    )
    expect(rows).toEqual({ rows: 3 })
    expect(states).toEqual(['Running@0.25', 'Running@0.5', 'Running@0.75', 'Succeeded@1'])
    expect(tasks().count('GET', '/azure/results/a-1')).toBe(1)
  })

  it('fetches the original resource after a PUT', async () => {
    const widget = await finishWithin(
      api().run('/azure/widgets/w1', { method: 'PUT', json: {} }),
      10_000,
    )
    expect(widget).toEqual({ name: 'w1', color: 'blue', provisioningState: 'Succeeded' })
    expect(tasks().requests.at(-1)?.url).toBe('https://api.example.com/v2/azure/widgets/w1')
  })

  it('surfaces error {code, message} in OperationFailedError', async () => {
    const run = api().run('/azure/jobs', { json: { job: { outcome: 'failed' } } })
    const error = rejection(await settleWithin(run, 10_000)) as OperationFailedError
    expect(error).toBeInstanceOf(OperationFailedError)
    expect(error.detail).toEqual({ code: 'QuotaExceeded', message: 'The quota is exhausted.' })
    expect(error.message).toMatch(/The quota is exhausted\. \[QuotaExceeded\]$/)
  })

  it('rejects a server-side cancel with OperationCanceledError', async () => {
    const run = api().run('/azure/jobs', { json: { job: { outcome: 'canceled' } } })
    expect(rejection(await settleWithin(run, 10_000))).toBeInstanceOf(OperationCanceledError)
  })

  it('reports a monitor without cancel support, and stops polling all the same', async () => {
    const op = await api().start('/azure/jobs', { json: {} })
    const waiting = op.wait()
    await settleWithin(Promise.resolve(), 1500)
    const cancel = op.cancel()
    await expect(cancel).rejects.toBeInstanceOf(CancelNotSupportedError)
    // The guidelines' action on the monitor first, then the DELETE older services cancel with.
    await expect(cancel).rejects.toThrow(
      /POST https:\/\/api.example.com\/azure\/operations\/a-1:cancel answered 405/,
    )
    expect(seen().slice(-2)).toEqual([
      'POST https://api.example.com/azure/operations/a-1:cancel',
      'DELETE https://api.example.com/azure/operations/a-1',
    ])
    await expect(waiting).rejects.toBeInstanceOf(OperationCanceledError)
    const polls = tasks().count('GET', '/azure/operations/a-1')
    await settleWithin(Promise.resolve(), 10_000)
    expect(tasks().count('GET', '/azure/operations/a-1')).toBe(polls)
  })
})

describe('Google AIP-151 operations', () => {
  it('polls /v1/{name} until done, then resolves with response', async () => {
    const op = await googleApi().start('/reports:generate', { json: {} })
    expect(op.statusUrl).toBe('https://api.example.com/v1/operations/op-1')
    const progress: number[] = []
    const rows = await finishWithin(
      op.wait({ result: Rows, onProgress: (snap) => progress.push(snap.progress ?? -1) }),
      10_000,
    )
    expect(rows).toEqual({ rows: 3 })
    expect(progress).toEqual([0.25, 0.5, 0.75, 1])
  })

  it('rejects error {code, message, details} with OperationFailedError', async () => {
    const run = googleApi().run('/reports:generate', { json: { job: { outcome: 'failed' } } })
    const error = rejection(await settleWithin(run, 10_000)) as OperationFailedError
    expect(error.detail).toEqual({
      code: 8,
      message: 'Resource exhausted',
      details: [{ reason: 'QUOTA' }],
    })
  })

  it('cancels with POST {name}:cancel, and the server reports CANCELLED', async () => {
    const op = await googleApi().start('/reports:generate', { json: {} })
    const waiting = op.wait()
    await settleWithin(Promise.resolve(), 1500)
    await expect(op.cancel()).resolves.toBe(true)
    await expect(waiting).rejects.toBeInstanceOf(OperationCanceledError)
    expect(tasks().count('POST', '/v1/operations/op-1:cancel')).toBe(1)
    // A second client resuming nothing: the server's own record says canceled.
    const again = await googleApi().start('/reports:generate', {
      json: { job: { outcome: 'canceled', durationMs: 100 } },
    })
    await expect(finishWithin(again.wait(), 5000)).rejects.toBeInstanceOf(OperationCanceledError)
  })

  it('takes the operation URL from the options', async () => {
    const client = googleApi({
      protocol: googleOperations({ operationUrl: (name) => `https://api.example.com/v2/${name}` }),
    })
    await expect(
      finishWithin(client.run('/reports:generate', { json: {} }), 10_000),
    ).resolves.toEqual({
      rows: 3,
    })
    expect(seen()).toEqual([
      'POST https://api.example.com/v1/reports:generate',
      ...times(4, 'GET https://api.example.com/v2/operations/op-1'),
    ])
  })

  it.each([undefined, 'google' as const])(
    'polls a bare {"name":"operations/…"} answer under the submit API version (protocol: %s)',
    async (protocol) => {
      const speech = createClient({
        baseUrl: 'https://speech.example.com/v1p1beta1',
        backoff,
        ...(protocol ? { protocol } : {}),
      })
      const op = await speech.start('/speech:longrunningrecognize', { json: {} })
      expect(op.statusUrl).toBe('https://speech.example.com/v1p1beta1/operations/op-1')
      const snaps: Snapshot[] = []
      const rows = await finishWithin(
        op.wait({ result: Rows, onProgress: (snap) => snaps.push(snap) }),
        10_000,
      )
      expect(rows).toEqual({ rows: 3 })
      expect(snaps.map((snap) => snap.state)).toEqual([
        'pending',
        'pending',
        'pending',
        'succeeded',
      ])
      expect(seen()).toEqual([
        'POST https://speech.example.com/v1p1beta1/speech:longrunningrecognize',
        ...times(4, 'GET https://speech.example.com/v1p1beta1/operations/op-1'),
      ])
    },
  )

  it('cancels at the operation URL under the submit API version', async () => {
    const beta = createClient({ baseUrl: 'https://api.example.com/api/v2beta', backoff })
    const op = await beta.start('/reports:generate', { json: {} })
    expect(op.statusUrl).toBe('https://api.example.com/api/v2beta/operations/op-1')
    const waiting = op.wait()
    await settleWithin(Promise.resolve(), 1500)
    await expect(op.cancel()).resolves.toBe(true)
    await expect(waiting).rejects.toBeInstanceOf(OperationCanceledError)
    expect(seen()).toEqual([
      'POST https://api.example.com/api/v2beta/reports:generate',
      'GET https://api.example.com/api/v2beta/operations/op-1',
      'POST https://api.example.com/api/v2beta/operations/op-1:cancel',
    ])
  })
})

describe('generic cancel', () => {
  it('sends DELETE to the status resource and reports that the server accepted', async () => {
    const op = await api().start('/jobs', { json: {} })
    const waiting = op.wait()
    await settleWithin(Promise.resolve(), 1500)
    await expect(op.cancel()).resolves.toBe(true)
    await expect(waiting).rejects.toBeInstanceOf(OperationCanceledError)
    expect(tasks().count('DELETE', '/jobs/1')).toBe(1)
    await expect(op.wait()).rejects.toBeInstanceOf(OperationCanceledError)
  })

  it('reports false when the server refuses because the job already ended', async () => {
    const op = await api().start('/jobs', { json: { job: { durationMs: 500 } } })
    await settleWithin(Promise.resolve(), 1000)
    await expect(op.cancel()).resolves.toBe(false)
  })

  it('reports false, and sends nothing, for an operation already settled', async () => {
    const op = await api().start('/jobs', { json: { job: { durationMs: 500 } } })
    await finishWithin(op.wait(), 5000)
    await expect(op.cancel()).resolves.toBe(false)
    expect(tasks().count('DELETE', '/jobs/1')).toBe(0)
  })
})

describe('a user-defined convention', () => {
  it('works with the same shape the built-ins use', async () => {
    const phases: Protocol = {
      name: 'phases',
      observe: ({ body }) => {
        const { status, result_url } = body as { status: string; result_url?: string }
        if (status !== 'completed') return { state: 'pending' }
        return {
          state: 'succeeded',
          result: { kind: 'link', url: new URL(result_url ?? '', 'https://api.example.com') },
        }
      },
    }
    const seen: Snapshot[] = []
    const rows = await finishWithin(
      api({ protocol: phases }).run('/jobs', { json: {}, onProgress: (s) => seen.push(s) }),
      10_000,
    )
    expect(rows).toEqual({ rows: 3 })
    expect(seen.every((s) => s.progress === undefined)).toBe(true)
  })
})

describe("an app's own conventions (`conventions`)", () => {
  /** Claims what Azure's convention would: an answer naming an `Operation-Location` monitor. */
  const monitors: Protocol = {
    name: 'monitors',
    detect: ({ headers }) => headers.has('operation-location'),
    observe: ({ body }) => {
      const { status } = body as { status: string }
      return status === 'Succeeded'
        ? { state: 'succeeded', result: { kind: 'inline', value: 'read by mine' } }
        : { state: 'pending' }
    },
  }

  it('are asked before the built-in ones, which detect the rest as before', async () => {
    const client = api({ conventions: [monitors] })
    const mine = await client.start('/azure/jobs', { json: {} })
    expect(JSON.parse(JSON.stringify(mine))).toMatchObject({ protocol: 'monitors' })
    await expect(finishWithin(mine.wait(), 10_000)).resolves.toBe('read by mine')
    const report = await client.start('/v1/reports:generate', { json: {} })
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({ protocol: 'google' })
    await expect(finishWithin(report.wait(), 10_000)).resolves.toEqual({ rows: 3 })
    await expect(finishWithin(client.run('/jobs', { json: {} }), 10_000)).resolves.toEqual({
      rows: 3,
    })
  })

  it('pollwise/azure and pollwise/google export the built-in conventions, which need no registering', async () => {
    expect(azure.name).toBe('azure')
    expect(google.name).toBe('google')
    expect(googleOperationsOfItsOwn).toBe(googleOperations)
    // Listing a built-in one is allowed, and changes nothing but the order it is asked in.
    await expect(
      finishWithin(api({ conventions: [azure, google] }).run('/azure/jobs', { json: {} }), 10_000),
    ).resolves.toEqual({ rows: 3 })
    await expect(
      finishWithin(api({ protocol: azure }).run('/azure/jobs', { json: {} }), 10_000),
    ).resolves.toEqual({ rows: 3 })
  })
})
