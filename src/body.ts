import { ResponseValidationError } from './errors.js'

const excerptLength = 500
const utf8 = new TextDecoder()

/** A response body read once, with the start of its text kept for error messages. */
export interface Body {
  /** Parsed JSON, a string, a Blob, or `undefined` for an empty body. */
  readonly value: unknown
  readonly excerpt: string
  /** An empty body whose content type promised JSON: never a result. */
  readonly emptyJson?: true
}

export const emptyBody: Body = { value: undefined, excerpt: '' }

/**
 * Reads a body by its content type: JSON (also when unlabelled but shaped like JSON), text, or a
 * Blob for anything else. It reads under `signal` (an abort cancels the stream, so the download
 * stops) and at most `maxBytes` (more is a `ResponseValidationError`, and the rest is not read).
 * A body labelled JSON that does not parse is a `ResponseValidationError`.
 */
export async function readBody(
  response: Response,
  url: string,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Body> {
  const chunks = await readBytes(response, url, signal, maxBytes)
  const type = response.headers.get('content-type')?.toLowerCase() ?? ''
  const isJson = /[/+]json\b/.test(type)
  if (!isJson && type !== '' && !type.startsWith('text/')) {
    const blob = new Blob(chunks, { type })
    return { value: blob.size === 0 ? undefined : blob, excerpt: `<${blob.size} bytes of ${type}>` }
  }
  const text = decode(chunks)
  const excerpt = text.slice(0, excerptLength)
  if (text.trim() === '') {
    return isJson ? { value: undefined, excerpt, emptyJson: true } : { value: undefined, excerpt }
  }
  if (isJson || (type === '' && /^\s*[{[]/.test(text))) {
    try {
      return { value: JSON.parse(text), excerpt }
    } catch (error) {
      const message = `Body is not valid JSON: ${(error as Error).message}`
      throw new ResponseValidationError(url, [{ message }], excerpt)
    }
  }
  return { value: text, excerpt }
}

/** UTF-8 text, as `Response.text()` reads it (a byte order mark dropped). */
function decode(chunks: readonly Uint8Array[]): string {
  if (chunks.length === 1) return utf8.decode(chunks[0])
  const whole = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    whole.set(chunk, offset)
    offset += chunk.byteLength
  }
  return utf8.decode(whole)
}

/**
 * The body's bytes. A body whose length is declared (and not compressed, so that the length is
 * what is read) within `maxBytes` is read whole, which costs less than a chunk at a time; any
 * other is read chunk by chunk and given up past `maxBytes`.
 */
async function readBytes(
  response: Response,
  url: string,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>[]> {
  if (declaredWithin(response.headers, maxBytes)) {
    const bytes = new Uint8Array(await response.arrayBuffer())
    signal.throwIfAborted()
    return bytes.byteLength === 0 ? [] : [bytes]
  }
  return readChunks(response, url, signal, maxBytes)
}

function declaredWithin(headers: Headers, maxBytes: number): boolean {
  const encoding = headers.get('content-encoding')
  if (encoding !== null && encoding.toLowerCase() !== 'identity') return false
  const length = headers.get('content-length')
  return length !== null && /^\d+$/.test(length) && Number(length) <= maxBytes
}

async function readChunks(
  response: Response,
  url: string,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>[]> {
  const reader = response.body?.getReader()
  if (!reader) return []
  if (signal.aborted) {
    reader.cancel(signal.reason).catch(() => {})
    throw signal.reason
  }
  const onAbort = () => {
    reader.cancel(signal.reason).catch(() => {})
  }
  signal.addEventListener('abort', onAbort, { once: true })
  const chunks: Uint8Array<ArrayBuffer>[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      // A cancel ends a pending read as if the body were complete: it is not.
      signal.throwIfAborted()
      if (done) return chunks
      size += value.byteLength
      if (size > maxBytes) {
        reader.cancel().catch(() => {})
        const start = new TextDecoder().decode(chunks[0] ?? value).slice(0, excerptLength)
        const message = `Body is larger than maxBodyBytes (${maxBytes} bytes); the rest was not read`
        throw new ResponseValidationError(url, [{ message }], start)
      }
      chunks.push(value as Uint8Array<ArrayBuffer>)
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

/** A value that is already parsed (a field of a status body), as a body of its own. */
export function bodyOf(value: unknown): Body {
  return { value, excerpt: (JSON.stringify(value) ?? '').slice(0, excerptLength) }
}

/**
 * Discards a body that will not be read, so that its connection is freed. Not awaited: a response
 * that ky cloned is a tee branch, whose cancel stays pending until the other branch ends.
 */
export function discardBody(response: Response): void {
  response.body?.cancel().catch(() => {})
}
