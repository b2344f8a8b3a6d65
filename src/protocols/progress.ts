import type { ProgressReading } from './types.js'

/** Fields that hold a percentage from 0 to 100. */
const percentFields = [
  'progress-percent',
  'progressPercent',
  'percentComplete',
  'percent_complete',
  'percent',
]

/**
 * Completion as a status body writes it: a percent-named field counts to 100; a bare `progress` is
 * of unknown scale, which the operation learns from the values it sees.
 */
export function readProgress(body: Record<string, unknown>): ProgressReading | undefined {
  for (const field of percentFields) {
    const value = body[field]
    if (isFiniteNumber(value)) return { value, scale: 'percent' }
  }
  const progress = body.progress
  return isFiniteNumber(progress) ? { value: progress, scale: 'unknown' } : undefined
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}
