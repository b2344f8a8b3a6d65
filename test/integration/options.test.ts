import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import * as z from 'zod'
import { createClient, type PollwiseClient } from '../../src/index.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks, server } = useTaskServer()

describe('baseUrl', () => {
  it('resolves a relative baseUrl against the page in a browser', async () => {
    vi.stubGlobal('location', new URL('https://app.example.com/dashboard/'))
    await createClient({ baseUrl: '/api' }).start('/jobs', { json: {} })
    expect(tasks().requests[0]?.url).toBe('https://app.example.com/api/jobs')
  })

  it.each(['/speech:recognize', 'speech:recognize'])(
    'sends %s, a custom method with a colon, under the base path',
    async (path) => {
      const seen: string[] = []
      server.use(
        http.post('https://api.example.com/v1/speech:recognize', ({ request }) => {
          seen.push(`${request.method} ${request.url}`)
          return HttpResponse.json({ transcript: 'hello' })
        }),
      )
      const api = createClient({ baseUrl: 'https://api.example.com/v1' })
      await expect(api.run(path, { json: { audio: 'a.flac' } })).resolves.toEqual({
        transcript: 'hello',
      })
      expect(seen).toEqual(['POST https://api.example.com/v1/speech:recognize'])
    },
  )

  it('refuses a baseUrl that holds credentials, without quoting them', () => {
    let thrown: unknown
    try {
      createClient({ baseUrl: 'https://robot:hunter2@api.example.com/v1' })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(TypeError)
    expect((thrown as TypeError).message).toBe(
      'Expected `baseUrl` to hold no credentials (user:password@): send them in `headers`',
    )
  })

  it('needs an absolute baseUrl outside a browser', () => {
    expect(() => createClient({ baseUrl: '/api' })).toThrow(
      'Expected `baseUrl` to be an absolute http(s) URL, got "/api"',
    )
  })
})

describe('URLs that hold credentials', () => {
  const withCredentials = 'https://robot:hunter2@api.example.com/v2/jobs'

  async function refusal(attempt: () => unknown): Promise<unknown> {
    try {
      await attempt()
    } catch (error) {
      return error
    }
    return undefined
  }

  it.each([
    ['start()', (api: PollwiseClient) => api.start(withCredentials, { json: {} }), 'path'],
    ['run()', (api: PollwiseClient) => api.run(withCredentials, { json: {} }), 'path'],
    ['follow()', (api: PollwiseClient) => api.follow(withCredentials), 'statusUrl'],
    [
      'follow() of a URL',
      (api: PollwiseClient) => api.follow(new URL(withCredentials)),
      'statusUrl',
    ],
  ])(
    '%s refuses one with a TypeError that shows neither the user nor the password, and sends nothing',
    async (_, call, name) => {
      const error = await refusal(() => call(createClient({ baseUrl })))
      expect(error).toBeInstanceOf(TypeError)
      expect((error as TypeError).message).toBe(
        `Expected \`${name}\` to hold no credentials (user:password@): send them in \`headers\``,
      )
      expect(tasks().requests).toHaveLength(0)
    },
  )
})

describe('bad input gets a clear TypeError', () => {
  it.each([
    [{ baseUrl: 'api.example.com' }, /`baseUrl` to be an absolute http\(s\) URL/],
    [{ baseUrl: 'ftp://api.example.com' }, /`baseUrl` to be an absolute http\(s\) URL/],
    [{ timeoutMs: 0 }, /`timeoutMs` to be a number from 1/],
    [{ timeoutMs: Number.NaN }, /`timeoutMs`/],
    [{ requestTimeoutMs: -1 }, /`requestTimeoutMs`/],
    [{ retries: 1.5 }, /`retries` to be an integer of at least 0/],
    [{ maxConcurrentPolls: 0 }, /`maxConcurrentPolls` to be an integer of at least 1/],
    [{ retries: -1 }, /`retries`/],
    [{ backoff: { factor: 0.5 } }, /`backoff.factor` to be a number from 1/],
    [
      { backoff: { jitter: 'lots' } },
      /`backoff.jitter` to be one of none, full, equal, decorrelated/,
    ],
    [{ backoff: { minDelayMs: 5000, maxDelayMs: 1000 } }, /`backoff.minDelayMs`/],
    [{ trustedOrigins: ['not a url'] }, /`trustedOrigins\[0\]`/],
    [
      { trustedOrigins: ['https://a:b@files.example.com'] },
      /`trustedOrigins\[0\]` to hold no credentials/,
    ],
    [{ protocol: 'smoke-signals' }, /`protocol` to be one of auto, generic, http, result/],
    [{ conventions: 'azure' }, /`conventions` to be an array of protocol objects/],
    [
      { conventions: ['azure'] },
      /`conventions\[0\]` to be a protocol object with `name` and `observe`, got "azure"$/,
    ],
    [
      { conventions: [{ name: 'x' }] },
      /`conventions\[0\]` to be a protocol object with `name` and `observe`/,
    ],
    [
      { conventions: [{ name: 'generic', observe: () => ({ state: 'canceled' }) }] },
      /`conventions\[0\]` is named "generic", a name already taken/,
    ],
    [
      { conventions: [{ name: 'azure', observe: () => ({ state: 'canceled' }) }] },
      /`conventions\[0\]` is named "azure", a name already taken/,
    ],
    [
      {
        conventions: [
          { name: 'mine', observe: () => ({ state: 'canceled' }) },
          { name: 'mine', observe: () => ({ state: 'canceled' }) },
        ],
      },
      /`conventions\[1\]` is named "mine", a name already taken/,
    ],
    [{ classifyStatus: 'yes' }, /`classifyStatus` to be a function/],
  ])('createClient(%o)', (options, message) => {
    expect(() => createClient(options as never)).toThrow(TypeError)
    expect(() => createClient(options as never)).toThrow(message)
  })

  it('rejects start() with both json and body', async () => {
    await expect(createClient({ baseUrl }).start('/jobs', { json: {}, body: 'x' })).rejects.toThrow(
      'Pass either `json` or `body`, not both',
    )
    expect(tasks().requests).toHaveLength(0)
  })

  it('rejects start() with a relative path and no baseUrl', async () => {
    await expect(createClient().start('/jobs')).rejects.toThrow(/without a `baseUrl`/)
  })

  it('rejects an empty idempotency key', async () => {
    await expect(createClient({ baseUrl }).start('/jobs', { idempotencyKey: '' })).rejects.toThrow(
      /`idempotencyKey`/,
    )
  })

  it('rejects wait() with a schema that is not a Standard Schema', async () => {
    const op = await createClient({ baseUrl }).start('/jobs', { json: {} })
    expect(() => op.wait({ result: { parse: () => 1 } as never })).toThrow(
      /`result` to be a Standard Schema/,
    )
    expect(() => op.wait({ signal: 'stop' as never })).toThrow(/`signal` to be an AbortSignal/)
    expect(() => op.wait({ onProgress: 1 as never })).toThrow(/`onProgress` to be a function/)
    const controller = new AbortController()
    const waiting = op.wait({ status: z.string(), signal: controller.signal })
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
  })
})
