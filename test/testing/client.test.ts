import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  CancelNotSupportedError,
  createClient,
  HTTPError,
  OperationCanceledError,
  OperationFailedError,
  type Snapshot,
} from '../../src/index.js'
import {
  type SimulatedConvention,
  type SimulationOptions,
  simulateOperation,
} from '../../src/testing/index.js'
import { finishWithin, rejection, settleWithin, useFakeTime } from '../support/fake-time.js'

/** pollwise's own client against the simulations of every convention, over msw, in fake time. */

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())
useFakeTime(0)

const baseUrl = 'https://api.test/v2'
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
const api = createClient({ baseUrl, backoff })

/** Where each convention is submitted in these tests. */
const submitPaths: Record<SimulatedConvention, string> = {
  generic: '/reports',
  http: '/reports',
  result: '/reports',
  azure: '/reports',
  google: '/v1/reports:generate',
}
const conventions = Object.keys(submitPaths) as SimulatedConvention[]
/** How pollwise asks each convention's server to cancel: a custom method, or DELETE on the status. */
const cancelMethods: Record<SimulatedConvention, 'POST' | 'DELETE'> = {
  generic: 'DELETE',
  http: 'DELETE',
  result: 'DELETE',
  azure: 'POST',
  google: 'POST',
}
/** Conventions whose status speaks in words: they can say failed and canceled, and progress. */
const worded = ['generic', 'azure', 'google'] as const
const coded = ['http', 'result'] as const

function simulate(
  convention: SimulatedConvention,
  options: Partial<Omit<SimulationOptions, 'convention'>> = {},
) {
  const simulation = simulateOperation({
    convention,
    baseUrl,
    submitPath: submitPaths[convention],
    ...options,
  } as SimulationOptions)
  server.use(...simulation.handlers)
  return simulation
}

const kinds = (simulation: ReturnType<typeof simulate>, kind: string) =>
  simulation.requests.filter((request) => request.kind === kind)

describe.each(conventions)('%s: outcomes', (convention) => {
  it('resolves with the result on the poll that sees success', async () => {
    const simulation = simulate(convention, {
      polls: 3,
      result: { url: 'https://files.test/r.pdf' },
    })
    const snapshots: Snapshot[] = []
    const report = await finishWithin(
      api.run(submitPaths[convention], { onProgress: (snap) => snapshots.push(snap) }),
      10_000,
    )

    expect(report).toEqual({ url: 'https://files.test/r.pdf' })
    expect(kinds(simulation, 'poll')).toHaveLength(3)
    expect(snapshots.map((snap) => snap.state)).toEqual(['pending', 'pending', 'succeeded'])
    expect(simulation.operations[0]?.state).toBe('succeeded')
  })

  it('waits as long as Retry-After says, not as the client would', async () => {
    const simulation = simulate(convention, { polls: 3, retryAfterSec: 4 })
    // In `auto`, a 404 means "not yet" only in the first 5 s: result polling this slow is forced.
    const client = convention === 'result' ? createClient({ baseUrl, protocol: 'result' }) : api
    await finishWithin(client.run(submitPaths[convention]), 20_000)

    const times = [...kinds(simulation, 'submit'), ...kinds(simulation, 'poll')].map((r) => r.at)
    expect(times).toEqual([0, 4_000, 8_000, 12_000])
  })

  it('with durationMs, succeeds once that time has passed', async () => {
    const simulation = simulate(convention, { durationMs: 3_500 })
    const report = await finishWithin(api.run(submitPaths[convention]), 5_000)

    expect(report).toEqual({ ok: true })
    const polls = kinds(simulation, 'poll').map((request) => request.at)
    expect(polls).toEqual([1_000, 2_000, 3_000, 4_000])
  })

  it('cancels: op.cancel() reaches the server, which ends the operation as canceled', async () => {
    const simulation = simulate(convention, { polls: 10 })
    const op = await api.start(submitPaths[convention])
    const waiting = op.wait()
    await vi.advanceTimersByTimeAsync(2_500)

    expect(await op.cancel()).toBe(true)
    const error = rejection(await settleWithin(waiting, 5_000))
    expect(error).toBeInstanceOf(OperationCanceledError)
    expect(simulation.cancelCount).toBe(1)
    expect(simulation.operations[0]?.state).toBe('canceled')
    expect(kinds(simulation, 'poll')).toHaveLength(2)
    expect(kinds(simulation, 'cancel')[0]?.method).toBe(cancelMethods[convention])
  })

  it('cancel() answers false when the operation ended on the server before the client saw it', async () => {
    const simulation = simulate(convention, { durationMs: 500 })
    const op = await api.start(submitPaths[convention])
    await vi.advanceTimersByTimeAsync(600)

    expect(await op.cancel()).toBe(false)
    expect(simulation.cancelCount).toBe(1)
    expect(simulation.operations[0]?.state).toBe('succeeded')
  })

  it('cancel() throws CancelNotSupportedError with cancelable: false; polling stops anyway', async () => {
    const simulation = simulate(convention, { polls: 10, cancelable: false })
    const op = await api.start(submitPaths[convention])
    const waiting = op.wait()
    await vi.advanceTimersByTimeAsync(1_500)

    await expect(op.cancel()).rejects.toBeInstanceOf(CancelNotSupportedError)
    expect(rejection(await settleWithin(waiting, 5_000))).toBeInstanceOf(OperationCanceledError)
    expect(simulation.operations[0]?.state).toBe('pending')
    expect(kinds(simulation, 'poll')).toHaveLength(1)
  })
})

