import { excerptLength } from '../answer.js'
import { PollwiseError } from '../errors.js'
import { maxTimerMs } from '../time/schedule.js'
import { JsonContainerEnd } from './json-container-end.js'

const LF = 0x0a
const CR = 0x0d
const RS = 0x1e
/** The most bytes decoded for the excerpt of a record too large: `excerptLength` characters at most. */
const excerptBytes = 4 * excerptLength

/** Media types whose records are lines of JSON (NDJSON and its kin). */
export const lineTypes: ReadonlySet<string> = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  // NDJSON under the name Spring WebFlux gave it before application/x-ndjson.
  'application/stream+json',
])

/** One record of a status stream: an SSE event's data, or one NDJSON line. */
export interface StreamRecord {
  /** The event's data (SSE data lines joined with "\n"), or the line's text. */
  readonly data: string
  /** SSE only: the event type ("message" when the stream names none). */
  readonly event?: string
}

/**
 * Decodes a stream's bytes into records as they arrive.
 *
 * @example
 * const decoder = createRecordDecoder('text/event-stream', 1024 * 1024)
 * for await (const chunk of response.body) {
 *   for (const record of decoder.push(chunk)) console.log(record.event, record.data)
 * }
 * decoder.end()
 */
export interface RecordDecoder {
  /**
   * Feeds the next chunk of bytes; returns the records it completes (maybe none). Throws a
   * {@link RecordTooLargeError} when a record (or a line still without its end) passes
   * maxRecordBytes.
   */
  push(bytes: Uint8Array): StreamRecord[]
  /**
   * The stream ended: returns a last NDJSON line or json-seq text that had no line feed when it is
   * a whole JSON object or array; anything else the stream ended in was cut short, and is dropped
   * (SSE: an event without its blank line is discarded, as the spec says).
   */
  end(): StreamRecord[]
  /**
   * SSE: the last event ID buffer as the spec sets it (id: field without NUL; "" after `id:` with
   * empty value); undefined before any id field.
   */
  readonly lastEventId: string | undefined
  /**
   * SSE: the reconnection time set by the last valid `retry:` field (ASCII digits only), in ms, at
   * most 2^31-1 (the longest timer); undefined before any.
   */
  readonly retryMs: number | undefined
}

/**
 * A streamed record grew past `maxRecordBytes`: the bytes held for it (for SSE, the event's data
 * so far and the line being read; otherwise the line or json-seq record being read) would pass the
 * bound. The stream is not read further.
 */
export class RecordTooLargeError extends PollwiseError {
  override name = 'RecordTooLargeError'

  /** `start`: the start of the record as received, for an excerpt. */
  constructor(
    readonly maxRecordBytes: number,
    readonly start = '',
  ) {
    super(`Stream record is larger than maxRecordBytes (${maxRecordBytes} bytes)`)
  }
}

/**
 * A decoder of the records in a stream of `mediaType`: Server-Sent Events (`text/event-stream`, as
 * the HTML standard parses them), NDJSON and its kin (one record per non-blank line), or
 * `application/json-seq` (records separated by RS). It holds at most `maxRecordBytes` for one
 * record, so a server that sends one endless line cannot grow memory without bound.
 *
 * @param mediaType In lower case and without parameters, as `streamingMediaType` gives it.
 * @example
 * const decoder = createRecordDecoder('application/x-ndjson', 65536)
 * decoder.push(new TextEncoder().encode('{"status":"running"}\n{"sta')) // [{ data: '{"status":"running"}' }]
 * decoder.push(new TextEncoder().encode('tus":"done"}')) // []
 * decoder.end() // [{ data: '{"status":"done"}' }]
 */
export function createRecordDecoder(mediaType: string, maxRecordBytes: number): RecordDecoder {
  if (!(maxRecordBytes >= 1)) {
    throw new TypeError(`Expected \`maxRecordBytes\` to be 1 or more, got ${maxRecordBytes}`)
  }
  if (mediaType === 'text/event-stream') return new EventStreamDecoder(maxRecordBytes)
  if (mediaType === 'application/json-seq') return new JsonSeqDecoder(maxRecordBytes)
  if (lineTypes.has(mediaType)) return new LineRecordDecoder(maxRecordBytes)
  throw new TypeError(`Expected a media type of streamed records, got "${mediaType}"`)
}

/**
 * What every kind of stream shares: splitting bytes into lines as they arrive, decoding them as
 * UTF-8, and bounding the bytes held for one record. A subclass says where a line ends and what a
 * line means.
 */
