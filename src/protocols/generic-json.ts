import { ProtocolError } from '../errors.js'
import { readLocation } from '../locations.js'
import type {
  Observation,
  Protocol,
  ProtocolContext,
  Reading,
  StatusResponse,
} from '../types/protocol.js'
import { observeHttpStatus } from './http-driven.js'
import { builtInReading, createReading } from './reading/reading.js'

/**
 * The reading a context carries: the client's, or for a context made by hand, the built-in one
 * with its `classifyStatus` and `locateResult`.
 */
export function readingOf(context: Partial<ProtocolContext>): Reading {
  if (context.reading) return context.reading
  const { classifyStatus, locateResult } = context
  if (!classifyStatus && !locateResult) return builtInReading
  return createReading({
    ...(classifyStatus ? { classifyStatus } : {}),
    ...(locateResult ? { locateResult } : {}),
  })
}

/**
 * Reads a JSON status body by the client's reading (see {@link ConventionParts}): `undefined`
 * when the body carries no state at all, which makes it no status body. A state field that holds
 * no word, or a word no rule classifies, is a `ProtocolError`.
 */
export function observeStatusBody(
  response: StatusResponse,
  context: ProtocolContext,
): Observation | undefined {
  const reading = readingOf(context)
  const kept = detected.get(response)
  if (kept === undefined) return reading.observe(response)
  detected.delete(response)
  return kept.reading === reading ? kept.observation : reading.observe(response)
}

/**
 * What detection read of a body it found a state in: the convention it picks reads the same body
 * at once, and takes this instead of reading it again. Let go then: an operation asleep keeps its
 * last answer, and would keep this too.
 */
const detected = new WeakMap<
  StatusResponse,
  { readonly reading: Reading; readonly observation: Observation }
>()

/**
 * Whether a body is a status body: it carries a state the reading can see. One whose state cannot
 * be read (`{"status": null}`, an unknown word) is one too: generic JSON then says why.
 */
export function hasStatus(response: StatusResponse, context: ProtocolContext): boolean {
  const reading = readingOf(context)
  try {
    const observation = reading.observe(response)
    if (observation === undefined) return false
    detected.set(response, { reading, observation })
    return true
  } catch {
    return true
  }
}

/**
 * Generic JSON: every status response carries a state (a `303 See Other` to the result aside). An
 * HTML page, an empty body or a body without one is a `ProtocolError`.
 */
export const genericJson: Protocol = {
  name: 'generic',
  observe(response, context) {
    if (response.httpStatus === 303) return observeHttpStatus(response)
    const observation = observeStatusBody(response, context)
    if (!observation) {
      throw new ProtocolError(
        `The ${response.httpStatus} answer is not a status body: it has no \`status\` field, nor any state pollwise can read (name it with \`stateField\`)`,
        response.url,
        response.excerpt,
      )
    }
    // A 202 that names a new Location moves polling there, as it does under the HTTP convention.
    const moved =
      response.httpStatus === 202 ? readLocation(response.headers, response.url) : undefined
    return moved && observation.state === 'pending'
      ? { ...observation, statusUrl: moved }
      : observation
  },
}
