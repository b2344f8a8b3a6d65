/**
 * What an error message shows of the URLs it quotes: never their userinfo. RFC 9110 §4.2.4
 * deprecates `user:password@` in http(s) URIs and the WHATWG URL standard never serializes it for
 * display; a message goes to logs, so a location a server sent with one is shown as `//***@host`.
 * The userinfo is what a URL parser reads as one: the authority up to its `@`.
 *
 * @example
 * redactUrls('Unparseable location "http://robot:hunter2@api.example.com:x/1"')
 * // 'Unparseable location "http://***@api.example.com:x/1"'
 */
export function redactUrls(message: string): string {
  return message.replace(/\/\/[^/\\?#@\s"'<>]*@/g, '//***@')
}