abstract class LineDecoder implements RecordDecoder {
  abstract readonly lastEventId: string | undefined
  abstract readonly retryMs: number | undefined
  /** One decoder for the whole stream, so that it drops a byte order mark at its start only. */
  readonly #decoder = new TextDecoder()
  /** The start of the line still without its end, copied from earlier chunks: `#size` bytes. */
  #line = new Uint8Array(0)
  #size = 0
  #endedWithCR = false
  /** Bytes held for the current record before its current line (SSE: the data buffer). */
  protected held = 0
  readonly #maxRecordBytes: number

  constructor(maxRecordBytes: number) {
    this.#maxRecordBytes = maxRecordBytes
  }

  /** The index of the byte that ends the line starting at `from`, or -1. */
  protected abstract lineEnd(bytes: Uint8Array, from: number): number
  /**
   * Reads a whole line (its text without its end `ender`; `size` in bytes), adding any record it
   * completes.
   */
  protected abstract readLine(
    line: string,
    size: number,
    records: StreamRecord[],
    ender: number,
  ): void
  /** Reads the line the stream ended in, without its end (maybe empty). */
  protected abstract readLast(line: string): StreamRecord[]

  push(bytes: Uint8Array): StreamRecord[] {
    const records: StreamRecord[] = []
    let start = 0
    for (let end = this.lineEnd(bytes, start); end !== -1; end = this.lineEnd(bytes, start)) {
      const size = this.#size + end - start
      this.#bound(size, bytes, start, end)
      // The line's end goes through the decoder too: it ends a character cut short before it.
      const text = this.#decode(bytes.subarray(start, end + 1)).slice(0, -1)
      const ender = bytes[end] as number
      // The LF of a CRLF split across chunks: the CR already ended the line.
      if (!(ender === LF && this.#endedWithCR && size === 0)) {
        this.readLine(text, size, records, ender)
      }
      this.#endedWithCR = ender === CR
      start = end + 1
    }
    if (start < bytes.length) this.#keep(bytes.subarray(start))
    return records
  }

  end(): StreamRecord[] {
    const text = this.#decoder.decode(this.#line.subarray(0, this.#size))
    this.#size = 0
    this.#endedWithCR = false
    return this.readLast(text)
  }

  /** `bytes` from `from` to `to`: the line being read after the part kept from earlier chunks. */
  #bound(lineSize: number, bytes: Uint8Array, from: number, to: number): void {
    if (this.held + lineSize > this.#maxRecordBytes) {
      const start = this.#recordStart(bytes.subarray(from, to))
      throw new RecordTooLargeError(this.#maxRecordBytes, start)
    }
  }

  /** The start of the current record: the text held for it, then the line being read. */
  #recordStart(rest: Uint8Array): string {
    const decoder = new TextDecoder()
    const kept = this.#line.subarray(0, Math.min(this.#size, excerptBytes))
    const line =
      decoder.decode(kept, { stream: true }) +
      decoder.decode(rest.subarray(0, excerptBytes - kept.length))
    return (this.heldText() + line).slice(0, excerptLength)
  }

  /** The text held for the current record before the line being read (SSE: its data so far). */
  protected heldText(): string {
    return ''
  }

  /** The text of the kept start of a line followed by `rest`; the kept start is let go. */
  #decode(rest: Uint8Array): string {
    if (this.#size === 0) return this.#decoder.decode(rest, { stream: true })
    const start = this.#decoder.decode(this.#line.subarray(0, this.#size), { stream: true })
    this.#size = 0
    return start + this.#decoder.decode(rest, { stream: true })
  }

