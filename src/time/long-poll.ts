/*
 * Long-poll (RFC 7240): a status read asks the server to hold it until something changes, up to
 * `wait` seconds (`Prefer: wait=N`); the server says it did with `Preference-Applied`.
 */

/** The share of a try's timeout a held request may take: the rest is for the answer to travel. */
const heldShare = 0.8

/**
 * The seconds to send as `Prefer: wait=N` on a status read: the client's `longPollSeconds`, no
 * longer than the try's timeout allows (a held request must answer before it is cut) nor than the
 * time left; `undefined` under a second, when there is nothing to ask for.
 *
 * @example
 * preferWaitSeconds(25, 30_000, 600_000) // 24
 */
export function preferWaitSeconds(
  seconds: number,
  requestTimeoutMs: number,
  msLeft: number,
): number | undefined {
  const wait = Math.floor(Math.min(seconds, (heldShare * requestTimeoutMs) / 1000, msLeft / 1000))
  return wait >= 1 ? wait : undefined
}

/**
 * Whether an answer says the server applied a `wait` preference: a `Preference-Applied` header
 * (a list of preferences, each `name[=value]` with parameters after `;`) naming `wait`.
 *
 * @example
 * appliedWait(new Headers({ 'preference-applied': 'respond-async, wait=10' })) // true
 */
export function appliedWait(headers: Headers): boolean {
  const applied = headers.get('preference-applied')
  if (applied === null) return false
  return applied
    .split(',')
    .some((preference) => preference.split(/[=;]/, 1)[0]?.trim().toLowerCase() === 'wait')
}

/**
 * The `Prefer` value of a submit that lets a fast job answer with its result at once (RFC 7240
 * `respond-async` with `wait`): a server that supports it holds the submit up to `seconds` and
 * answers `200`/`201` with the result when the job finished in time, else `202` as usual.
 */
export function submitPreference(seconds: number): string {
  return `respond-async, wait=${seconds}`
}
