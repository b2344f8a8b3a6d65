/** The start of a body kept for error messages, in characters. */
export const excerptLength = 500

/** A response body read once, with the start of its text kept for error messages. */
export interface Body {
  /** Parsed JSON, a string, a Blob, or `undefined` for an empty body. */
  readonly value: unknown
  readonly excerpt: string
  /** An empty body whose content type promised JSON: never a result. */
  readonly emptyJson?: true
  /** The media type of a streaming answer, whose body was not read: never a status or a result. */
  readonly stream?: string
}

export const emptyBody: Body = { value: undefined, excerpt: '' }

/** A value that is already parsed (a field of a status body), as a body of its own. */
export function bodyOf(value: unknown): Body {
  return { value, excerpt: jsonExcerpt(value) }
}

/** Nesting past which an excerpt writes `…`: deep enough to show, shallow enough for any stack. */
const excerptDepth = 32

/**
 * The start of a value's JSON text, at most `maxLength` characters, for messages and excerpts. It
 * never throws: nesting too deep for `JSON.stringify` (a hostile 100,000 levels), a cycle or a
 * BigInt are written as `…`.
 */
export function jsonExcerpt(value: unknown, maxLength = excerptLength): string {
  try {
    return (JSON.stringify(value) ?? '').slice(0, maxLength)
  } catch {
    return shallowJson(value, excerptDepth, maxLength)
  }
}

function shallowJson(value: unknown, depth: number, budget: number): string {
  if (budget <= 0) return ''
  if (typeof value !== 'object' || value === null) {
    try {
      return (JSON.stringify(value) ?? 'null').slice(0, budget)
    } catch {
      return '…'
    }
  }
  if (depth === 0) return '…'
  const entries = Array.isArray(value)
    ? value.map((item) => ['', item] as const)
    : Object.entries(value)
  let text = Array.isArray(value) ? '[' : '{'
  for (const [key, item] of entries) {
    if (text.length >= budget) break
    if (text.length > 1) text += ','
    if (!Array.isArray(value)) text += `${JSON.stringify(key)}:`
    text += shallowJson(item, depth - 1, budget - text.length)
  }
  return `${text}${Array.isArray(value) ? ']' : '}'}`.slice(0, budget)
}

/** A response with its body read: one request is its headers and its body. */
export interface Answer {
  readonly httpStatus: number
  readonly headers: Headers
  /** The URL that answered, after the redirects the transport followed. */
  readonly url: string
  readonly body: Body
  /** A browser's cross-origin answer, whose headers the server may have hidden (CORS). */
  readonly crossOrigin?: true
  /** The request went on as a GET after a 301, 302 or 303: this answers a GET of `url`. */
  readonly resentAsGet?: true
  /** A status stream's body, unread: its records are read as they come (see `StatusStream`). */
  readonly live?: LiveBody
}

/** The body of a streaming answer (SSE, NDJSON), handed over unread with its request still open. */
export interface LiveBody {
  readonly stream: ReadableStream<Uint8Array>
  /** Its media type, in lower case, without parameters. */
  readonly mediaType: string
  /** Ends the request: the download stops and its connection is closed. Idempotent. */
  close(): void
}
