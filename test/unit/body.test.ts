import { describe, expect, it } from 'vitest'
import { ResponseValidationError } from '../../src/errors.js'
import { bufferedErrorResponse, readBody, streamingMediaType } from '../../src/http/body.js'

const url = 'https://api.example.com/jobs/1'
const noAbort = () => new AbortController().signal
const mib = 1024 * 1024

function respond(body: BodyInit | null, contentType?: string): Response {
  const response = new Response(body)
  // A string body gets `text/plain` by default: set or remove the type explicitly.
  response.headers.delete('content-type')
  if (contentType !== undefined) response.headers.set('content-type', contentType)
  return response
}

/**
 * A stream that yields `chunk` forever, counting its pulls and recording its cancel; `onPull`
 * runs before each chunk (reads of an endless stream are all microtasks: no timer gets a turn).
 */
function endlessStream(chunk: Uint8Array, onPull: (pulls: number) => void = () => {}) {
  const seen = { pulls: 0, canceled: false, reason: undefined as unknown }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls += 1
      onPull(seen.pulls)
      controller.enqueue(chunk.slice())
    },
    cancel(reason) {
      seen.canceled = true
      seen.reason = reason
    },
  })
  return { stream, seen }
}

/** A stream that yields `first`, then stalls until canceled. */
function stallingStream(first: Uint8Array) {
  const seen = { canceled: false, reason: undefined as unknown, pulls: 0 }
  let sent = false
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls += 1
      if (sent) return new Promise<void>(() => {})
      sent = true
      controller.enqueue(first)
      return undefined
    },
    cancel(reason) {
      seen.canceled = true
      seen.reason = reason
    },
  })
  return { stream, seen }
}

const bytes = (text: string) => new TextEncoder().encode(text)
const flush = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('readBody by content type', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/problem+json',
    'application/vnd.api+json',
    'Application/JSON',
  ])('parses %s as JSON', async (type) => {
    const body = await readBody(
      respond('{"status":"running","n":[1,2]}', type),
      url,
      noAbort(),
      mib,
    )
    expect(body.value).toEqual({ status: 'running', n: [1, 2] })
    expect(body.excerpt).toBe('{"status":"running","n":[1,2]}')
    expect(body.emptyJson).toBeUndefined()
  })

  it.each(['text/plain', 'text/csv; charset=utf-8', 'text/html'])(
    'reads %s as text',
    async (type) => {
      const body = await readBody(respond('a,b\n1,2\n', type), url, noAbort(), mib)
      expect(body.value).toBe('a,b\n1,2\n')
      expect(body.excerpt).toBe('a,b\n1,2\n')
    },
  )

  it.each([
    [
      'UTF-8',
      'text/csv; charset=windows-1252',
      [0xef, 0xbb, 0xbf],
      Buffer.from('name\nJosé', 'utf8'),
    ],
    ['UTF-16LE', 'text/plain; charset=utf-8', [0xff, 0xfe], Buffer.from('name\nJosé', 'utf16le')],
    [
      'UTF-16BE',
      'text/plain; charset=iso-8859-1',
      [0xfe, 0xff],
      Buffer.from('name\nJosé', 'utf16le').swap16(),
    ],
  ])(
    'decodes text that starts with a %s byte order mark in that encoding, whatever its charset says',
    async (_, type, bom, text) => {
      // The Encoding standard's decode: a byte order mark wins over the label, as a browser reads a page.
      const bytes = Uint8Array.from([...bom, ...text])
      const body = await readBody(respond(bytes, type), url, noAbort(), mib)
      expect(body.value).toBe('name\nJosé')
    },
  )

  it('decodes labelled text without a byte order mark by its charset', async () => {
    const bytes = Uint8Array.from(Buffer.from('José', 'latin1'))
    const body = await readBody(
      respond(bytes, 'text/plain; charset=windows-1252'),
      url,
      noAbort(),
      mib,
    )
    expect(body.value).toBe('José')
  })

  it('reads text/plain shaped like JSON as JSON when it parses, as the text it is when not', async () => {
    const json = await readBody(
      respond('{"a":1}', 'text/plain; charset=utf-8'),
      url,
      noAbort(),
      mib,
    )
    expect(json.value).toEqual({ a: 1 })
    const text = await readBody(respond('[INFO] started', 'text/plain'), url, noAbort(), mib)
    expect(text.value).toBe('[INFO] started')
  })

  it('reads an unlabelled body shaped like JSON as JSON, and other unlabelled text as text', async () => {
    const json = await readBody(respond(bytes(' {"a":1}')), url, noAbort(), mib)
    expect(json.value).toEqual({ a: 1 })
    const text = await readBody(respond(bytes('done')), url, noAbort(), mib)
    expect(text.value).toBe('done')
  })

  it.each(['application/octet-stream', 'image/png', 'application/pdf'])(
    'keeps %s as a Blob of the same bytes and type',
    async (type) => {
      const data = new Uint8Array([0, 1, 2, 250, 251, 252])
      const body = await readBody(respond(data, type), url, noAbort(), mib)
      expect(body.value).toBeInstanceOf(Blob)
      const blob = body.value as Blob
      expect(blob.type).toBe(type)
      expect(new Uint8Array(await blob.arrayBuffer())).toEqual(data)
      expect(body.excerpt).toContain('6 bytes')
    },
  )

  it('reads a body that comes in many chunks whole', async () => {
    const parts = ['{"items":[', '1,', '2,', '3', ']}']
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(bytes(part))
        controller.close()
      },
    })
    const body = await readBody(respond(stream, 'application/json'), url, noAbort(), mib)
    expect(body.value).toEqual({ items: [1, 2, 3] })
  })

  it('decodes UTF-8 split across chunks', async () => {
    const encoded = bytes('{"name":"Zoë ☃"}')
    const cut = encoded.indexOf(0xc3) + 1
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoded.slice(0, cut))
        controller.enqueue(encoded.slice(cut))
        controller.close()
      },
    })
    const body = await readBody(respond(stream, 'application/json'), url, noAbort(), mib)
    expect(body.value).toEqual({ name: 'Zoë ☃' })
  })
})

