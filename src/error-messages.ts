import { jsonExcerpt } from './answer.js'
/* How an error's message says what went wrong, from what the server or the platform gave. */

/** A fetch failure's own message, with the socket-level reason Node keeps in `cause`. */
export function describeCause(error: Error): string {
  const inner = error.cause instanceof Error ? error.cause : undefined
  const code = (inner as { code?: unknown } | undefined)?.code
  return inner
    ? `${error.message} (${typeof code === 'string' ? code : inner.message})`
    : error.message
}

/** An issue's place in the body, as `a.b.c: `; nothing for the body as a whole. */
export function formatPath(
  path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined,
): string {
  if (!path || path.length === 0) return ''
  const keys = path.map((segment) => String(typeof segment === 'object' ? segment.key : segment))
  return `${keys.join('.')}: `
}

/** A server's failure detail as the end of a message: its `message` and `code`, or its JSON. */
export function describeDetail(detail: unknown): string {
  if (detail === undefined || detail === null) return ''
  if (typeof detail === 'string') return `: ${shownText(detail)}`
  if (typeof detail === 'object' && 'message' in detail && typeof detail.message === 'string') {
    const code = 'code' in detail && detail.code !== undefined ? ` [${String(detail.code)}]` : ''
    return `: ${shownText(`${detail.message}${code}`)}`
  }
  return `: ${shownText(jsonExcerpt(detail))}`
}

/** The most of a server's text a message shows; the whole stays on the error. */
const shownLength = 500

/**
 * A server's text as a message may show it: at most 500 characters, control characters (an ANSI
 * escape, a carriage return that would overwrite a log line) written as `\u001b` and the like.
 */
export function shownText(text: string): string {
  const cut = text.length > shownLength ? `${text.slice(0, shownLength)}…` : text
  return cut.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters escaped.
    /[\u0000-\u001f\u007f-\u009f]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
