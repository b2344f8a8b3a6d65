import { type Body, excerptLength } from '../answer.js'
import { ResponseValidationError } from '../errors.js'
import { keepRecent } from '../recent.js'
import { lineTypes } from './stream-records.js'

const utf8 = new TextDecoder()

/** Media types whose bodies are streams of events or records, which may never end. */
const streamingTypes = new Set(['text/event-stream', ...lineTypes, 'application/json-seq'])

/**
 * The media type of a content type that streams (Server-Sent Events, NDJSON and its kin), in lower
 * case and without its parameters; `undefined` for any other content type.
 *
 * @example
 * streamingMediaType('Text/Event-Stream; charset=utf-8') // 'text/event-stream'
 * streamingMediaType('application/json') // undefined
 */
export function streamingMediaType(contentType: string | null | undefined): string | undefined {
  return contentType == null ? undefined : typeOf(contentType).stream
}

/** What a content type says of how to read a body. */
interface ContentType {
  /** In lower case. */
  readonly type: string
  /** Its media type (not a parameter, such as multipart's `type="application/json"`) is JSON. */
  readonly isJson: boolean
  /** The media type of a streaming content type. */
  readonly stream: string | undefined
  /** Its media type is `text/plain`, which may be JSON a server did not label (see `parseBody`). */
  readonly isPlainText: boolean
  /** What decodes its text: the `charset` of a `text/*` type, else UTF-8 (JSON is UTF-8, RFC 8259 §8.1). */
  readonly decoder: TextDecoder
}

/** What a content type says, read once: a server answers its polls with one or two. */
const typeOf = keepRecent((contentType): ContentType => {
  const type = contentType.toLowerCase()
  const [mediaType = '', ...parameters] = type.split(';').map((part) => part.trim())
  const isJson = /[/+]json$/.test(mediaType)
  return {
    type,
    isJson,
    stream: streamingTypes.has(mediaType) ? mediaType : undefined,
    isPlainText: mediaType === 'text/plain',
    decoder: mediaType.startsWith('text/') && !isJson ? charsetDecoder(parameters) : utf8,
  }
}, 64)

const noContentType: ContentType = {
  type: '',
  isJson: false,
  stream: undefined,
  isPlainText: false,
  decoder: utf8,
}

/**
 * The decoder of a `charset` parameter (RFC 9110 §8.3.2), by the Encoding standard's labels, as a
 * browser decodes a page: a legacy server's `text/csv; charset=windows-1252` is not UTF-8. UTF-8
 * when there is none, or one no decoder knows.
 */
function charsetDecoder(parameters: readonly string[]): TextDecoder {
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))
  if (charset === undefined) return utf8
  try {
    return new TextDecoder(charset.slice('charset='.length).replace(/^"(.*)"$/, '$1'))
  } catch {
    return utf8
  }
}

/**
 * Reads a body by its content type: JSON (also when unlabelled, or `text/plain`, but shaped like
 * JSON), text, or a Blob for anything else. It reads under `signal` (an abort cancels the stream,
 * so the download stops) and at most `maxBytes` (more is a `ResponseValidationError`, and the rest
 * is not read). A body labelled JSON that does not parse is a `ResponseValidationError`. A
 * streaming body (see {@link streamingMediaType}) is not read but canceled at once, and comes back
 * marked `stream`; with `readsRecords`, an NDJSON body (a result file) is read like any other.
 */
export function readBody(
  response: Response,
  url: string,
  signal: AbortSignal,
  maxBytes: number,
  readsRecords = false,
): Promise<Body> {
  const contentType = response.headers.get('content-type')
  const { stream } = contentType === null ? noContentType : typeOf(contentType)
  // A file of records (NDJSON) is a result once a finished status linked to it; events never are.
  if (stream !== undefined && !(readsRecords && stream !== 'text/event-stream')) {
    // A stream may never end: reading it whole would hold the request until its timeout.
    discardBody(response)
    return Promise.resolve({ value: undefined, excerpt: `<${stream}>`, stream })
  }
  return readUpTo(response, signal, maxBytes).then(({ chunks, complete }) => {
    if (!complete) throw tooLarge(chunks, url, maxBytes)
    return parseBody(chunks, contentType, url)
  })
}

/**
 * A body's bytes read by their content type: JSON (also when unlabelled, or `text/plain` that
 * parses, but shaped like JSON), text, or a Blob for anything else. A body labelled JSON that does
 * not parse is a `ResponseValidationError`.
 */
export function parseBody(
  chunks: readonly Uint8Array<ArrayBuffer>[],
  contentType: string | null,
  url: string,
): Body {
  const { type, isJson, isPlainText, decoder } =
    contentType === null ? noContentType : typeOf(contentType)
  if (!isJson && type !== '' && !type.startsWith('text/')) {
    const blob = new Blob(chunks as Uint8Array<ArrayBuffer>[], { type })
    return { value: blob.size === 0 ? undefined : blob, excerpt: `<${blob.size} bytes of ${type}>` }
  }
  const text = decode(chunks, decoder)
  if (isPlainText) {
    // Go's net/http labels what a handler writes with no type of its own `text/plain` (it sniffs
    // no JSON): text shaped like JSON that parses is JSON, so that a status in it is read as one.
    try {
      return parseText(text, true, false, url)
    } catch {
      return parseText(text, false, false, url)
    }
  }
  return parseText(text, isJson || type === '', isJson, url)
}

