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
  if (typeof detail === 'string') return `: ${detail}`
  if (typeof detail === 'object' && 'message' in detail && typeof detail.message === 'string') {
    const code = 'code' in detail && detail.code !== undefined ? ` [${String(detail.code)}]` : ''
    return `: ${detail.message}${code}`
  }
  return `: ${JSON.stringify(detail)}`
}
