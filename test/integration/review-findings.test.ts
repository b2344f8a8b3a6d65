import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { createClient, ProtocolError } from '../../src/index.js'
import { baseUrl, useTaskServer } from '../support/msw.js'
import { fastBackoff } from '../support/real-time.js'

const { server } = useTaskServer({ durationMs: 60_000, steps: 0 })

describe("a 202's Content-Location", () => {
  it('yields to a status link its body names: Apache MultiViews names the variant that answered', async () => {
    const polled: string[] = []
    server.use(
      http.post(`${baseUrl}/submit`, () =>
        HttpResponse.json(
          { status: 'queued', status_url: '/v2/jobs/7/status' },
          { status: 202, headers: { 'content-location': 'submit.php' } },
        ),
      ),
      http.get(`${baseUrl}/:path*`, ({ request }) => {
        polled.push(new URL(request.url).pathname)
        return HttpResponse.json({ status: 'succeeded', result: 'report' })
      }),
    )
    const op = await createClient({ baseUrl, backoff: fastBackoff }).start('/submit', { json: {} })
    expect(op.statusUrl).toBe(`${baseUrl}/jobs/7/status`)
    await expect(op.wait()).resolves.toBe('report')
    expect(polled).toEqual(['/v2/jobs/7/status'])
  })
})

describe('a 206 Partial Content', () => {
  /** A part of a status body, which says succeeded with its result. */
  const part = () =>
    HttpResponse.json(
      { status: 'succeeded', result: 'the first rows' },
      { status: 206, headers: { 'content-range': 'bytes 0-40/900' } },
    )

  /** What running `/submit` ends with. */
  const outcome = () =>
    createClient({ baseUrl, backoff: fastBackoff })
      .run('/submit', { json: {} })
      .catch((error: unknown) => error)

  it('from the status location is refused, even with a status body: a part is never the result', async () => {
    server.use(
      http.post(
        `${baseUrl}/submit`,
        () => new HttpResponse(null, { status: 202, headers: { location: '/v2/jobs/8' } }),
      ),
      http.get(`${baseUrl}/jobs/8`, part),
    )
    const error = await outcome()
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/^206 Partial Content/)
  })

  it('to the submit is refused, even with a status body', async () => {
    server.use(http.post(`${baseUrl}/submit`, part))
    const error = await outcome()
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).message).toMatch(/^206 Partial Content/)
  })
})
