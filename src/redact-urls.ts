/**
 * Query parameters whose values a message may show. A query value is where presigned and shared
 * URLs carry their secret (`sig=`, `X-Amz-Signature=`, `access_token=`, `key=`), under names no
 * list can foresee; so, as @azure/core-rest-pipeline's log sanitizer does, every value is hidden
 * but `api-version`'s, which is never a secret and is what one needs to tell a version mismatch.
 */
const shownParameters = /^api-version$/i

/**
 * What an error message shows of the URLs it quotes: never their userinfo, and no query value but
 * an allowed one. RFC 9110 §4.2.4 deprecates `user:password@` in http(s) URIs and the WHATWG URL
 * standard never serializes it for display: it reads `//***@host`, the userinfo being what a URL
 * parser reads as one, the authority up to its last `@` (a password may hold one unescaped). A
 * query value reads `REDACTED`, and so does a `name=value` in the fragment, where a browser flow
 * carries its token (`#access_token=…`, RFC 6749 §4.2.2), or among a path segment's parameters,
 * where a server that rewrites URLs carries its session (`;jsessionid=…`, RFC 3986 §3.3);
 * punctuation that ends a sentence or closes a parenthesis after it stays.
 *
 * A message goes to logs and bug reports; the URLs themselves stay whole on the error's fields
 * (`url`, `request.url`), where the app reads them.
 *
 * @example
 * redactUrls('Request failed: GET https://files.example.com/r.csv?api-version=2&sig=abc')
 * // 'Request failed: GET https://files.example.com/r.csv?api-version=2&sig=REDACTED'
 */
export function redactUrls(message: string): string {
  return (
    message
      .replace(/\/\/[^/\\?#\s"'<>]*@/g, '//***@')
      // A path segment's parameter ends with its segment; a query's value may hold `/` and `?`.
      .replace(/(;)([^/?&#;=\s"'<>\\]+)=([^/?&#;\s"'<>\\]*)/g, hideValue)
      .replace(/([?&#])([^?&#=\s"'<>\\]+)=([^&#\s"'<>\\]*)/g, hideValue)
  )
}

function hideValue(parameter: string, separator: string, name: string, value: string): string {
  return shownParameters.test(name)
    ? parameter
    : `${separator}${name}=REDACTED${value.slice(closingAt(value))}`
}

/**
 * Where the punctuation that ends a value's sentence or parenthesis starts (the value's length
 * when there is none). Counted from the end, one pass: a server's text in a message may be long,
 * and a pattern that looked ahead from every character would take quadratic time over it.
 */
function closingAt(value: string): number {
  let at = value.length
  while (at > 0 && ').,;:'.includes(value.charAt(at - 1))) at -= 1
  return at
}
