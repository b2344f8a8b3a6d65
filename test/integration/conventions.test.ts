import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import * as z from 'zod'
import { createClient, HTTPError } from '../../src/index.js'
import { finishWithin, useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { tasks, server } = useTaskServer({ durationMs: 3000, steps: 0, result: { rows: 3 } })
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
const api = () => createClient({ baseUrl, backoff })
const Rows = z.object({ rows: z.number() })

useFakeTime()

describe('HTTP-driven', () => {
  it('waits through 202s, then follows 303 See Other to the result', async () => {
    const rows = await finishWithin(
      api().run('/jobs', { json: { job: { shape: 'http' } }, result: Rows }),
      20_000,
    )
    expect(rows).toEqual({ rows: 3 })
    expect(tasks().count('GET', '/jobs/1')).toBe(3)
    expect(tasks().count('GET', '/jobs/1/result')).toBe(1)
  })

  it('waits through 202s, then takes a 200 as the result itself', async () => {
    const seen: string[] = []
    const rows = await finishWithin(
      api().run('/jobs', {
        json: { job: { shape: 'http-200' } },
        result: Rows,
        onProgress: (snapshot) => seen.push(`${snapshot.state}:${snapshot.httpStatus}`),
      }),
      20_000,
    )
    expect(rows).toEqual({ rows: 3 })
    expect(seen).toEqual(['pending:202', 'pending:202', 'succeeded:200'])
  })
})

describe('result polling', () => {
  it('waits while the result answers 404, then resolves with it', async () => {
    const client = createClient({ baseUrl, backoff, protocol: 'result' })
    const op = await client.start('/jobs', { json: { job: { shape: 'result' } } })
    expect(op.statusUrl).toBe('https://api.example.com/jobs/1/result')
    const rows = await finishWithin(op.wait({ result: Rows }), 20_000)
    expect(rows).toEqual({ rows: 3 })
    expect(tasks().count('GET', '/jobs/1/result')).toBe(3)
  })

  it('works without naming the protocol, since the location has not answered yet', async () => {
    const rows = await finishWithin(
      api().run('/jobs', { json: { job: { shape: 'result' } }, result: Rows }),
      20_000,
    )
    expect(rows).toEqual({ rows: 3 })
  })
})

describe('generic JSON', () => {
  it('takes an inline result field', async () => {
    const rows = await finishWithin(
      api().run('/jobs', { json: { job: { shape: 'inline' } }, result: Rows }),
      20_000,
    )
    expect(rows).toEqual({ rows: 3 })
    expect(tasks().count('GET', '/jobs/1/result')).toBe(0)
  })

  it('reports progress normalised to 0..1', async () => {
    const progress: (number | undefined)[] = []
    await finishWithin(
      api().run('/jobs', {
        json: { job: { steps: 3, durationMs: 3000 } },
        onProgress: (snapshot) => progress.push(snapshot.progress),
      }),
      20_000,
    )
    expect(progress.map((p) => (p === undefined ? p : Math.round(p * 100)))).toEqual([33, 67, 100])
  })
})

describe('submit answers', () => {
  it('accepts a 201 Created with a Location to poll', async () => {
    server.use(
      http.post(
        '*/created',
        () => new HttpResponse(null, { status: 201, headers: { location: '/created/1' } }),
      ),
      http.get('*/created/1', () => HttpResponse.json({ status: 'succeeded', result: 'made' })),
    )
    await expect(finishWithin(api().run('/created'), 20_000)).resolves.toBe('made')
  })

  it('takes a 200 that already carries the result without polling', async () => {
    server.use(http.post('*/instant', () => HttpResponse.json({ rows: 1 })))
    const op = await api().start('/instant')
    await expect(op.wait({ result: Rows })).resolves.toEqual({ rows: 1 })
  })

  it('follows a 303 See Other on the submit to the result', async () => {
    server.use(
      http.post(
        '*/cached',
        () => new HttpResponse(null, { status: 303, headers: { location: '/cached/out' } }),
      ),
      http.get('*/cached/out', () => HttpResponse.json({ rows: 2 })),
    )
    await expect(finishWithin(api().run('/cached', { result: Rows }), 20_000)).resolves.toEqual({
      rows: 2,
    })
  })

  it('reports a failure that a 200 submit already carries when waited on', async () => {
    server.use(
      http.post('*/doomed', () => HttpResponse.json({ status: 'failed', error: 'no quota' })),
    )
    const op = await api().start('/doomed')
    await expect(op.wait()).rejects.toThrow(/no quota/)
  })

  it('returns text for a text result', async () => {
    server.use(http.post('*/text', () => HttpResponse.text('plain result')))
    await expect(api().run('/text')).resolves.toBe('plain result')
  })

  it('resolves relative paths against the base URL with or without a leading slash', async () => {
    await api().start('jobs', { json: {} })
    await api().start('/jobs', { json: {} })
    expect(tasks().requests.map((r) => r.url)).toEqual([
      'https://api.example.com/v2/jobs',
      'https://api.example.com/v2/jobs',
    ])
  })

  it('sends a body other than JSON as given', async () => {
    await api().start('/jobs', { body: 'raw=1', headers: { 'content-type': 'text/plain' } })
    expect(tasks().requests[0]?.body).toBe('raw=1')
  })

  it('fails fast with HTTPError on a 410 Gone from the status location', async () => {
    server.use(
      http.post(
        '*/gone',
        () => new HttpResponse(null, { status: 202, headers: { location: '/gone/1' } }),
      ),
      http.get('*/gone/1', () => new HttpResponse(null, { status: 410 })),
    )
    await expect(finishWithin(api().run('/gone'), 2000)).rejects.toBeInstanceOf(HTTPError)
  })
})

describe('hooks into the caller', () => {
  it('rejects the wait with the error an onProgress callback throws, and stops polling', async () => {
    const broken = new Error('render failed')
    const waiting = api().run('/jobs', {
      json: {},
      onProgress: () => {
        throw broken
      },
    })
    await expect(finishWithin(waiting, 5000)).rejects.toBe(broken)
    expect(tasks().count('GET', '/jobs/1')).toBe(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it("sends every request through the user's own fetch", async () => {
    const urls: string[] = []
    const client = createClient({
      baseUrl,
      backoff,
      ky: {
        fetch: (input, init) => {
          urls.push(input instanceof Request ? input.url : String(input))
          return fetch(input, init)
        },
      },
    })
    await finishWithin(client.run('/jobs', { json: { job: { durationMs: 500 } } }), 5000)
    expect(urls).toEqual([
      'https://api.example.com/v2/jobs',
      'https://api.example.com/jobs/1',
      'https://api.example.com/jobs/1/result',
    ])
  })
})
