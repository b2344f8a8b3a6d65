import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient, HTTPError } from '../../src/index.js'
import { baseUrl, useTaskServer } from '../support/msw.js'
import { fastBackoff } from '../support/real-time.js'

const { server } = useTaskServer({ durationMs: 60_000, steps: 0 })
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('a 401 from a trusted origin reached through a redirect', () => {
  it('does not say credentials were withheld from a trusted origin that answered 401 after a redirect', async () => {
    server.use(
      http.post(
        `${baseUrl}/submit`,
        () =>
          new HttpResponse(null, {
            status: 202,
            headers: { location: 'https://other.example.net/status/1' },
          }),
      ),
      http.get(
        'https://other.example.net/status/1',
        () =>
          new HttpResponse(null, {
            status: 307,
            headers: { location: 'https://api.example.com/v2/status/1' },
          }),
      ),
      http.get(`${baseUrl}/status/1`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer t'
          ? HttpResponse.json({ error: 'token expired' }, { status: 401 })
          : HttpResponse.json({ error: 'no token' }, { status: 400 }),
      ),
    )
    const api = createClient({
      baseUrl,
      backoff: fastBackoff,
      headers: { authorization: 'Bearer t' },
    })
    const op = await api.start('/submit', { json: {} })
    const error = (await op.wait().catch((e: unknown) => e)) as HTTPError
    expect(error).toBeInstanceOf(HTTPError)
    expect(error.response.status).toBe(401)
    expect(error.message).not.toContain('withheld from https://api.example.com')
  })
})
