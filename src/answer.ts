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
  return { value, excerpt: (JSON.stringify(value) ?? '').slice(0, excerptLength) }
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
}
