import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/index.js'
import { outcomeWithin, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'
const at = (path: string) => `${origin}${path}`
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const

const accepted = (location: string) => () =>
  new HttpResponse(null, { status: 202, headers: { location } })

describe('every option is checked before anything is sent', () => {
  const seen: string[] = []
  const record = ({ request }: { request: Request }) => {
    seen.push(`${request.method} ${request.url}`)
  }
  beforeEach(() => {
    seen.length = 0
    server.events.on('request:start', record)
    server.use(
      http.post(at('/reports'), accepted('/reports/7')),
      http.get(at('/reports/7'), () => HttpResponse.json({ status: 'succeeded', result: 1 })),
    )
  })
  afterEach(() => {
    server.events.removeListener('request:start', record)
  })

  const api = () => createClient({ baseUrl: origin, backoff })
  // Wrong on purpose: what a JavaScript caller, or a caller past a cast, can pass.
  const bad = <T>(value: unknown) => value as T

  it.each([
    ['a string as onProgress', 'onProgress', { onProgress: bad<never>('render') }],
    ['an object that is not a schema as status', 'status', { status: bad<never>({}) }],
    [
      'a parse-only object as result',
      'result',
      { result: bad<never>({ parse: (value: unknown) => value }) },
    ],
    ['a string as result', 'result', { result: bad<never>('Report') }],
  ])('run() refuses %s with a TypeError, and sends nothing', async (_, option, options) => {
    const attempt = async () => api().run('/reports', { json: {}, ...options })
    const error = await attempt().catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toContain(option)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(seen).toEqual([])
  })

  it.each([
    ['a method with a path in it', 'method', { method: 'GET /x' }],
    ['an unknown finalStateVia', 'finalStateVia', { finalStateVia: bad<never>('somewhere') }],
  ])('start() refuses %s with a TypeError, and sends nothing', async (_, option, options) => {
    const attempt = async () => api().start('/reports', { json: {}, ...options })
    const error = await attempt().catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toContain(option)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(seen).toEqual([])
  })

  it('run() refuses a bad method the same way', async () => {
    const attempt = async () => api().run('/reports', { json: {}, method: 'GET /x' })
    await expect(attempt()).rejects.toThrow(TypeError)
    expect(seen).toEqual([])
  })

  it('sends the submit once the options are good (the recorder sees requests)', async () => {
    const outcome = await outcomeWithin(api().run('/reports', { json: {} }), 5_000)
    expect(outcome).toEqual({ status: 'fulfilled', value: 1 })
    expect(seen[0]).toBe(`POST ${at('/reports')}`)
  })
})
