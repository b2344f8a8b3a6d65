/**
 * The last event ID as the next connection can send it back in `Last-Event-ID`. The HTML standard
 * keeps any `id:` without NUL, but a header value holds no control character but HTAB (RFC 9110
 * §5.5): Node's fetch refuses to send one, so every reconnect would fail before it left the
 * machine. Such an id counts as an empty one, and none is sent: the server answers the status as
 * it stands, as to a first connection.
 *
 * @example
 * sendableEventId('42') // '42'
 * sendableEventId('ключ-1') // 'ключ-1' (sent UTF-8 encoded)
 * sendableEventId('a\u0001b') // ''
 */
export function sendableEventId(id: string | undefined): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are the point
  return id !== undefined && /[\u0000-\u0008\u000a-\u001f\u007f]/.test(id) ? '' : id
}
