import type { HTTPError } from 'ky'
import { describeDetail, shownText } from '../error-messages.js'
import { isRecord } from '../protocols/json.js'

/**
 * What an error answer's JSON body says went wrong, added to the end of its `HTTPError`'s message
 * so that a log line says it too: an `application/problem+json` body's `title` and `detail` (RFC
 * 9457); else the `{"error": {"code", "message"}}` of the Azure REST API guidelines and Google's
 * AIP-193, or a bare `{"message"}`, as the Azure and Google SDKs and AWS's surface them. The whole
 * body stays readable with `await error.response.json()`.
 */
export function explainErrorBody(error: HTTPError, body: unknown): void {
  const contentType = error.response.headers.get('content-type')
  if (!isRecord(body)) return
  const said = isProblem(contentType)
    ? describeProblem(body, error.response.status)
    : describeMessage(isRecord(body.error) ? body.error : body)
  if (said !== '') error.message += `; the server says: ${said}`
}

function isProblem(contentType: string | null): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/problem+json'
}

/** An error's `message` and `code`, as a failure detail is written; nothing without a message. */
function describeMessage(detail: Record<string, unknown>): string {
  const { message } = detail
  if (typeof message !== 'string' || message.trim() === '') return ''
  return describeDetail(detail).replace(/^: /, '')
}

/** A problem's title and detail, and its `status` where it differs from the answer's (it is advisory, RFC 9457 §3.1.2). */
function describeProblem(problem: Record<string, unknown>, httpStatus: number): string {
  const said = [problem.title, problem.detail].filter(
    (text): text is string => typeof text === 'string' && text.trim() !== '',
  )
  const { status } = problem
  if (typeof status === 'number' && status !== httpStatus) said.push(`status ${status}`)
  return shownText(said.join(' — '))
}
