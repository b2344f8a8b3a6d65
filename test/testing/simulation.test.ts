import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { type SimulationOptions, simulateOperation } from '../../src/testing/index.js'

/** The simulation itself: its options, its ids, its logs and its clock. */

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  vi.useRealTimers()
})
afterAll(() => server.close())

const baseUrl = 'https://api.test'
const base = { convention: 'generic', baseUrl, submitPath: '/jobs' } as const

const bodyOf = async (url: string) => (await fetch(url)).json() as Promise<Record<string, unknown>>

describe('options', () => {
  it.each([
    [
      { convention: 'soap' },
      "Expected `convention` to be one of 'generic', 'http', 'result', 'azure', 'google', got \"soap\"",
    ],
    [{ polls: 0 }, 'Expected `polls` to be an integer of 1 or more, got 0'],
    [{ polls: 1.5 }, 'Expected `polls` to be an integer of 1 or more, got 1.5'],
    [{ polls: 2, durationMs: 100 }, 'Give `polls` or `durationMs`, not both'],
    [{ durationMs: -1 }, 'Expected `durationMs` to be a finite number of 0 or more, got -1'],
    [
      { outcome: 'done' },
      "Expected `outcome` to be one of 'succeeded', 'failed', 'canceled', got \"done\"",
    ],
    [
      { method: 'GET' },
      "Expected `method` to be one of 'POST', 'PUT', 'PATCH', 'DELETE', got \"GET\"",
    ],
    [{ progress: [] }, 'Expected `progress` to be a non-empty array of numbers or false, got []'],
    [{ progress: [0, 50] }, 'Expected `progress[1]` to be a number from 0 to 1, got 50'],
    [
      { retryAfterSec: 1.5 },
      'Expected `retryAfterSec` to be an integer of 0 or more (delta-seconds), got 1.5',
    ],
    [{ resultVia: 'body' }, "Expected `resultVia` to be one of 'link', 'inline', got \"body\""],
    [
      { idPrefix: 'a/b' },
      "Expected `idPrefix` to be letters, digits, '-', '_', '.' or '~', got \"a/b\"",
    ],
    [
      { submitPath: 'ftp://files.test/jobs' },
      'Expected an http(s) submit URL, got "ftp://files.test/jobs"',
    ],
  ])('refuses %j with a TypeError that names the option', (bad, message) => {
    const options = { ...base, ...bad } as unknown as SimulationOptions
    expect(() => simulateOperation(options)).toThrow(new TypeError(message))
  })

  it('needs a baseUrl for a relative submitPath outside a page', () => {
    expect(() => simulateOperation({ convention: 'generic', submitPath: '/jobs' })).toThrow(
      TypeError,
    )
  })

  it('joins the submitPath as pollwise does, with or without a leading slash', async () => {
    const simulation = simulateOperation({
      ...base,
      baseUrl: 'https://api.test/v2/',
      submitPath: 'jobs',
      idPrefix: 'j',
    })
    server.use(...simulation.handlers)
    const response = await fetch('https://api.test/v2/jobs?dry=false', { method: 'POST' })
    expect(response.headers.get('location')).toBe('https://api.test/v2/jobs/j-1')
  })
})