describe('streamingMediaType', () => {
  it.each([
    ['text/event-stream', 'text/event-stream'],
    ['text/event-stream; charset=utf-8', 'text/event-stream'],
    ['Text/Event-Stream', 'text/event-stream'],
    [' text/event-stream ;charset=UTF-8', 'text/event-stream'],
    ['application/x-ndjson', 'application/x-ndjson'],
    ['application/ndjson; charset=utf-8', 'application/ndjson'],
    ['application/jsonl', 'application/jsonl'],
    ['application/x-jsonlines', 'application/x-jsonlines'],
    ['APPLICATION/JSON-SEQ', 'application/json-seq'],
    ['application/stream+json', 'application/stream+json'],
  ])('recognises %s as the stream %s', (contentType, mediaType) => {
    expect(streamingMediaType(contentType)).toBe(mediaType)
  })

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/problem+json',
    'text/plain',
    'text/html',
    'application/octet-stream',
    'text/event-streams',
    'application/ndjson-ish',
    'multipart/x-mixed-replace; boundary=text/event-stream',
    '',
  ])('does not take %j for a stream', (contentType) => {
    expect(streamingMediaType(contentType)).toBeUndefined()
  })

  it('takes no content type for no stream', () => {
    expect(streamingMediaType(null)).toBeUndefined()
    expect(streamingMediaType(undefined)).toBeUndefined()
  })
})

describe('readBody on a streaming answer', () => {
  it.each([
    'text/event-stream',
    'text/event-stream; charset=utf-8',
    'application/x-ndjson',
    'application/ndjson',
    'application/jsonl',
    'application/x-jsonlines',
    'application/json-seq',
  ])(
    'returns a %s answer marked as a stream at once, without reading it, and cancels it',
    async (type) => {
      const { stream, seen } = endlessStream(bytes('data: {"status":"running"}\n\n'))
      const response = respond(stream, type)
      const body = await readBody(response, url, noAbort(), 1024 * mib)
      const mediaType = type.split(';')[0]
      expect(body).toEqual({ value: undefined, excerpt: `<${mediaType}>`, stream: mediaType })
      await flush()
      expect(seen.canceled).toBe(true)
      // At most the chunk a stream pulls to fill its queue when made, and none after the cancel.
      expect(seen.pulls).toBeLessThanOrEqual(1)
      await flush()
      expect(seen.pulls).toBeLessThanOrEqual(1)
    },
  )

  it('returns promptly from a stream that stalls forever, and cancels it', async () => {
    const { stream, seen } = stallingStream(bytes('data: {"status":"running"}\n\n'))
    const body = await readBody(respond(stream, 'text/event-stream'), url, noAbort(), mib)
    expect(body.stream).toBe('text/event-stream')
    await flush()
    expect(seen.canceled).toBe(true)
  })

  it('marks an empty streaming answer as a stream too', async () => {
    const body = await readBody(respond(null, 'application/x-ndjson'), url, noAbort(), mib)
    expect(body).toEqual({
      value: undefined,
      excerpt: '<application/x-ndjson>',
      stream: 'application/x-ndjson',
    })
  })

  it('marks no other body as a stream', async () => {
    for (const type of ['application/json', 'text/plain', 'application/octet-stream']) {
      const body = await readBody(respond(bytes('{}'), type), url, noAbort(), mib)
      expect(body.stream).toBeUndefined()
    }
  })
})

