import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createClient, ProtocolError } from '../../src/index.js'
import { useFakeTime } from '../support/fake-time.js'
import { baseUrl, useTaskServer } from '../support/msw.js'

const { server } = useTaskServer()
const backoff = { initialDelayMs: 100, jitter: 'none' } as const

useFakeTime()

/** A job whose status lives on the API origin and whose result lives on a file host. */
function serveJobWithResultOn(fileOrigin: string) {
  const seen = new Map<string, Headers>()
  server.use(
    http.post('https://api.example.com/v2/export', ({ request }) => {
      seen.set('submit', request.headers)
      return new HttpResponse(null, { status: 202, headers: { location: '/v2/export/1' } })
    }),
    http.get('https://api.example.com/v2/export/1', ({ request }) => {
      seen.set('status', request.headers)
      return HttpResponse.json({ status: 'done', result_url: `${fileOrigin}/exports/1.csv` })
    }),
    http.get(`${fileOrigin}/exports/1.csv`, ({ request }) => {
      seen.set('result', request.headers)
      return new HttpResponse('a,b\n1,2\n', { headers: { 'content-type': 'text/csv' } })
    }),
  )
  return seen
}

const headers = { authorization: 'Bearer secret', 'x-api-key': 'key', 'x-trace': 'trace-1' }

describe('credentials', () => {
  it('sends credential headers to the API origin only', async () => {
    const seen = serveJobWithResultOn('https://files.example.net')
    const api = createClient({ baseUrl, headers, backoff, sensitiveHeaders: ['X-Api-Key'] })
    const waiting = api.run('/export')
    await vi.advanceTimersByTimeAsync(1000)
    await expect(waiting).resolves.toBe('a,b\n1,2\n')

    expect(seen.get('submit')?.get('authorization')).toBe('Bearer secret')
    expect(seen.get('status')?.get('authorization')).toBe('Bearer secret')
    expect(seen.get('status')?.get('x-api-key')).toBe('key')
    expect(seen.get('result')?.get('authorization')).toBeNull()
    expect(seen.get('result')?.get('x-api-key')).toBeNull()
    expect(seen.get('result')?.get('x-trace')).toBe('trace-1')
  })

  it('sends them to an origin listed as trusted', async () => {
    const seen = serveJobWithResultOn('https://files.example.com')
    const api = createClient({
      baseUrl,
      headers,
      backoff,
      trustedOrigins: ['https://files.example.com'],
    })
    const waiting = api.run('/export')
    await vi.advanceTimersByTimeAsync(1000)
    await waiting
    expect(seen.get('result')?.get('authorization')).toBe('Bearer secret')
  })

  it('strips credentials that a ky hook adds, too', async () => {
    const seen = serveJobWithResultOn('https://files.example.net')
    const api = createClient({
      baseUrl,
      backoff,
      ky: {
        hooks: {
          beforeRequest: [(request) => request.headers.set('authorization', 'Bearer from-hook')],
        },
      },
    })
    const waiting = api.run('/export')
    await vi.advanceTimersByTimeAsync(1000)
    await waiting
    expect(seen.get('status')?.get('authorization')).toBe('Bearer from-hook')
    expect(seen.get('result')?.get('authorization')).toBeNull()
  })

  it('strips credentials on a redirect to another origin', async () => {
    let redirected: Headers | undefined
    server.use(
      http.post(
        '*/moved',
        () => new HttpResponse(null, { status: 202, headers: { location: '/v2/moved/1' } }),
      ),
      http.get(
        'https://api.example.com/v2/moved/1',
        () =>
          new HttpResponse(null, {
            status: 307,
            headers: { location: 'https://elsewhere.example.org/s/1' },
          }),
      ),
      http.get('https://elsewhere.example.org/s/1', ({ request }) => {
        redirected = request.headers
        return HttpResponse.json({ status: 'done', result: 1 })
      }),
    )
    const waiting = createClient({ baseUrl, headers, backoff }).run('/moved')
    await vi.advanceTimersByTimeAsync(1000)
    await expect(waiting).resolves.toBe(1)
    expect(redirected?.get('authorization')).toBeNull()
  })
})

describe('a location that carries userinfo (RFC 9110 §4.2.4: an error, never followed)', () => {
  const sneaky = 'https://robot:hunter2@files.example.com/s/1'

  /** Serves `POST /sneaky` with `submit`, then `GET /v2/sneaky/1` with `status`; counts requests to the file host. */
  function serve(submit: () => Response, status: () => Response) {
    const fileHost: string[] = []
    server.use(
      http.post('https://api.example.com/v2/sneaky', submit),
      http.get('https://api.example.com/v2/sneaky/1', status),
      http.all('https://files.example.com/*', ({ request }) => {
        fileHost.push(request.url)
        return HttpResponse.json({ status: 'done', result: 1 })
      }),
    )
    return fileHost
  }

  const accepted = () =>
    new HttpResponse(null, { status: 202, headers: { location: '/v2/sneaky/1' } })

  it.each([
    [
      'an Operation-Location',
      () => new HttpResponse(null, { status: 202, headers: { 'operation-location': sneaky } }),
      () => HttpResponse.json({ status: 'running' }),
    ],
    [
      'a redirect of a poll',
      accepted,
      () => new HttpResponse(null, { status: 307, headers: { location: sneaky } }),
    ],
    [
      'a result link in the body',
      accepted,
      () => HttpResponse.json({ status: 'done', result_url: sneaky }),
    ],
  ])(
    'refuses %s with a ProtocolError whose message shows neither the user nor the password',
    async (_, submit, status) => {
      const fileHost = serve(submit, status)
      const waiting = createClient({ baseUrl, headers, backoff }).run('/sneaky')
      const settled = waiting.catch((error: unknown) => error)
      await vi.advanceTimersByTimeAsync(1000)
      const error = await settled
      expect(error).toBeInstanceOf(ProtocolError)
      expect((error as ProtocolError).message).toContain('"https://***@files.example.com/s/1"')
      expect((error as ProtocolError).message).not.toMatch(/robot|hunter2/)
      expect(fileHost).toEqual([])
    },
  )
})
