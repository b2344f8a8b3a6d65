import { readField } from './field-path.js'

const expression = /\{(\+?)([^{}+][^{}]*)\}/g

/** Whether a string is a URI template: it has at least one `{name}` expression. */
export function isUriTemplate(value: string): boolean {
  return /\{\+?[^{}+][^{}]*\}/.test(value)
}

/** Characters simple expansion keeps: RFC 3986's unreserved. */
const notUnreserved = /[^A-Za-z0-9\-._~]/gu
/** Characters reserved expansion keeps: unreserved, reserved, and percent-encoded triplets. */
const notReserved = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})/gu

function percentEncode(character: string): string {
  return [...new TextEncoder().encode(character)]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('')
}

/**
 * Fills a URI template (RFC 6570, levels 1 and 2) from a body's fields: `{id}` is the value
 * percent-encoded (simple expansion), `{+name}` keeps reserved characters such as `/` (reserved
 * expansion: `operations/42` stays a path). Names are field paths (`{job.id}`). Only strings and
 * finite numbers fill an expression.
 *
 * @returns The filled string, or the name of the first variable the body does not hold.
 * @example
 * expandTemplate('/v1/jobs/{id}', { id: 'a b' }) // { value: '/v1/jobs/a%20b' }
 * expandTemplate('/v1/{+name}', {})               // { missing: 'name' }
 */
export function expandTemplate(
  template: string,
  body: unknown,
): { readonly value: string } | { readonly missing: string } {
  let missing: string | undefined
  const value = template.replace(expression, (_match, reserved: string, name: string) => {
    const field = readField(body, name.trim())
    const text =
      typeof field === 'string' || (typeof field === 'number' && Number.isFinite(field))
        ? String(field)
        : undefined
    if (text === undefined || text === '') {
      missing ??= name.trim()
      return ''
    }
    return text.replace(reserved ? notReserved : notUnreserved, percentEncode)
  })
  return missing === undefined ? { value } : { missing }
}
