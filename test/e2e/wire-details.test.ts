import type { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import {
  HTTPError,
  OperationCanceledError,
  OperationFailedError,
  ProtocolError,
} from '../../src/index.js'
import { head, sendJson } from '../support/raw-server.js'
import { rawServerPerTest } from '../support/raw-server-per-test.js'

// Answers real servers send that the specifications allow, each written byte for byte on a bare
// TCP server: status codes outside the registry, and what a content type's parameters say.

const servers = rawServerPerTest()

/** An answer of `status` with `body`, its length declared, then the socket ended. */
function answer(status: string, body: string | Buffer = '', headers: Record<string, string> = {}) {
  return (socket: Socket) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    socket.end(
      Buffer.concat([
        Buffer.from(head(status, { 'content-length': bytes.length, ...headers })),
        bytes,
      ]),
    )
  }
}

function accepted(location = '/jobs/1') {
  servers.api.routes.set('POST /jobs', answer('202 Accepted', '', { location }))
}

function requests(): string[] {
  return servers.api.seen.map(({ method, path }) => `${method} ${path}`)
}

describe('a status code the registry does not hold is read as the x00 of its class (RFC 9110 §15)', () => {
  it.each(['520 Unknown Error', '522 Connection Timed Out', '599 Network Connect Timeout Error'])(
    'retries a %s from a gateway like a 500, and resolves once the status location answers',
    async (status) => {
      accepted()
      let polls = 0
      servers.api.routes.set('GET /jobs/1', (socket) => {
        polls += 1
        if (polls <= 2)
          answer(status, '<html>origin unreachable</html>', { 'content-type': 'text/html' })(socket)
        else sendJson(socket, '200 OK', { status: 'succeeded', result: { rows: 3 } })
      })
      await expect(servers.client().run('/jobs', { json: {} })).resolves.toEqual({ rows: 3 })
      expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1', 'GET /jobs/1'])
    },
  )

  it.each([
    ['an unregistered 4xx, as on a 400', '499 Client Closed Request'],
    ['a registered 5xx that is not transient', '501 Not Implemented'],
  ])('still fails at once on %s (%s)', async (_, status) => {
    accepted()
    servers.api.routes.set('GET /jobs/1', answer(status))
    const error = await servers
      .client()
      .run('/jobs', { json: {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(Number(status.slice(0, 3)))
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1'])
  })
})

describe('205 Reset Content has no content (RFC 9110 §15.3.6), however it is labelled', () => {
  // Express 5 answers `res.status(205).json(…)` with its JSON content type and a length of 0.
  const resetContent = answer('205 Reset Content', '', {
    'content-type': 'application/json; charset=utf-8',
  })

  it('settles a submit answered 205 labelled JSON as done without a result, as a 204: one request', async () => {
    servers.api.routes.set('POST /jobs', resetContent)
    await expect(servers.client().run('/jobs', { json: {} })).resolves.toBeUndefined()
    expect(requests()).toEqual(['POST /jobs'])
  })

  it.each(['auto', 'http'] as const)(
    'settles a status location that answers 205 labelled JSON as done without a result (protocol %s)',
    async (protocol) => {
      accepted()
      let polls = 0
      servers.api.routes.set('GET /jobs/1', (socket) => {
        polls += 1
        if (polls === 1) answer('202 Accepted')(socket)
        else resetContent(socket)
      })
      const snapshots: string[] = []
      const op = await servers.client({ protocol }).start('/jobs', { json: {} })
      await expect(
        op.wait({ onProgress: (snap) => snapshots.push(snap.state) }),
      ).resolves.toBeUndefined()
      expect(snapshots.at(-1)).toBe('succeeded')
      expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1'])
    },
  )
})

describe('what a content type says is in its media type and its charset (RFC 9110 §8.3)', () => {
  /** The status location says done and links to `/jobs/1/result`, which `route` answers. */
  function resultAt(route: (socket: Socket) => void) {
    accepted()
    servers.api.routes.set('GET /jobs/1', (socket) =>
      sendJson(socket, '200 OK', { status: 'succeeded', result_url: '/jobs/1/result' }),
    )
    servers.api.routes.set('GET /jobs/1/result', route)
  }

  it.each([
    ['text/csv; charset=windows-1252', 'name\nJosé Muñoz'],
    ['text/plain; charset="ISO-8859-1"', 'café'],
  ] as const)('decodes a text result labelled %s in that charset', async (type, text) => {
    resultAt(answer('200 OK', Buffer.from(text, 'latin1'), { 'content-type': type }))
    await expect(servers.client().run('/jobs', { json: {} })).resolves.toBe(text)
  })

  it('decodes a text result as UTF-8 when its charset is one no decoder knows', async () => {
    resultAt(answer('200 OK', 'café ✓', { 'content-type': 'text/plain; charset=x-unknown' }))
    await expect(servers.client().run('/jobs', { json: {} })).resolves.toBe('café ✓')
  })

  it.each(['application/json; charset=iso-8859-1', 'text/json; charset=iso-8859-1'])(
    'reads a JSON status body labelled %s as UTF-8 (RFC 8259 §8.1)',
    async (type) => {
      accepted()
      servers.api.routes.set(
        'GET /jobs/1',
        answer('200 OK', JSON.stringify({ status: 'succeeded', result: 'café' }), {
          'content-type': type,
        }),
      )
      await expect(servers.client().run('/jobs', { json: {} })).resolves.toBe('café')
    },
  )

  it('takes a multipart/related result whose type parameter names JSON for a Blob, not a JSON body', async () => {
    const type = 'multipart/related; boundary=part; type="application/json"'
    const body = '--part\r\ncontent-type: application/json\r\n\r\n{"rows":3}\r\n--part--\r\n'
    resultAt(answer('200 OK', body, { 'content-type': type }))
    const result = await servers.client().run('/jobs', { json: {} })
    expect(result).toBeInstanceOf(Blob)
    expect((result as Blob).type).toBe(type)
    expect(await (result as Blob).text()).toBe(body)
  })
})

describe('a HEAD answer has no content (RFC 9110 §9.3.2), whatever its content type says', () => {
  it('settles a HEAD submit answered 200 labelled JSON as done without a result: one request', async () => {
    // A server answers HEAD with the headers a GET would get: a JSON API's Content-Type and length.
    servers.api.routes.set('HEAD /exports/7', (socket) =>
      socket.end(head('200 OK', { 'content-type': 'application/json', 'content-length': 48 })),
    )
    await expect(servers.client().run('/exports/7', { method: 'HEAD' })).resolves.toBeUndefined()
    expect(requests()).toEqual(['HEAD /exports/7'])
  })
})

describe('JSON that a Go server labels text/plain: net/http sniffs no JSON', () => {
  // What `w.Write(body)` sends from a handler that sets no Content-Type of its own.
  const goText = (body: string) =>
    answer('200 OK', body, { 'content-type': 'text/plain; charset=utf-8' })

  it('polls a running status and fails on a failed one, never resolving with either as text', async () => {
    accepted()
    let polls = 0
    servers.api.routes.set('GET /jobs/1', (socket) => {
      polls += 1
      const body =
        polls === 1
          ? { status: 'running', progress: 0.5 }
          : { status: 'failed', error: 'disk full' }
      goText(JSON.stringify(body))(socket)
    })
    const progress: (number | undefined)[] = []
    const error = await servers
      .client()
      .run('/jobs', { json: {}, onProgress: (snap) => progress.push(snap.progress) })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OperationFailedError)
    expect((error as OperationFailedError).detail).toBe('disk full')
    expect(progress[0]).toBe(0.5)
    expect(requests()).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1'])
  })

  it('keeps text/plain that only looks like JSON as the text it is', async () => {
    accepted()
    servers.api.routes.set('GET /jobs/1', (socket) =>
      sendJson(socket, '200 OK', { status: 'succeeded', result_url: '/jobs/1/log' }),
    )
    servers.api.routes.set('GET /jobs/1/log', goText('[INFO] started\n[INFO] done\n'))
    await expect(servers.client().run('/jobs', { json: {} })).resolves.toBe(
      '[INFO] started\n[INFO] done\n',
    )
  })
})

describe('cancel() answered with a 3xx it does not follow', () => {
  it.each(['300 Multiple Choices', '304 Not Modified'])(
    'is a ProtocolError on a %s, not a refusal; waits end canceled',
    async (status) => {
      accepted()
      servers.api.routes.set('GET /jobs/1', (socket) =>
        sendJson(socket, '200 OK', { status: 'running' }),
      )
      servers.api.routes.set('DELETE /jobs/1', answer(status, '', { location: '/jobs/1/cancel' }))
      const op = await servers.client().start('/jobs', { json: {} })
      const error = await op.cancel().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ProtocolError)
      expect((error as ProtocolError).message).toContain(
        `Unexpected ${status.slice(0, 3)} answer to the cancel request (DELETE)`,
      )
      await expect(op.wait()).rejects.toBeInstanceOf(OperationCanceledError)
      expect(requests()).toEqual(['POST /jobs', 'DELETE /jobs/1'])
    },
  )
})
