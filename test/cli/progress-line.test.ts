import { describe, expect, it } from 'vitest'
import { barLine, plainLine, statusWord } from '../../src/cli/progress-line.js'
import type { Snapshot } from '../../src/index.js'

const running: Snapshot = {
  state: 'pending',
  status: { status: 'running', progress: 40 },
  progress: 0.4,
  etaMs: 3000,
  attempt: 2,
  elapsedMs: 1200,
  nextPollInMs: 500,
  httpStatus: 200,
}

describe('statusWord', () => {
  it("prefers the server's own word", () => {
    expect(statusWord(running)).toBe('running')
    expect(statusWord({ ...running, status: { status: 'Succeeded' }, state: 'succeeded' })).toBe(
      'Succeeded',
    )
  })

  it('falls back on the state where the body has no status word', () => {
    expect(statusWord({ ...running, status: undefined })).toBe('pending')
    expect(statusWord({ ...running, status: { done: false } })).toBe('pending')
    expect(statusWord({ ...running, status: { status: 42 } })).toBe('pending')
    expect(statusWord({ ...running, status: 'text body' })).toBe('pending')
  })
})

describe('plainLine', () => {
  it('shows the word, the percent, the ETA, the polls and the time so far', () => {
    expect(plainLine(running)).toBe('pollwise: running 40%, ETA 3s (poll 2, 1s)')
  })

  it('leaves out what the server did not report', () => {
    const { progress, etaMs, ...bare } = running
    expect(plainLine({ ...bare, status: undefined })).toBe('pollwise: pending (poll 2, 1s)')
  })

  it('shows a succeeded operation as complete, with no ETA', () => {
    const done: Snapshot = { ...running, state: 'succeeded', status: { status: 'completed' } }
    expect(plainLine({ ...done, progress: 1 })).toBe('pollwise: completed 100% (poll 2, 1s)')
    const { progress, ...noProgress } = done
    expect(plainLine(noProgress)).toBe('pollwise: completed 100% (poll 2, 1s)')
  })
})

describe('barLine', () => {
  it('draws a 20-cell bar filled to the progress', () => {
    expect(barLine(running)).toBe('[████████░░░░░░░░░░░░]  40% running, ETA 3s (poll 2, 1s)')
  })

  it('draws an empty bar and --% while the server reports no progress', () => {
    const { progress, etaMs, ...bare } = running
    expect(barLine(bare)).toBe('[░░░░░░░░░░░░░░░░░░░░]  --% running (poll 2, 1s)')
  })

  it('fills the bar once the operation succeeded', () => {
    expect(
      barLine({ ...running, state: 'succeeded', status: { status: 'done' }, progress: 1 }),
    ).toBe('[████████████████████] 100% done (poll 2, 1s)')
  })
})
