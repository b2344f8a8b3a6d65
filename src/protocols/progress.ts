/** Fields that hold a percentage from 0 to 100. */
const percentFields = [
  'progress-percent',
  'progressPercent',
  'percentComplete',
  'percent_complete',
  'percent',
]

/**
 * Completion from 0 to 1 read from a status body. Percent-named fields count to 100; a bare
 * `progress` counts to 1 when it is at most 1, else to 100. Values are clamped to 0..1.
 */
export function readProgress(body: Record<string, unknown>): number | undefined {
  for (const field of percentFields) {
    const value = body[field]
    if (isFiniteNumber(value)) return clamp(value / 100)
  }
  const progress = body.progress
  if (isFiniteNumber(progress)) return clamp(progress <= 1 ? progress : progress / 100)
  return undefined
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function clamp(fraction: number): number {
  return Math.min(1, Math.max(0, fraction))
}
