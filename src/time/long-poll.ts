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
  return preferencesOf(applied).some((preference) => nameOf(preference) === 'wait')
}

/**
 * A `Prefer` value with pollwise's preferences (`ours`) first, then those of `theirs` (the app's
 * own) that `ours` does not name: one field may carry several preferences, and a server reads the
 * first of each name (RFC 7240 §2), so adding `wait` never drops the app's `return=minimal`.
 *
 * @example
 * withPreferences('wait=5', 'return=minimal, wait=60') // 'wait=5, return=minimal'
 */
export function withPreferences(ours: string, theirs: string | null | undefined): string {
  if (!theirs) return ours
  const named = new Set(preferencesOf(ours).map(nameOf))
  const kept = preferencesOf(theirs).filter((preference) => !named.has(nameOf(preference)))
  return [ours, ...kept].join(', ')
}

/** The preferences of a list, split at the commas outside quoted strings, empty ones left out. */
function preferencesOf(list: string): string[] {
  const preferences: string[] = []
  let start = 0
  let quoted = false
  for (let index = 0; index <= list.length; index++) {
    const char = list[index]
    if (char === '"') quoted = !quoted
    else if (char === '\\' && quoted && index + 1 < list.length) index += 1
    else if (char === undefined || (char === ',' && !quoted)) {
      const preference = list.slice(start, index).trim()
      if (preference !== '') preferences.push(preference)
      start = index + 1
    }
  }
  return preferences
}

/** A preference's name, in lower case: preference names are case-insensitive (RFC 7240 §2). */
function nameOf(preference: string): string {
  return preference.split(/[=;]/, 1)[0]?.trim().toLowerCase() ?? ''
}

/**
 * The `Prefer` value of a submit that lets a fast job answer with its result at once (RFC 7240
 * `respond-async` with `wait`): a server that supports it holds the submit up to `seconds` and
 * answers `200`/`201` with the result when the job finished in time, else `202` as usual.
 */
export function submitPreference(seconds: number): string {
  return `respond-async, wait=${seconds}`
}
