import { HttpResponse, type JsonBodyType } from 'msw'
import type { Settings } from './options.js'
import type { Locations } from './tracked-operation.js'
import type { SimulatedState } from './types.js'

/** What the server knows when it answers a request about one operation. */
export interface Moment {
  readonly id: string
  readonly locations: Locations
  readonly state: SimulatedState
  /** The progress (0..1) of a pending answer; `undefined` when terminal or without progress. */
  readonly progress: number | undefined
  /** The status poll being answered, from 1; 0 at the submit. */
  readonly poll: number
  readonly settings: Settings
}

/**
 * How one convention speaks on the wire, as a plain object: where an operation's resources live,
 * and the answers of its submit, its status URL and an accepted cancel. The result URL, refused
 * cancels and the request log are the same for every convention (`simulate-operation.ts`).
 */
export interface Wire {
  locate(id: string, settings: Settings): Locations
  readonly cancelMethod: 'DELETE' | 'POST'
  submitted(moment: Moment): Response
  status(moment: Moment): Response
  canceled(): Response
}

/** The `Retry-After` header of a pending answer, when the simulation sets one. */
export function hints(moment: Moment): Record<string, string> {
  const { retryAfterSec } = moment.settings
  if (moment.state !== 'pending' || retryAfterSec === undefined) return {}
  return { 'retry-after': String(retryAfterSec) }
}

export const json = (
  body: JsonBodyType,
  status = 200,
  headers: Record<string, string> = {},
): Response => HttpResponse.json(body, { status, headers })

export const empty = (status: number, headers: Record<string, string> = {}): Response =>
  new HttpResponse(null, { status, headers })

/** A URL under the submit URL: `https://api.test/reports` and `op-1` give `…/reports/op-1`. */
export const under = (url: URL, path: string): string => `${url.href.replace(/\/+$/, '')}/${path}`

/** A submit's answer that names the status location: `202 Accepted` with `Location`. */
export const accepted = (moment: Moment): Response =>
  empty(202, { location: moment.locations.status, ...hints(moment) })

/**
 * Resources under the submit URL: the status at `…/{id}`, the result (when linked) at
 * `…/{id}/result`, and cancel on the status URL.
 */
export function locateUnderSubmit(id: string, settings: Settings): Locations {
  const status = under(settings.submitUrl, id)
  const result = settings.resultVia === 'link' ? { result: `${status}/result` } : {}
  return { status, ...result, cancel: status }
}

/** 0..1 as a whole percentage. */
export const percent = (fraction: number): number => Math.round(fraction * 100)

/**
 * The answer of a status URL that carries no status words (`'http'`, `'result'`): a failed
 * operation answers `422` with `{"error": …}`, a canceled one `410 Gone`.
 */
export function errorAnswer(moment: Moment): Response {
  if (moment.state === 'failed') return json({ error: moment.settings.error }, 422)
  return json({ error: { code: 'Canceled', message: 'The operation was canceled.' } }, 410)
}
