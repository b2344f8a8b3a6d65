import { ProtocolError } from './errors.js'
import { pageUrl } from './page.js'
import { redactUrls } from './redact-urls.js'

/**
 * Resolves a location value against the URL of the response that carried it (RFC 3986). Refuses,
 * with a {@link ProtocolError}: an empty value, several values in one (`"/a, /b"`: a comma and a
 * space cannot occur in a URI reference, but do where a header was sent twice and joined), an
 * unparseable value, a URL with userinfo (credentials), and anything but http(s).
 */
export function resolveLocation(value: string, responseUrl: string): URL {
  const trimmed = value.trim()
  if (trimmed === '') throw new ProtocolError('Empty location', responseUrl)
  if (trimmed.includes(', ')) {
    throw new ProtocolError(
      `Location "${trimmed}" holds several values, as a header sent more than once does`,
      responseUrl,
    )
  }
  let url: URL
  try {
    url = new URL(trimmed, responseUrl)
  } catch {
    throw new ProtocolError(`Unparseable location "${value}"`, responseUrl)
  }
  if (url.username !== '' || url.password !== '') {
    // The error's message shows the location without them.
    throw new ProtocolError(`Credentials in a location are refused: "${url.href}"`, responseUrl)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProtocolError(`Refusing to follow a ${url.protocol} location "${value}"`, responseUrl)
  }
  return url
}

/**
 * Joins a request path to the base URL: `'/jobs'` and `'jobs'` both land under the base's path,
 * and so does a path with a colon (`'/speech:recognize'`, an AIP-136 custom method). Only a path
 * that starts with `scheme://` is absolute, and passes through.
 *
 * @example
 * joinUrl('https://api.example.com/v1', '/speech:recognize').href
 * // 'https://api.example.com/v1/speech:recognize'
 */
export function joinUrl(baseUrl: string | undefined, path: string): URL {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(path)) {
    // Named here, redacted: some engines' own error quotes the input whole, secrets and all.
    if (!URL.canParse(path)) throw new TypeError(redactUrls(`Invalid URL "${path}"`))
    return new URL(path)
  }
  const base = baseUrl ?? pageUrl()
  if (base === undefined) {
    throw new TypeError(
      redactUrls(`Cannot resolve the relative path "${path}" without a \`baseUrl\``),
    )
  }
  const root = base.endsWith('/') ? base : `${base}/`
  // `./` keeps a colon in the first segment from reading as a scheme (`speech:` in `speech:recognize`).
  return new URL(`./${path.replace(/^\/+/, '')}`, root)
}

/**
 * {@link joinUrl} for a URL pollwise will request: only http(s) without credentials is accepted.
 * `name` is the argument's, for the message.
 */
export function requestUrl(baseUrl: string | undefined, path: string, name = 'path'): URL {
  const url = joinUrl(baseUrl, path)
  refuseCredentials(name, url)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(redactUrls(`Only http(s) URLs can be requested, got "${url.href}"`))
  }
  return url
}

/**
 * The URL of a custom method on a resource (AIP-136; the Azure guidelines' actions on a status
 * monitor): `:verb` appended to the path's last segment, the query kept after it.
 *
 * @example
 * customMethodUrl(new URL('https://api.example.com/ops/7?api-version=2024-05-01'), 'cancel').href
 * // 'https://api.example.com/ops/7:cancel?api-version=2024-05-01'
 */
export function customMethodUrl(resource: URL, verb: string): URL {
  const url = new URL(resource.href)
  url.hash = ''
  url.pathname = `${url.pathname.replace(/\/$/, '')}:${verb}`
  return url
}

/**
 * Refuses a URL argument with userinfo (`user:password@`) with a `TypeError` that does not quote
 * it: fetch would refuse it too, with a message that shows the password.
 */
export function refuseCredentials(name: string, url: URL): void {
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(
      `Expected \`${name}\` to hold no credentials (user:password@): send them in \`headers\``,
    )
  }
}
