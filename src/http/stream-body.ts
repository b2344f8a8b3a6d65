import type { BodyInput } from '../types/options.js'

/**
 * Whether a request body is a stream (a web `ReadableStream`, or a Node stream or any async
 * iterable of bytes): it is read once, as it is sent. Such a body is sent with `duplex: 'half'`
 * (the Fetch standard's request streams), never retried, and refused where a 307 or 308 asks to
 * send it again.
 */
export function isStreamBody(body: BodyInput | undefined): boolean {
  if (body === undefined || body === null || typeof body !== 'object') return false
  return body instanceof ReadableStream || Symbol.asyncIterator in body
}
