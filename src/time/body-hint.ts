import { isRecord } from '../protocols/json.js'
import { normalizeKey } from '../protocols/reading/keys.js'
import { parseDigits } from './retry-after.js'
import { maxTimerMs } from './schedule.js'

/**
 * A normalized name that asks for a wait before the next poll (`check_after_secs`: `checkafter`
 * then `secs`), and its unit: none means seconds, as in `Retry-After`. Anchored, it fails at once
 * on other names; names shorter than its shortest stem (10 letters) are not even normalized.
 */
const hintName = /^(?:retryafter|checkafter|poll(?:ing)?interval|nextpollin)(secs?|seconds|ms)?$/

/**
 * The wait a pending status body asks for, in milliseconds: a field named by a stem and a unit
 * (`check_after_secs`, `retryAfterMs`, `poll_interval`), at the top level, else in an object one
 * level down (in a `data` envelope's objects too: `{"data": {"processing_info": {…}}}`). A
 * non-negative number or a string of digits; anything else is no hint. A wait too long for a timer
 * is the longest one.
 *
 * @example
 * readBodyHintMs({ processing_info: { state: 'pending', check_after_secs: 5 } }) // 5000
 */
export function readBodyHintMs(body: unknown): number | undefined {
  return isRecord(body) ? hintIn(body, true) : undefined
}

/** The record's own hint, else the first of its objects' (of a `data` envelope's objects too). */
function hintIn(record: Record<string, unknown>, descend: boolean): number | undefined {
  let below: number | undefined
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue
    const value = record[key]
    const name = key.length < 10 ? undefined : hintName.exec(normalizeKey(key))
    const amount = name && (typeof value === 'string' ? parseDigits(value) : value)
    if (typeof amount === 'number' && amount >= 0) {
      return Math.min(Math.round(amount * (name?.[1] === 'ms' ? 1 : 1000)), maxTimerMs)
    }
    if (descend && isRecord(value)) below ??= hintIn(value, normalizeKey(key) === 'data')
  }
  return below
}
