import type { HTTPError } from 'ky'
import { shownText } from '../error-messages.js'
import { isRecord } from '../protocols/json.js'
import { parseBody } from './body.js'

/**
 * RFC 9457: an error answer labelled `application/problem+json` says why in its `title` and
 * `detail`; they end the `HTTPError`'s message, so that a log line says what the server said. The
 * whole problem stays readable with `await error.response.json()`.
 */
export function explainProblem(error: HTTPError, chunks: readonly Uint8Array<ArrayBuffer>[]): void {
  const contentType = error.response.headers.get('content-type')
  if (contentType?.split(';', 1)[0]?.trim().toLowerCase() !== 'application/problem+json') return
  let problem: unknown
  try {
    problem = parseBody(chunks, contentType, error.request.url).value
  } catch {
    return
  }
  if (!isRecord(problem)) return
  const said = [problem.title, problem.detail].filter(
    (text): text is string => typeof text === 'string' && text.trim() !== '',
  )
  // Its `status` is advisory (RFC 9457 §3.1.2): worth naming only where it differs from the answer's.
  const { status } = problem
  if (typeof status === 'number' && status !== error.response.status) said.push(`status ${status}`)
  if (said.length > 0) error.message += `; the server says: ${shownText(said.join(' — '))}`
}
