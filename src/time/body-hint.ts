import { isRecord } from '../protocols/json.js'
import { normalizeKey } from '../protocols/reading/keys.js'
import { maxTimerMs } from './schedule.js'

/** Names that ask for a wait before the next poll, normalized (`check_after_secs`: `checkafter`). */
const stems = ['retryafter', 'checkafter', 'pollinterval', 'pollinginterval', 'nextpollin']
/** Milliseconds per unit a name ends with; none means seconds, as in `Retry-After`. */
const units = new Map([
  ['', 1000],
  ['sec', 1000],
  ['secs', 1000],
  ['seconds', 1000],
  ['ms', 1],
  ['millis', 1],
  ['milliseconds', 1],
])
const shortest = 10

/**
 * The wait a pending status body asks for, in milliseconds: a field named by a stem and a unit
 * (`check_after_secs`, `retryAfterMs`, `poll_interval`), at the top level, else in an object one
 * level down (in a `data` envelope's objects too: `{"data": {"processing_info": {…}}}`). A finite
 * non-negative number or a string of digits; anything else is no hint.
 *
 * @example
 * readBodyHintMs({ processing_info: { state: 'pending', check_after_secs: 5 } }) // 5000
 */
export function readBodyHintMs(body: unknown): number | undefined {
  return isRecord(body) ? (ownHint(body) ?? hintBelow(body)) : undefined
}

function ownHint(record: Record<string, unknown>): number | undefined {
  for (const key in record) {
    // No name shorter than a stem can be one: most keys are passed over without normalizing them.
    if (key.length < shortest || !Object.hasOwn(record, key)) continue
    const ms = hintOf(normalizeKey(key), record[key])
    if (ms !== undefined) return ms
  }
  return undefined
}

function hintBelow(record: Record<string, unknown>): number | undefined {
  for (const key in record) {
    const value = record[key]
    if (!Object.hasOwn(record, key) || !isRecord(value)) continue
    const ms = ownHint(value) ?? (normalizeKey(key) === 'data' ? hintBelow(value) : undefined)
    if (ms !== undefined) return ms
  }
  return undefined
}

function hintOf(name: string, value: unknown): number | undefined {
  for (const stem of stems) {
    if (!name.startsWith(stem)) continue
    const unit = units.get(name.slice(stem.length))
    const amount =
      typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as number)
    if (unit === undefined || typeof amount !== 'number' || !(amount >= 0 && amount < Infinity)) {
      return undefined
    }
    return Math.min(Math.round(amount * unit), maxTimerMs)
  }
  return undefined
}
