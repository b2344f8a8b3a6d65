import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FaultServer, startFaultServer } from '../../mocks/fault-server.js'

// The fault server checked with plain fetch (Node's undici): each fault must do what it claims,
// since the client's reliability tests will take it at its word.

let faults: FaultServer
beforeEach(async () => {
  faults = await startFaultServer()
})
afterEach(() => faults.close())

/** Reads a body chunk by chunk, noting when each arrived, until it ends or fails. */
async function readChunks(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const chunks: { bytes: number; at: number }[] = []
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { chunks, error: undefined }
      chunks.push({ bytes: value.length, at: performance.now() })
    }
  } catch (error) {
    return { chunks, error }
  }
}

const total = (chunks: readonly { bytes: number }[]) =>
  chunks.reduce((sum, chunk) => sum + chunk.bytes, 0)

describe('fault server: normal answers and scripts', () => {
  it('answers a scripted path with its answers in turn, repeating the last', async () => {
    faults.script('/status/1', [
      { kind: 'json', status: 202, headers: { location: '/status/1' }, body: { n: 1 } },
      { kind: 'json', body: { n: 2 } },
    ])
    const statuses: number[] = []
    const bodies: unknown[] = []
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${faults.url}/status/1?poll=${i}`)
      statuses.push(response.status)
      bodies.push(await response.json())
    }
    expect(statuses).toEqual([202, 200, 200])
    expect(bodies).toEqual([{ n: 1 }, { n: 2 }, { n: 2 }])
    expect(faults.requests.map((request) => request.url)).toEqual([
      `${faults.url}/status/1?poll=0`,
      `${faults.url}/status/1?poll=1`,
      `${faults.url}/status/1?poll=2`,
    ])
  })

  it('records method, path, headers, body and arrival time of every request', async () => {
    faults.script('/jobs', [{ kind: 'plain', status: 201 }])
    const before = Date.now()
    await fetch(`${faults.url}/jobs`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"a":1}',
    })
    expect(faults.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/jobs',
        body: '{"a":1}',
        headers: expect.objectContaining({ authorization: 'Bearer t' }),
      }),
    ])
    expect(faults.requests[0]?.at).toBeGreaterThanOrEqual(before)
  })

  it('answers 404 for a path without a script', async () => {
    const response = await fetch(`${faults.url}/nowhere`)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: 'No script for /nowhere' })
  })

  it('waits delayMs before answering', async () => {
    faults.script('/slow', [{ kind: 'plain', body: 'ok', delayMs: 150 }])
    const started = performance.now()
    const response = await fetch(`${faults.url}/slow`)
    expect(await response.text()).toBe('ok')
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('sends one header line per value of an array, which fetch joins with ", "', async () => {
    faults.script('/twice', [{ kind: 'plain', status: 202, headers: { location: ['/a', '/b'] } }])
    const response = await fetch(`${faults.url}/twice`)
    expect(response.headers.get('location')).toBe('/a, /b')
  })

  it('refuses a script without answers, and a cut that would send the whole body', () => {
    expect(() => faults.script('/x', [])).toThrow(TypeError)
    expect(() =>
      faults.script('/x', [{ kind: 'cut', body: 'abc', sentBytes: 3, end: 'reset' }]),
    ).toThrow(RangeError)
  })
})

describe('fault server: broken bodies', () => {
  it.each([
    ['reset', 'ECONNRESET'],
    ['close', 'UND_ERR_SOCKET'],
  ] as const)(
    'cuts a body after the bytes it was told to send, ending with a %s (%s)',
    async (end, code) => {
      const body = JSON.stringify({ status: 'succeeded', padding: 'x'.repeat(100) })
      faults.script('/cut', [{ kind: 'cut', body, sentBytes: 10, end }])
      const response = await fetch(`${faults.url}/cut`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-length')).toBe(String(body.length))
      const { chunks, error } = await readChunks(response)
      expect(total(chunks)).toBe(10)
      expect(error).toMatchObject({ name: 'TypeError', cause: { code } })
      const socket = faults.requests[0]?.socket ?? 0
      await faults.untilClosed(socket)
      expect(faults.openSockets().map((record) => record.id)).not.toContain(socket)
    },
  )

  it('declares a longer body than it sends, then stays silent until the client gives up', async () => {
    faults.script('/short', [{ kind: 'short-body', body: 'abc', contentLength: 100 }])
    const controller = new AbortController()
    const response = await fetch(`${faults.url}/short`, { signal: controller.signal })
    expect(response.headers.get('content-length')).toBe('100')
    const reading = response.text()
    const outcome = await Promise.race([
      reading.then(() => 'ended'),
      new Promise((resolve) => setTimeout(resolve, 200, 'still waiting')),
    ])
    expect(outcome).toBe('still waiting')
    controller.abort()
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' })
    await faults.untilClosed(faults.requests[0]?.socket ?? 0)
  })

  it('trickles a body a few bytes per tick', async () => {
    faults.script('/trickle', [{ kind: 'trickle', body: 'abcdefgh', bytesPerTick: 2, tickMs: 60 }])
    const started = performance.now()
    const response = await fetch(`${faults.url}/trickle`)
    const headAt = performance.now() - started
    const { chunks, error } = await readChunks(response)
    const elapsed = performance.now() - started
    expect(error).toBeUndefined()
    expect(total(chunks)).toBe(8)
    // The head comes at once, the first bytes a tick later, the last after four ticks of 60 ms.
    // (How many reads the bytes take depends on the client's pace, so that is not checked.)
    expect(headAt).toBeLessThan(50)
    expect((chunks[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(50)
    expect(elapsed).toBeGreaterThanOrEqual(230)
    expect(elapsed).toBeLessThan(600)
  })

  it('sends an endless body that the client can abort, and sees the socket close', async () => {
    faults.script('/endless', [{ kind: 'endless' }])
    const controller = new AbortController()
    const response = await fetch(`${faults.url}/endless`, { signal: controller.signal })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    let received = 0
    while (received < 1_000_000) received += (await reader.read()).value?.length ?? 0
    controller.abort()
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' })
    const socket = faults.requests[0]?.socket ?? 0
    await faults.untilClosed(socket)
    expect(faults.sockets.find((record) => record.id === socket)?.closedAt).toBeTypeOf('number')
    // Only the request's own socket: undici may open a fresh idle one as it drops the old.
    expect(faults.openSockets().map((record) => record.id)).not.toContain(socket)
  })

  it('sends an endless body one chunk per tick when given a tick', async () => {
    faults.script('/endless', [{ kind: 'endless', chunk: 'tick\n', tickMs: 30 }])
    const controller = new AbortController()
    const response = await fetch(`${faults.url}/endless`, { signal: controller.signal })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (text.length < 15) text += decoder.decode((await reader.read()).value)
    controller.abort()
    expect(text).toBe('tick\ntick\ntick\n')
  })

  it.each([false, true])(
    'sends a huge body of exactly the size given (chunked: %s)',
    async (chunked) => {
      const bytes = 8 * 1024 * 1024 + 3
      faults.script('/huge', [{ kind: 'huge', bytes, fill: 'ab', chunked }])
      const response = await fetch(`${faults.url}/huge`)
      expect(response.headers.get('content-length')).toBe(chunked ? null : String(bytes))
      const body = new Uint8Array(await response.arrayBuffer())
      expect(body.length).toBe(bytes)
      expect(new TextDecoder().decode(body.subarray(0, 6))).toBe('ababab')
    },
  )
})

describe('fault server: raw bytes and silence', () => {
  it('writes raw bytes exactly, so a Location header can come twice', async () => {
    faults.script('/raw', [
      {
        kind: 'raw',
        data: 'HTTP/1.1 202 Accepted\r\nLocation: a\r\nLocation: b\r\nContent-Length: 0\r\n\r\n',
      },
    ])
    const response = await fetch(`${faults.url}/raw`)
    expect(response.status).toBe(202)
    expect(response.headers.get('location')).toBe('a, b')
  })

  it('writes a malformed status line that fetch refuses', async () => {
    faults.script('/raw', [{ kind: 'raw', data: 'HTTP/1.1 two hundred OK\r\n\r\n' }])
    await expect(fetch(`${faults.url}/raw`)).rejects.toThrow(TypeError)
  })

  it('resets the socket pauseMs after a whole raw answer, while the client holds it idle', async () => {
    const body = '{"ok":true}'
    faults.script('/raw', [
      {
        kind: 'raw',
        data: `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        end: 'reset',
        pauseMs: 50,
      },
    ])
    const response = await fetch(`${faults.url}/raw`)
    expect(await response.json()).toEqual({ ok: true })
    await faults.untilClosed(faults.requests[0]?.socket ?? 0)
    const [socket] = faults.sockets
    expect((socket?.closedAt ?? 0) - (faults.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(45)
  })

  it('never answers a hang, until the client gives up', async () => {
    faults.script('/hang', [{ kind: 'hang' }])
    const started = performance.now()
    await expect(
      fetch(`${faults.url}/hang`, { signal: AbortSignal.timeout(150) }),
    ).rejects.toMatchObject({ name: 'TimeoutError' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(faults.requests).toHaveLength(1)
    await faults.untilClosed(faults.requests[0]?.socket ?? 0)
  })

  it('stops everything on close: open answers fail, pending timers go, close is prompt', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout')
    const timersBefore = timers().length
    faults.script('/hang', [{ kind: 'hang' }])
    faults.script('/endless', [{ kind: 'endless', tickMs: 10 }])
    faults.script('/late', [{ kind: 'plain', body: 'late', delayMs: 60_000 }])
    const hanging = fetch(`${faults.url}/hang`)
    const late = fetch(`${faults.url}/late`)
    const reading = fetch(`${faults.url}/endless`).then((response) => response.text())
    const outcomes = Promise.allSettled([hanging, late, reading])
    await expect.poll(() => faults.requests.length).toBe(3)
    expect(timers().length).toBeGreaterThan(timersBefore)
    const started = performance.now()
    await faults.close()
    expect(performance.now() - started).toBeLessThan(500)
    expect((await outcomes).map((outcome) => outcome.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
    ])
    expect(faults.openSockets()).toEqual([])
    expect(timers().length).toBeLessThanOrEqual(timersBefore)
    await faults.close()
  })
})

describe('fault server: a second origin', () => {
  it('listens on 127.0.0.2 beside 127.0.0.1, as another origin', async () => {
    const other = await startFaultServer({ host: '127.0.0.2' })
    try {
      other.script('/where', [{ kind: 'json', body: { origin: 'second' } }])
      faults.script('/where', [{ kind: 'json', body: { origin: 'first' } }])
      expect(other.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/)
      expect(new URL(other.url).origin).not.toBe(new URL(faults.url).origin)
      expect(await (await fetch(`${other.url}/where`)).json()).toEqual({ origin: 'second' })
      expect(await (await fetch(`${faults.url}/where`)).json()).toEqual({ origin: 'first' })
      expect(other.requests.map((request) => request.headers.host)).toEqual([
        new URL(other.url).host,
      ])
      expect(faults.requests).toHaveLength(1)
    } finally {
      await other.close()
    }
  })
})