/**
 * A status stream's record (an SSE event's data, an NDJSON line) as a status body: JSON, or a
 * `ResponseValidationError` (an HTML page, text).
 */
export function recordBody(data: string, url: string): Body {
  return parseText(data, true, true, url)
}

/** Text as a body: JSON when `isJson` or when `mayBeJson` and it looks like JSON, else the text. */
function parseText(text: string, mayBeJson: boolean, isJson: boolean, url: string): Body {
  const excerpt = text.slice(0, excerptLength)
  if (text.trim() === '') {
    return isJson ? { value: undefined, excerpt, emptyJson: true } : { value: undefined, excerpt }
  }
  if (isJson || (mayBeJson && /^\s*[{[]/.test(text))) {
    try {
      return { value: JSON.parse(text), excerpt }
    } catch (error) {
      const message = `Body is not valid JSON: ${(error as Error).message}`
      throw new ResponseValidationError(url, [{ message }], excerpt)
    }
  }
  return { value: text, excerpt }
}

/**
 * Text, UTF-8 unless `decoder` (a `charset`'s) says otherwise; a byte order mark dropped, as
 * `Response.text()` does. Under a `charset`, a byte order mark wins over it, as the Encoding
 * standard's decode has a browser read a page: a UTF-8 file with one, served as `windows-1252`.
 */
function decode(chunks: readonly Uint8Array[], decoder = utf8): string {
  let whole = chunks[0] ?? new Uint8Array()
  if (chunks.length > 1) {
    whole = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0))
    let offset = 0
    for (const chunk of chunks) {
      whole.set(chunk, offset)
      offset += chunk.byteLength
    }
  }
  return (decoder === utf8 ? utf8 : (byteOrderMarkDecoder(whole) ?? decoder)).decode(whole)
}

/** The decoder a byte order mark names (the Encoding standard's BOM sniff), if `bytes` start with one. */
function byteOrderMarkDecoder(bytes: Uint8Array): TextDecoder | undefined {
  const [first, second, third] = bytes
  if (first === 0xef && second === 0xbb && third === 0xbf) return utf8
  if (first === 0xfe && second === 0xff) return new TextDecoder('utf-16be')
  if (first === 0xff && second === 0xfe) return new TextDecoder('utf-16le')
  return undefined
}

/** The error of a body larger than `maxBytes`, with the start of what was read. */
function tooLarge(
  chunks: readonly Uint8Array[],
  url: string,
  maxBytes: number,
): ResponseValidationError {
  const start = decode(chunks.slice(0, 1)).slice(0, excerptLength)
  const message = `Body is larger than maxBodyBytes (${maxBytes} bytes); the rest was not read`
  return new ResponseValidationError(url, [{ message }], start)
}

/**
 * Reads the body a chunk at a time under `signal` (an abort cancels the stream, so the download
 * stops, whatever the fetch does with its own signal) until it ends or passes `maxBytes`; then the
 * rest is canceled, unread. A declared length is not trusted: a mock or a browser may not hold the
 * body to it.
 */
async function readUpTo(
  response: Response,
  signal: AbortSignal,
  maxBytes: number,
  chunks: Uint8Array<ArrayBuffer>[] = [],
): Promise<{ chunks: Uint8Array<ArrayBuffer>[]; complete: boolean }> {
  const reader = response.body?.getReader()
  if (!reader) return { chunks, complete: true }
  if (signal.aborted) {
    reader.cancel(signal.reason).catch(() => {})
    throw signal.reason
  }
  const onAbort = () => {
    reader.cancel(signal.reason).catch(() => {})
  }
  signal.addEventListener('abort', onAbort, { once: true })
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      // A cancel ends a pending read as if the body were complete: it is not.
      signal.throwIfAborted()
      if (done) return { chunks, complete: true }
      size += value.byteLength
      if (size > maxBytes) {
        reader.cancel().catch(() => {})
        chunks.push(
          value.subarray(0, value.byteLength - (size - maxBytes)) as Uint8Array<ArrayBuffer>,
        )
        return { chunks, complete: false }
      }
      chunks.push(value as Uint8Array<ArrayBuffer>)
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

/**
 * An error answer with its body read now, up to `maxBytes` (the rest canceled), as a response of
 * its own: the connection is free at once, and the caller can still read the body from the error
 * whenever it likes. A read that `signal` ends keeps what came before it.
 */
export async function bufferedErrorResponse(
  response: Response,
  signal: AbortSignal,
  maxBytes: number,
): Promise<{ readonly response: Response; readonly chunks: readonly Uint8Array<ArrayBuffer>[] }> {
  const chunks: Uint8Array<ArrayBuffer>[] = []
  await readUpTo(response, signal, maxBytes, chunks).catch((error: unknown) => {
    if (!signal.aborted) throw error
  })
  const { status, statusText, headers, url } = response
  const copy = new Response(new Blob(chunks), { status, statusText, headers })
  Object.defineProperty(copy, 'url', { value: url })
  return { response: copy, chunks }
}

/**
 * Discards a body that will not be read, so that its connection is freed. Not awaited: a response
 * that ky cloned is a tee branch, whose cancel stays pending until the other branch ends.
 */
export function discardBody(response: Response): void {
  response.body?.cancel().catch(() => {})
}
