import { shownText } from '../error-messages.js'
import type { Snapshot } from '../index.js'
import { formatDuration } from './duration.js'

const barWidth = 20

/**
 * The word that says where the operation stands: the server's own status word when its body has
 * one (`running`, `in_progress`, `Succeeded`...), else pollwise's state. Its control characters
 * are escaped, as in error messages: an ANSI escape or a line break from the server would redraw
 * the terminal or forge a line of the log.
 */
export function statusWord(snapshot: Snapshot): string {
  const { status } = snapshot
  if (typeof status === 'object' && status !== null && 'status' in status) {
    const word = status.status
    if (typeof word === 'string' && word !== '') return shownText(word)
  }
  return snapshot.state
}

/** Completion from 0 to 1 as the server reports it; a succeeded operation is complete. */
function fraction(snapshot: Snapshot): number | undefined {
  return snapshot.progress ?? (snapshot.state === 'succeeded' ? 1 : undefined)
}

/** `, ETA 12s` while the server's progress moves, else nothing. */
function eta(snapshot: Snapshot): string {
  return snapshot.state === 'pending' && snapshot.etaMs !== undefined
    ? `, ETA ${formatDuration(snapshot.etaMs)}`
    : ''
}

/** `(poll 3, 1.2s)`: status requests so far and time since the submit. */
function tally(snapshot: Snapshot): string {
  return `(poll ${snapshot.attempt}, ${formatDuration(snapshot.elapsedMs)})`
}

/**
 * One line per observation, for a log: `pollwise: running 40%, ETA 3s (poll 2, 1.2s)`.
 *
 * @example
 * plainLine({ state: 'pending', status: { status: 'running' }, progress: 0.4, etaMs: 3000,
 *   attempt: 2, elapsedMs: 1200, httpStatus: 200 })
 */
export function plainLine(snapshot: Snapshot): string {
  const done = fraction(snapshot)
  const percent = done === undefined ? '' : ` ${Math.round(done * 100)}%`
  return `pollwise: ${statusWord(snapshot)}${percent}${eta(snapshot)} ${tally(snapshot)}`
}

/**
 * The live bar a terminal redraws in place: `[████████░░░░░░░░░░░░]  40% running, ETA 3s (poll 2,
 * 1.2s)`; an empty bar and `--%` while the server reports no progress.
 */
export function barLine(snapshot: Snapshot): string {
  const done = fraction(snapshot)
  const filled = Math.round((done ?? 0) * barWidth)
  const bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`
  const percent = done === undefined ? '--%' : `${Math.round(done * 100)}%`
  return `[${bar}] ${percent.padStart(4)} ${statusWord(snapshot)}${eta(snapshot)} ${tally(snapshot)}`
}
