/** Milliseconds per unit a duration may carry. */
const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const

/** The longest delay a Node timer holds (2^31 - 1 ms, about 24.8 days). */
export const maxDurationMs = 2_147_483_647

const pattern = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/

/**
 * Reads a duration such as `200ms`, `1.5s`, `10m` or `2h` into whole milliseconds. A bare number
 * is refused, since `--timeout 10` could mean seconds or minutes.
 *
 * @throws `RangeError` with a message for a person: what is wrong and what would do.
 * @example
 * parseDuration('10m') // 600_000
 */
export function parseDuration(text: string): number {
  const match = pattern.exec(text.trim())
  if (!match) {
    const hint = /^\d+(\.\d+)?$/.test(text.trim())
      ? `a duration needs a unit: ${text.trim()}ms, ${text.trim()}s, ${text.trim()}m or ${text.trim()}h`
      : 'expected a number and a unit (ms, s, m, h), such as 500ms, 30s, 10m or 1h'
    throw new RangeError(`"${text}" is not a duration: ${hint}`)
  }
  const [, amount = '', unit = 'ms'] = match
  const ms = Math.round(Number(amount) * units[unit as keyof typeof units])
  if (ms > maxDurationMs) {
    throw new RangeError(`"${text}" is too long: at most ${maxDurationMs} ms (about 24 days)`)
  }
  return ms
}

/**
 * A duration for a person: `850ms`, `12s`, `3m 20s`, `1h 05m`.
 *
 * @example
 * formatDuration(200_000) // '3m 20s'
 */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.max(0, Math.round(ms))}ms`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`
}