describe.each(worded)('%s: failure, cancel and progress in words', (convention) => {
  it('rejects with OperationFailedError carrying the error', async () => {
    const error = { code: 7, message: 'No quota left.' }
    simulate(convention, { polls: 2, outcome: 'failed', error })
    const failure = rejection(await settleWithin(api.run(submitPaths[convention]), 10_000))

    expect(failure).toBeInstanceOf(OperationFailedError)
    expect((failure as OperationFailedError).detail).toEqual(error)
    expect((failure as OperationFailedError).snapshot.state).toBe('failed')
  })

  it('rejects with OperationCanceledError when the outcome is canceled', async () => {
    simulate(convention, { polls: 2, outcome: 'canceled' })
    const error = rejection(await settleWithin(api.run(submitPaths[convention]), 10_000))
    expect(error).toBeInstanceOf(OperationCanceledError)
  })

  it('rejects with OperationCanceledError when someone else canceled it on the server', async () => {
    const simulation = simulate(convention, { polls: 10 })
    const op = await api.start(submitPaths[convention])
    const waiting = op.wait()
    await vi.advanceTimersByTimeAsync(1_500)
    const cancel = simulation.operations[0]?.statusUrl ?? ''
    const method = cancelMethods[convention]
    await fetch(method === 'POST' ? `${cancel}:cancel` : cancel, { method })

    expect(rejection(await settleWithin(waiting, 5_000))).toBeInstanceOf(OperationCanceledError)
    expect(kinds(simulation, 'poll')).toHaveLength(2)
  })

  it('reports the progress steps, then 1', async () => {
    simulate(convention, { polls: 4, progress: [0, 0.3, 0.6] })
    const progress: (number | undefined)[] = []
    await finishWithin(
      api.run(submitPaths[convention], { onProgress: (snap) => progress.push(snap.progress) }),
      10_000,
    )
    expect(progress).toEqual([0, 0.3, 0.6, 1])
  })
})

describe.each(coded)('%s: failure and cancel in status codes', (convention) => {
  it('rejects with an HTTPError 422 when failed', async () => {
    simulate(convention, { polls: 2, outcome: 'failed' })
    const error = rejection(await settleWithin(api.run(submitPaths[convention]), 10_000))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(422)
  })

  it('rejects with an HTTPError 410 when canceled, by its outcome or by someone else', async () => {
    simulate(convention, { polls: 2, outcome: 'canceled' })
    const error = rejection(await settleWithin(api.run(submitPaths[convention]), 10_000))
    expect((error as HTTPError).response.status).toBe(410)

    server.resetHandlers()
    const simulation = simulate(convention, { polls: 10 })
    const op = await api.start(submitPaths[convention])
    const waiting = op.wait()
    await fetch(simulation.operations[0]?.statusUrl ?? '', { method: 'DELETE' })
    const later = rejection(await settleWithin(waiting, 5_000))
    expect((later as HTTPError).response.status).toBe(410)
  })

  it('reports no progress: the wire has none', async () => {
    simulate(convention, { polls: 3 })
    const progress: (number | undefined)[] = []
    await finishWithin(
      api.run(submitPaths[convention], { onProgress: (snap) => progress.push(snap.progress) }),
      10_000,
    )
    expect(progress).toEqual([undefined, undefined, undefined])
  })
})

describe('results', () => {
  it('generic: fetches the result_url, or takes the inline result', async () => {
    const linked = simulate('generic', { polls: 1, result: [1, 2] })
    expect(await finishWithin(api.run('/reports'), 5_000)).toEqual([1, 2])
    expect(kinds(linked, 'result')).toHaveLength(1)

    server.resetHandlers()
    const inline = simulate('generic', { polls: 1, result: [3], resultVia: 'inline' })
    expect(await finishWithin(api.run('/reports'), 5_000)).toEqual([3])
    expect(kinds(inline, 'result')).toHaveLength(0)
  })

  it('http: follows the 303, or takes the 200 with resultVia: inline', async () => {
    const linked = simulate('http', { polls: 2, result: 'text' })
    expect(await finishWithin(api.run('/reports'), 5_000)).toBe('text')
    expect(kinds(linked, 'result')).toHaveLength(1)

    server.resetHandlers()
    const inline = simulate('http', { polls: 2, result: 'inline', resultVia: 'inline' })
    expect(await finishWithin(api.run('/reports'), 5_000)).toBe('inline')
    expect(kinds(inline, 'result')).toHaveLength(0)
  })

  it('azure: a PUT gets its result from the resource, a DELETE resolves with nothing', async () => {
    const put = simulate('azure', { method: 'PUT', polls: 2, result: { name: 'w1' } })
    expect(await finishWithin(api.run('/reports', { method: 'PUT', json: {} }), 5_000)).toEqual({
      name: 'w1',
    })
    expect(kinds(put, 'result').map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${baseUrl}/reports`,
    ])

    server.resetHandlers()
    const deletion = simulate('azure', { method: 'DELETE', polls: 2 })
    expect(await finishWithin(api.run('/reports', { method: 'DELETE' }), 5_000)).toBeUndefined()
    expect(kinds(deletion, 'result')).toHaveLength(0)
  })

  it('forced protocols read the simulations too', async () => {
    for (const convention of conventions) {
      server.resetHandlers()
      simulate(convention, { polls: 2, result: { convention } })
      const forced = createClient({ baseUrl, backoff, protocol: convention })
      expect(await finishWithin(forced.run(submitPaths[convention]), 5_000)).toEqual({ convention })
    }
  })
})
