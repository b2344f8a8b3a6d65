import type { HTTPError } from 'ky'

/** The headers that carry credentials unless the user marks more. */
export const defaultSensitiveHeaders = ['authorization', 'cookie', 'proxy-authorization'] as const

/** The credential headers withheld from each origin not trusted, by origin. */
export type Withheld = Map<string, Set<string>>

/** Notes that `names` were withheld from `origin`. */
export function noteWithheld(withheld: Withheld, origin: string, names: readonly string[]): void {
  if (names.length === 0) return
  const noted = withheld.get(origin) ?? new Set()
  for (const name of names) noted.add(name)
  withheld.set(origin, noted)
}

/**
 * Removes the credential headers (`sensitiveHeaders`, lower case) from headers bound for an origin
 * not trusted, and returns the names it removed.
 */
export function withholdCredentials(
  headers: Headers,
  sensitiveHeaders: readonly string[],
): string[] {
  const withheld: string[] = []
  for (const name of sensitiveHeaders) {
    if (!headers.has(name)) continue
    headers.delete(name)
    withheld.push(name)
  }
  return withheld
}

/** A refusal from an origin that was sent no credentials says so: the fix is `trustedOrigins`. */
export function explainWithheld(error: HTTPError, withheld: Withheld): void {
  if (error.response.status !== 401 && error.response.status !== 403) return
  const origin = new URL(error.request.url).origin
  const names = withheld.get(origin)
  if (!names) return
  error.message += `; the credential headers (${[...names].join(', ')}) were withheld from ${origin}, an origin the client does not trust: list it in \`trustedOrigins\` to send them`
}