  /** Keeps the start of a line until its end arrives, copied: the caller may reuse its chunk. */
  #keep(part: Uint8Array): void {
    const size = this.#size + part.length
    this.#bound(size, part, 0, part.length)
    if (size > this.#line.length) {
      const grown = new Uint8Array(
        Math.min(Math.max(size, this.#line.length * 2, 256), this.#maxRecordBytes),
      )
      grown.set(this.#line.subarray(0, this.#size))
      this.#line = grown
    }
    this.#line.set(part, this.#size)
    this.#size = size
  }
}

/** Server-Sent Events, read as the HTML standard's "Interpreting an event stream" says. */
class EventStreamDecoder extends LineDecoder {
  /** The spec's last event ID string: set when an event is dispatched, never by a half-read one. */
  lastEventId: string | undefined
  retryMs: number | undefined
  #idBuffer: string | undefined
  /** The data buffer as its lines (the spec's buffer is these, each followed by "\n"). */
  #data: string[] = []
  #type = ''

  protected lineEnd(bytes: Uint8Array, from: number): number {
    return indexOfEither(bytes, from, LF, CR)
  }

  protected readLine(line: string, size: number, records: StreamRecord[]): void {
    if (line === '') {
      this.#dispatch(records)
      return
    }
    const colon = line.indexOf(':')
    if (colon === 0) return
    const field = colon === -1 ? line : line.slice(0, colon)
    let valueStart = colon === -1 ? line.length : colon + 1
    if (line.charCodeAt(valueStart) === 0x20) valueStart += 1
    const value = line.slice(valueStart)
    switch (field) {
      case 'data':
        this.#data.push(value)
        // The text before the value is ASCII, a byte a character (a leading byte order mark's 3
        // bytes, counted in `size`, are then counted as data: a bound errs on the safe side).
        this.held += size - valueStart + 1
        break
      case 'event':
        this.#type = value
        break
      case 'id':
        if (!value.includes('\0')) this.#idBuffer = value
        break
      case 'retry':
        // Longer than a timer holds (and 400 digits are Infinity): the longest a timer holds.
        if (/^[0-9]+$/.test(value)) this.retryMs = Math.min(Number(value), maxTimerMs)
        break
    }
  }

  protected readLast(): StreamRecord[] {
    this.#clear()
    return []
  }

  protected override heldText(): string {
    return this.#data.map((line) => `${line}\n`).join('')
  }

  #dispatch(records: StreamRecord[]): void {
    this.lastEventId = this.#idBuffer
    if (this.#data.length > 0) {
      records.push({ data: this.#data.join('\n'), event: this.#type || 'message' })
    }
    this.#clear()
  }

  #clear(): void {
    this.#data = []
    this.held = 0
    this.#type = ''
  }
}

/** NDJSON and its kin: each non-blank line is a record. */
class LineRecordDecoder extends LineDecoder {
  readonly lastEventId = undefined
  readonly retryMs = undefined

  protected lineEnd(bytes: Uint8Array, from: number): number {
    return bytes.indexOf(LF, from)
  }

  protected readLine(line: string, _size: number, records: StreamRecord[]): void {
    const data = line.trim()
    if (data !== '') records.push({ data })
  }

  protected readLast(line: string): StreamRecord[] {
    const data = line.trim()
    return isWholeJsonContainer(data) ? [{ data }] : []
  }
}

/**
 * `application/json-seq` (RFC 7464): each JSON text follows an RS and ends with an LF. A text may
 * hold line breaks of its own, so an object or array is handed on at the LF after which it parses
 * whole (the server's latest status is not held back until the next record); anything else at the
 * next RS or at the stream's end. A text with no LF at its end was cut short, unless it is a whole
 * object or array (a value that delimits itself): it is dropped (RFC 7464, 2.3 and 2.4).
 */
class JsonSeqDecoder extends LineDecoder {
  readonly lastEventId = undefined
  readonly retryMs = undefined
  /** The current text's lines so far, each with its LF. */
  #text = ''
  /** Where the current text's object or array closes, followed line by line. */
  #end = new JsonContainerEnd()

  protected lineEnd(bytes: Uint8Array, from: number): number {
    return indexOfEither(bytes, from, RS, LF)
  }

  protected readLine(line: string, size: number, records: StreamRecord[], ender: number): void {
    if (ender === RS) {
      this.#complete(line, records)
      return
    }
    this.#text += `${line}\n`
    this.held += size + 1
    // Parsed once, where its outermost bracket closes: a record of many lines is not parsed again
    // at each of them (quadratic time over a long one).
    if (this.#end.add(`${line}\n`) && isWholeJsonContainer(this.#text)) this.#complete('', records)
  }

  protected override heldText(): string {
    return this.#text
  }

  protected readLast(line: string): StreamRecord[] {
    const records: StreamRecord[] = []
    this.#complete(line, records)
    return records
  }

  /** Ends the current text; `rest` is what followed its last LF. */
  #complete(rest: string, records: StreamRecord[]): void {
    const data = (this.#text + rest).trim()
    const whole = rest.trim() === '' || isWholeJsonContainer(data)
    this.#text = ''
    this.#end = new JsonContainerEnd()
    this.held = 0
    if (data !== '' && whole) records.push({ data })
  }
}

/** Whether `text` is a whole JSON object or array: a number could still go on. */
function isWholeJsonContainer(text: string): boolean {
  if (!/[}\]]\s*$/.test(text)) return false
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** The index of the first byte from `from` on that is `one` or `other`, or -1. */
function indexOfEither(bytes: Uint8Array, from: number, one: number, other: number): number {
  for (let index = from; index < bytes.length; index++) {
    const byte = bytes[index]
    if (byte === one || byte === other) return index
  }
  return -1
}
