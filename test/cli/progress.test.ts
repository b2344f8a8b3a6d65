import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createProgress } from '../../src/cli/progress.js'
import type { Snapshot } from '../../src/index.js'

const snapshot: Snapshot = {
  state: 'pending',
  status: { status: 'running' },
  progress: 0.5,
  attempt: 1,
  elapsedMs: 300,
  httpStatus: 200,
}

/** A stderr stand-in that records what is written. */
function stream(isTTY: boolean, columns?: number) {
  const writes: string[] = []
  const fake = { isTTY, columns, write: (text: string) => writes.push(text) }
  return { writes, stream: fake as unknown as NodeJS.WriteStream }
}

describe('createProgress', () => {
  // The terminal's own TERM, whatever the shell that runs the tests says.
  beforeEach(() => {
    vi.stubEnv('TERM', 'xterm-256color')
  })
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('writes plain lines, no escape and no carriage return, on a terminal with TERM=dumb', () => {
    vi.stubEnv('TERM', 'dumb')
    const { writes, stream: tty } = stream(true, 120)
    const progress = createProgress(tty, false)
    progress.update(snapshot)
    progress.end()
    expect(writes).toEqual(['pollwise: running 50% (poll 1, 300ms)\n'])
  })

  it('redraws one line in place on a terminal, and ends it before anything else prints', () => {
    const { writes, stream: tty } = stream(true, 120)
    const progress = createProgress(tty, false)
    progress.update(snapshot)
    progress.update({ ...snapshot, progress: 1, state: 'succeeded', status: { status: 'done' } })
    progress.note('pollwise: a note')
    progress.end()
    expect(writes).toEqual([
      '\r[██████████░░░░░░░░░░]  50% running (poll 1, 300ms)\x1b[K',
      '\r[████████████████████] 100% done (poll 1, 300ms)\x1b[K',
      '\n',
      'pollwise: a note\n',
    ])
  })

  it("cuts the bar to the terminal's width, so that it never wraps", () => {
    const { writes, stream: tty } = stream(true, 30)
    createProgress(tty, false).update(snapshot)
    expect(writes).toEqual(['\r[██████████░░░░░░░░░░]  50% r\x1b[K'])
  })

  it('writes a plain line per observation when stderr is not a terminal', () => {
    const { writes, stream: pipe } = stream(false)
    const progress = createProgress(pipe, false)
    progress.note('pollwise: submitted')
    progress.update(snapshot)
    progress.end()
    expect(writes).toEqual(['pollwise: submitted\n', 'pollwise: running 50% (poll 1, 300ms)\n'])
  })

  it('writes nothing when quiet, terminal or not', () => {
    for (const isTTY of [true, false]) {
      const { writes, stream: anyStream } = stream(isTTY, 80)
      const progress = createProgress(anyStream, true)
      progress.note('pollwise: submitted')
      progress.update(snapshot)
      progress.end()
      expect(writes).toEqual([])
    }
  })
})