describe('ids and logs', () => {
  it('gives each call its own random ids, and each submit its own operation', async () => {
    const first = simulateOperation({ ...base, submitPath: '/a' })
    const second = simulateOperation({ ...base, submitPath: '/b' })
    server.use(...first.handlers, ...second.handlers)
    await fetch(`${baseUrl}/a`, { method: 'POST' })
    await fetch(`${baseUrl}/a`, { method: 'POST' })
    await fetch(`${baseUrl}/b`, { method: 'POST' })

    const [one, two] = first.operations
    const [other] = second.operations
    expect(first.operations).toHaveLength(2)
    expect(one?.id).toMatch(/^op[a-z0-9]{6}-1$/)
    expect(two?.id).toBe(one?.id.replace(/-1$/, '-2'))
    expect(other?.id).not.toBe(one?.id)
    expect(second.requests.map((request) => request.kind)).toEqual(['submit'])
  })

  it('logs every request with its kind, method, URL, operation and time, and counts cancels', async () => {
    vi.useFakeTimers({ now: 1_000 })
    const simulation = simulateOperation({ ...base, polls: 2, idPrefix: 'j' })
    server.use(...simulation.handlers)
    await fetch(`${baseUrl}/jobs`, { method: 'POST' })
    vi.setSystemTime(2_000)
    await fetch(`${baseUrl}/jobs/j-1`)
    await fetch(`${baseUrl}/jobs/j-1`, { method: 'DELETE' })
    await fetch(`${baseUrl}/jobs/j-1`, { method: 'DELETE' })

    expect(simulation.requests).toEqual([
      { kind: 'submit', method: 'POST', url: `${baseUrl}/jobs`, operationId: 'j-1', at: 1_000 },
      { kind: 'poll', method: 'GET', url: `${baseUrl}/jobs/j-1`, operationId: 'j-1', at: 2_000 },
      {
        kind: 'cancel',
        method: 'DELETE',
        url: `${baseUrl}/jobs/j-1`,
        operationId: 'j-1',
        at: 2_000,
      },
      {
        kind: 'cancel',
        method: 'DELETE',
        url: `${baseUrl}/jobs/j-1`,
        operationId: 'j-1',
        at: 2_000,
      },
    ])
    expect(simulation.cancelCount).toBe(2)
    expect(simulation.operations[0]).toMatchObject({
      id: 'j-1',
      statusUrl: `${baseUrl}/jobs/j-1`,
      resultUrl: `${baseUrl}/jobs/j-1/result`,
      state: 'canceled',
      polls: 1,
    })
  })

  it('leaves requests for URLs it does not know to the next handler', async () => {
    const simulation = simulateOperation({ ...base, idPrefix: 'j' })
    server.use(
      ...simulation.handlers,
      http.get(`${baseUrl}/jobs/:id`, () => HttpResponse.json({ from: 'the next handler' })),
    )
    expect(await bodyOf(`${baseUrl}/jobs/j-7`)).toEqual({ from: 'the next handler' })
    expect(simulation.requests).toEqual([])
  })
})

describe('duration and progress', () => {
  it('with polls, ends on that poll however long it takes, and holds the outcome after', async () => {
    const simulation = simulateOperation({ ...base, polls: 3, idPrefix: 'j' })
    server.use(...simulation.handlers)
    await fetch(`${baseUrl}/jobs`, { method: 'POST' })
    const states = []
    for (let poll = 0; poll < 4; poll += 1) {
      states.push((await bodyOf(`${baseUrl}/jobs/j-1`)).status)
    }
    expect(states).toEqual(['queued', 'running', 'succeeded', 'succeeded'])
    expect(simulation.operations[0]?.polls).toBe(4)
  })

  it('with durationMs, is pending until that time has passed, whatever the polls (fake timers)', async () => {
    vi.useFakeTimers({ now: 0 })
    const simulation = simulateOperation({ ...base, durationMs: 4_000, idPrefix: 'j' })
    server.use(...simulation.handlers)
    await fetch(`${baseUrl}/jobs`, { method: 'POST' })
    const seen = []
    for (const at of [0, 1_000, 2_999, 3_999, 4_000]) {
      vi.setSystemTime(at)
      const { status, progress } = await bodyOf(`${baseUrl}/jobs/j-1`)
      seen.push(`${at}: ${status} ${progress}`)
    }
    expect(seen).toEqual([
      '0: queued 0',
      '1000: running 0.25',
      '2999: running 0.5',
      '3999: running 0.75',
      '4000: succeeded 1',
    ])
    expect(simulation.operations[0]?.state).toBe('succeeded')
  })

  it('reports the given progress in order, and the last value past the end', async () => {
    const simulation = simulateOperation({ ...base, polls: 5, progress: [0.1, 0.7], idPrefix: 'j' })
    server.use(...simulation.handlers)
    await fetch(`${baseUrl}/jobs`, { method: 'POST' })
    const progress = []
    for (let poll = 0; poll < 5; poll += 1) {
      progress.push((await bodyOf(`${baseUrl}/jobs/j-1`)).progress)
    }
    expect(progress).toEqual([0.1, 0.7, 0.7, 0.7, 1])
  })

  it('shows the state live: time moves it without a request', () => {
    vi.useFakeTimers({ now: 0 })
    const simulation = simulateOperation({ ...base, durationMs: 1_000 })
    server.use(...simulation.handlers)
    return fetch(`${baseUrl}/jobs`, { method: 'POST' }).then(() => {
      const [operation] = simulation.operations
      expect(operation?.state).toBe('pending')
      vi.setSystemTime(1_000)
      expect(operation?.state).toBe('succeeded')
    })
  })
})