describe('readBody on empty bodies', () => {
  it('marks an empty body labelled JSON with emptyJson', async () => {
    const body = await readBody(respond('', 'application/json'), url, noAbort(), mib)
    expect(body).toEqual({ value: undefined, excerpt: '', emptyJson: true })
  })

  it('marks a null body labelled JSON with emptyJson, and a blank one too', async () => {
    const none = await readBody(respond(null, 'application/json'), url, noAbort(), mib)
    expect(none.value).toBeUndefined()
    expect(none.emptyJson).toBe(true)
    const blank = await readBody(respond(' \n', 'application/json'), url, noAbort(), mib)
    expect(blank.value).toBeUndefined()
    expect(blank.emptyJson).toBe(true)
  })

  it('does not mark an empty body of another type', async () => {
    for (const type of ['text/plain', undefined]) {
      const body = await readBody(respond('', type), url, noAbort(), mib)
      expect(body.value).toBeUndefined()
      expect(body.emptyJson).toBeUndefined()
    }
  })
})

describe('readBody on invalid JSON', () => {
  it('throws a ResponseValidationError with the URL and an excerpt', async () => {
    const error = await readBody(
      respond('{"status": runn', 'application/json'),
      url,
      noAbort(),
      mib,
    )
      .then(() => undefined)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ResponseValidationError)
    const invalid = error as ResponseValidationError
    expect(invalid.url).toBe(url)
    expect(invalid.bodyExcerpt).toBe('{"status": runn')
    expect(invalid.message).toContain(url)
    expect(invalid.message).toMatch(/JSON/)
  })

  it('keeps the excerpt to 500 characters', async () => {
    const text = `<html>${'x'.repeat(2000)}</html>`
    const error = await readBody(respond(text, 'application/json'), url, noAbort(), mib).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as ResponseValidationError).bodyExcerpt).toBe(text.slice(0, 500))
  })
})

describe('readBody against maxBytes', () => {
  it('reads a body of exactly maxBytes', async () => {
    const body = await readBody(respond('{"a":"12345"}', 'application/json'), url, noAbort(), 13)
    expect(body.value).toEqual({ a: '12345' })
  })

  it('refuses a body one byte over maxBytes', async () => {
    const reading = readBody(respond('{"a":"123456"}', 'application/json'), url, noAbort(), 13)
    await expect(reading).rejects.toBeInstanceOf(ResponseValidationError)
  })

  it('refuses an endless body with a ResponseValidationError, and cancels the stream', async () => {
    const { stream, seen } = endlessStream(bytes('x'.repeat(1024)))
    const error = await readBody(respond(stream, 'text/plain'), url, noAbort(), 64 * 1024).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ResponseValidationError)
    const refused = error as ResponseValidationError
    expect(refused.url).toBe(url)
    expect(refused.message).toMatch(/maxBodyBytes/)
    expect(refused.bodyExcerpt.length).toBeLessThanOrEqual(500)
    expect(refused.bodyExcerpt.startsWith('xxx')).toBe(true)
    expect(seen.canceled).toBe(true)
    // The rest is not read: a handful of chunks past the limit at most, and no more after.
    const pulls = seen.pulls
    expect(pulls).toBeLessThan(64 + 4)
    await flush()
    expect(seen.pulls).toBe(pulls)
  })
})

