import type { Snapshot } from '../index.js'
import { barLine, plainLine } from './progress-line.js'

/** What stderr shows while an operation runs. */
export interface Progress {
  /** A line of its own, such as where the operation is polled. */
  note(text: string): void
  /** Shows an observation. */
  update(snapshot: Snapshot): void
  /** Ends a live bar's line, so that what follows starts on a line of its own. */
  end(): void
}

const silent: Progress = { note() {}, update() {}, end() {} }

/**
 * Progress on `stream`: a bar redrawn in place on a terminal, a plain line per observation
 * otherwise (a log, a pipe, or a terminal that says with `TERM=dumb` it moves no cursor, as an
 * editor's shell buffer does), nothing when `quiet`.
 */
export function createProgress(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  if (quiet) return silent
  if (!stream.isTTY || process.env.TERM === 'dumb') {
    return {
      note: (text) => stream.write(`${text}\n`),
      update: (snapshot) => stream.write(`${plainLine(snapshot)}\n`),
      end() {},
    }
  }
  let live = false
  const end = () => {
    if (live) stream.write('\n')
    live = false
  }
  return {
    note(text) {
      end()
      stream.write(`${text}\n`)
    },
    update(snapshot) {
      // Cut to the terminal's width: a wrapped line would not redraw in place.
      const line = barLine(snapshot).slice(0, Math.max(1, (stream.columns || 80) - 1))
      stream.write(`\r${line}\x1b[K`)
      live = true
    },
    end,
  }
}
