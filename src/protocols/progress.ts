import type { ProgressReading } from '../types/protocol.js'
import { isRecord } from './json.js'
import { normalizeKey } from './reading/keys.js'

/** Pairs of fields that count work done out of a total (`{"completed": 3, "total": 10}`). */
const doneCounts = ['completed', 'current', 'done', 'processed', 'succeeded', 'finished']
const totalCounts = ['total', 'count', 'size']

/**
 * Completion as a status body writes it: a field whose name says percent
 * (`percentComplete`, `progress_percent`, `percentageComplete`) counts to 100; work done out of a
 * total is a fraction (`completed`, `processed`… or a whole `progress`, of `total`); a bare `progress`
 * is of unknown scale, which the operation learns from the values it sees; a `progress` object is
 * read the same way one level down, or as a count of work done out of a total.
 */
export function readProgress(body: Record<string, unknown>): ProgressReading | undefined {
  const own = readPercent(body) ?? readCounts(body)
  if (own) return own
  const { progress } = body
  if (isFiniteNumber(progress)) return { value: progress, scale: 'unknown' }
  return isRecord(progress) ? (readPercent(progress) ?? readCounts(progress)) : undefined
}

function readPercent(record: Record<string, unknown>): ProgressReading | undefined {
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue
    const value = percentValue(record[key])
    if (value !== undefined && isPercentOfWork(normalizeKey(key))) {
      return { value, scale: 'percent' }
    }
  }
  return undefined
}

/** A percent as a number, or as the digits of one (Microsoft Graph's OneNote operations: `"50"`). */
function percentValue(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value)
  return isFiniteNumber(value) ? value : undefined
}

/** `percent`, or a percentage of the work: `percentComplete`, `progress_percent`, `percentDone`. */
function isPercentOfWork(name: string): boolean {
  if (!name.includes('percent')) return false
  return /^percent(age)?$/.test(name) || /complet|progress|done|finish/.test(name)
}

function readCounts(record: Record<string, unknown>): ProgressReading | undefined {
  const total = totalCounts.map((name) => record[name]).find(isFiniteNumber)
  if (total === undefined || total <= 0) return undefined
  const done =
    doneCounts.map((name) => record[name]).find(isFiniteNumber) ?? taskCount(record, total)
  return done === undefined ? undefined : { value: done / total, scale: 'fraction' }
}

/** A whole `progress` no greater than the total beside it counts tasks done (Zendesk's job statuses). */
function taskCount(record: Record<string, unknown>, total: number): number | undefined {
  const { progress } = record
  return Number.isInteger(progress) && Number.isInteger(total) && (progress as number) <= total
    ? (progress as number)
    : undefined
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}