describe('readBody under abort', () => {
  it("rejects with the signal's reason when aborted mid-body, and cancels the stream", async () => {
    const { stream, seen } = stallingStream(bytes('{"status":'))
    const controller = new AbortController()
    const reading = readBody(respond(stream, 'application/json'), url, controller.signal, mib)
    const outcome = Promise.allSettled([reading])
    await flush()
    expect(seen.pulls).toBeGreaterThanOrEqual(2)
    const reason = new Error('request timed out')
    controller.abort(reason)
    const [result] = await outcome
    expect(result).toEqual({ status: 'rejected', reason })
    expect(seen.canceled).toBe(true)
  })

  it('never yields a partial text body as complete', async () => {
    // Text is what a partial body would pass as: JSON would at least fail to parse.
    const { stream, seen } = stallingStream(bytes('half of the'))
    const controller = new AbortController()
    const reading = readBody(respond(stream, 'text/plain'), url, controller.signal, mib)
    const outcome = Promise.allSettled([reading])
    await flush()
    controller.abort('stop')
    const [result] = await outcome
    expect(result).toEqual({ status: 'rejected', reason: 'stop' })
    expect(seen.canceled).toBe(true)
  })

  it('rejects with the reason when aborted between chunks of an endless body', async () => {
    const controller = new AbortController()
    const reason = new DOMException('gone', 'AbortError')
    const { stream, seen } = endlessStream(bytes('y'.repeat(16)), (pulls) => {
      if (pulls === 10) controller.abort(reason)
    })
    const reading = readBody(respond(stream, 'text/plain'), url, controller.signal, 1024 * mib)
    const [result] = await Promise.allSettled([reading])
    expect(result).toEqual({ status: 'rejected', reason })
    expect(seen.canceled).toBe(true)
    expect(seen.pulls).toBeLessThan(14)
  })

  it('rejects with the reason, and cancels the stream, when the signal was already aborted', async () => {
    const { stream, seen } = stallingStream(bytes('{}'))
    const controller = new AbortController()
    controller.abort('before')
    const outcome = Promise.allSettled([
      readBody(respond(stream, 'application/json'), url, controller.signal, mib),
    ])
    const [result] = await outcome
    expect(result).toEqual({ status: 'rejected', reason: 'before' })
    await flush()
    expect(seen.canceled).toBe(true)
  })
})

describe('readBody of a body whose length is declared, which it does not trust', () => {
  const declared = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
    new Response(body, { headers })

  it('reads JSON (a byte order mark dropped), and keeps an empty body labelled JSON apart', async () => {
    const json = bytes('\uFEFF{"status":"running","progress":0.5}')
    const body = await readBody(
      declared(json, { 'content-type': 'application/json', 'content-length': `${json.length}` }),
      url,
      noAbort(),
      mib,
    )
    expect(body.value).toEqual({ status: 'running', progress: 0.5 })
    const empty = await readBody(
      declared('', { 'content-type': 'application/json', 'content-length': '0' }),
      url,
      noAbort(),
      mib,
    )
    expect(empty).toMatchObject({ value: undefined, emptyJson: true })
  })

  it('decodes text split over many chunks as one string, multi-byte characters across chunks included', async () => {
    const text = 'é'.repeat(50_000)
    const encoded = bytes(text)
    const parts = [encoded.slice(0, 3), encoded.slice(3, 70_001), encoded.slice(70_001)]
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(part)
        controller.close()
      },
    })
    const body = await readBody(respond(stream, 'text/plain'), url, noAbort(), mib)
    expect(body.value).toBe(text)
  })

  it('gives up a body declared larger than maxBodyBytes at the limit, reading no further', async () => {
    const { stream, seen } = endlessStream(bytes('x'.repeat(1024)))
    const response = new Response(stream, {
      headers: { 'content-type': 'text/plain', 'content-length': `${10 * mib}` },
    })
    await expect(readBody(response, url, noAbort(), 64 * 1024)).rejects.toBeInstanceOf(
      ResponseValidationError,
    )
    expect(seen.canceled).toBe(true)
    expect(seen.pulls).toBeLessThan(70)
  })

  it('gives up a compressed body at the limit, whatever length it declares', async () => {
    const { stream, seen } = endlessStream(bytes('x'.repeat(1024)))
    const response = new Response(stream, {
      headers: {
        'content-type': 'text/plain',
        'content-length': '100',
        'content-encoding': 'gzip',
      },
    })
    await expect(readBody(response, url, noAbort(), 64 * 1024)).rejects.toBeInstanceOf(
      ResponseValidationError,
    )
    expect(seen.canceled).toBe(true)
  })
})

describe('bufferedErrorResponse', () => {
  it('keeps an error answer with its body, status, headers and URL, readable later', async () => {
    const answer = new Response('{"error":"bad month"}', {
      status: 422,
      statusText: 'Unprocessable Content',
      headers: { 'content-type': 'application/json' },
    })
    Object.defineProperty(answer, 'url', { value: url })
    const { response: kept } = await bufferedErrorResponse(answer, noAbort(), mib)
    expect(answer.bodyUsed).toBe(true)
    expect([kept.status, kept.statusText, kept.url]).toEqual([422, 'Unprocessable Content', url])
    expect(kept.headers.get('content-type')).toBe('application/json')
    expect(await kept.json()).toEqual({ error: 'bad month' })
  })

  it('keeps the first maxBytes of a longer body and cancels the rest', async () => {
    const { stream, seen } = endlessStream(bytes('y'.repeat(1000)))
    const { response: kept } = await bufferedErrorResponse(
      new Response(stream, { status: 500 }),
      noAbort(),
      2500,
    )
    expect(await kept.text()).toBe('y'.repeat(2500))
    expect(seen.canceled).toBe(true)
  })
})
