import { describe, expect, it } from 'vitest'
import { createClient, PollTimeoutError, type Protocol } from '../../src/index.js'
import { finishWithin, rejection, settleWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks } = useTaskServer({ durationMs: 6000, steps: 0, result: { rows: 3 } })
useFakeTime()
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
const headers = { authorization: 'Bearer secret-token', 'x-api-key': 'key-123' }

/** Starts an operation in one client and abandons it after two polls, as a reload would. */
async function startAndAbandon(options = {}) {
  const first = createClient({ baseUrl, backoff, headers, ...options })
  const op = await first.start('/jobs', { json: {} })
  const controller = new AbortController()
  const waiting = op.wait({ signal: controller.signal })
  await settleWithin(Promise.resolve(), 2500)
  controller.abort()
  await waiting.catch(() => {})
  return JSON.stringify(op)
}

describe('resume', () => {
  it('continues an operation in a second client from the JSON of the first', async () => {
    const saved = await startAndAbandon()
    expect(tasks().count('GET', '/jobs/1')).toBe(2)

    const second = createClient({ baseUrl, backoff, headers })
    const op = second.resume(saved)
    expect(op.statusUrl).toBe('https://api.example.com/jobs/1')
    const snapshots: number[] = []
    const result = await finishWithin(
      op.wait({ onProgress: (s) => snapshots.push(s.attempt) }),
      10_000,
    )
    expect(result).toEqual({ rows: 3 })
    expect(snapshots[0]).toBe(3)
    expect(tasks().requests.at(-1)?.headers.authorization).toBe('Bearer secret-token')
  })

  it('keeps the original deadline', async () => {
    const saved = await startAndAbandon({ timeoutMs: 4000 })
    const op = createClient({ baseUrl, backoff }).resume(saved)
    const result = await settleWithin(op.wait(), 10_000)
    const error = rejection(result) as PollTimeoutError
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(error.elapsedMs).toBe(4000)
  })

  it('accepts the parsed token as well as the string', async () => {
    const saved = JSON.parse(await startAndAbandon())
    const op = createClient({ baseUrl, backoff }).resume(saved)
    await expect(finishWithin(op.wait(), 10_000)).resolves.toEqual({ rows: 3 })
  })

  it('holds plain, versioned data and no header value', async () => {
    const saved = await startAndAbandon()
    expect(saved).not.toContain('secret-token')
    expect(saved).not.toContain('key-123')
    expect(JSON.parse(saved)).toMatchObject({
      pollwise: 2,
      // `auto` committed to generic JSON at the first status body: the token keeps that.
      protocol: 'generic',
      statusUrl: 'https://api.example.com/jobs/1',
      stage: 'status',
      attempt: 2,
      answered: true,
      submit: { method: 'POST', url: 'https://api.example.com/v2/jobs' },
    })
  })

  it('records the result link once named, and a Google operation by its convention', async () => {
    const client = createClient({ baseUrl, backoff })
    const op = await client.start('/v1/reports:generate', { json: {} })
    expect(JSON.parse(JSON.stringify(op))).toMatchObject({ protocol: 'google' })
    const resumed = client.resume(JSON.stringify(op))
    await expect(finishWithin(resumed.wait(), 10_000)).resolves.toEqual({ rows: 3 })
  })

  it("finds a convention of the app's own by the name the token records", async () => {
    const jobs: Protocol = {
      name: 'jobs-api',
      detect: ({ url }) => url.endsWith('/jobs'),
      observe: ({ body }) => {
        const { status } = body as { status: string }
        return status === 'completed'
          ? { state: 'succeeded', result: { kind: 'inline', value: 'mine' } }
          : { state: 'pending' }
      },
    }
    const op = await createClient({ baseUrl, backoff, conventions: [jobs] }).start('/jobs', {
      json: {},
    })
    const token = JSON.stringify(op)
    expect(JSON.parse(token)).toMatchObject({ protocol: 'jobs-api' })
    expect(() => createClient({ baseUrl }).resume(token)).toThrow(/unknown protocol "jobs-api"/)
    const resumed = createClient({ baseUrl, backoff, conventions: [jobs] }).resume(token)
    await expect(finishWithin(resumed.wait(), 10_000)).resolves.toBe('mine')
  })

  it.each([
    ['null', null, /Not a pollwise resume token/],
    ['a string that is not JSON', 'not json', /the string is not JSON/],
    ['a foreign object', { status: 'running' }, /Not a pollwise resume token/],
    ['another version', { pollwise: 1 }, /Unsupported resume token version 1/],
    ['an unknown protocol', { pollwise: 2, protocol: 'smoke' }, /unknown protocol "smoke"/],
  ])('refuses %s with a TypeError', (_, token, message) => {
    const client = createClient({ baseUrl })
    expect(() => client.resume(token)).toThrow(TypeError)
    expect(() => client.resume(token)).toThrow(message)
  })

  it('refuses a token whose URLs are not http(s)', async () => {
    const token = JSON.parse(await startAndAbandon())
    const client = createClient({ baseUrl })
    expect(() => client.resume({ ...token, target: 'javascript:alert(1)' })).toThrow(
      /`target` must be an http\(s\) URL/,
    )
    expect(() => client.resume({ ...token, deadline: 'soon' })).toThrow(
      /`deadline` must be a number/,
    )
  })
})
