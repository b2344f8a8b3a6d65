import { describe, expect, it } from 'vitest'
import { type ProgressTrack, trackProgress } from '../../src/state/progress.js'
import type { ProgressReading } from '../../src/types/protocol.js'

/** The submit went out at 0; readings come at the clock readings given. */
const startedAt = 0
const percent = (value: number): ProgressReading => ({ value, scale: 'percent' })
const bare = (value: number): ProgressReading => ({ value, scale: 'unknown' })
const fraction = (value: number): ProgressReading => ({ value, scale: 'fraction' })

/** Feeds readings `[reading, at]` in order and returns every track. */
function track(...readings: ReadonlyArray<readonly [ProgressReading, number]>): ProgressTrack[] {
  const tracks: ProgressTrack[] = []
  let current: ProgressTrack | undefined
  for (const [reading, at] of readings) {
    current = trackProgress(current, reading, at, startedAt)
    tracks.push(current)
  }
  return tracks
}

const shown = (tracks: readonly ProgressTrack[]) => tracks.map((one) => one.shown)

describe('trackProgress: scales', () => {
  it('reads a plain number as a fraction, with the finish predicted from the submit', () => {
    expect(trackProgress(undefined, 0.25, 1000, startedAt)).toStrictEqual({
      shown: 0.25,
      fraction: 0.25,
      percentScale: false,
      fractionScale: false,
      floor: 0,
      origin: { at: 0, progress: 0 },
      etaMs: 3000,
    })
  })

  it("reads a 'fraction' reading as a fraction", () => {
    const [one] = track([fraction(0.4), 2000])
    expect(one?.shown).toBe(0.4)
    expect(one?.percentScale).toBe(false)
  })

  it("reads a 'percent' reading as a percentage from the start", () => {
    expect(trackProgress(undefined, percent(40), 2000, startedAt)).toStrictEqual({
      shown: 0.4,
      fraction: 0.4,
      percentScale: false,
      fractionScale: false,
      floor: 0,
      origin: { at: 0, progress: 0 },
      etaMs: 3000,
    })
  })

  it('reads a bare figure up to 1 as a fraction', () => {
    const tracks = track([bare(0.2), 1000], [bare(0.6), 2000], [bare(1), 3000])
    expect(shown(tracks)).toEqual([0.2, 0.6, 1])
    expect(tracks.map((one) => one.percentScale)).toEqual([false, false, false])
  })

  it('reads a bare figure above 1 as a percentage, even as the first reading', () => {
    const [one] = track([bare(40), 1000])
    expect(one?.shown).toBe(0.4)
    expect(one?.fraction).toBe(0.4)
    expect(one?.percentScale).toBe(true)
    expect(one?.floor).toBe(0)
  })

  it('keeps reading bare figures as percentages for the rest of the operation', () => {
    const tracks = track([bare(40), 1000], [bare(0.5), 2000], [bare(1), 3000], [bare(80), 4000])
    expect(tracks.map((one) => one.fraction)).toEqual([0.4, 0.005, 0.01, 0.8])
    expect(tracks.map((one) => one.percentScale)).toEqual([true, true, true, true])
  })

  it("does not learn the percent scale from a 'percent' or a plain number above 1", () => {
    const afterPercent = track([percent(50), 1000], [bare(0.6), 2000])
    expect(afterPercent.map((one) => one.percentScale)).toEqual([false, false])
    expect(afterPercent[1]?.fraction).toBe(0.6)
    const afterNumber = track([5, 1000], [bare(0.6), 2000])
    expect(afterNumber.map((one) => one.percentScale)).toEqual([false, false])
    expect(afterNumber[1]?.fraction).toBe(0.6)
  })

  it("reads 'percent' and plain numbers by their own scale once bare figures are percentages", () => {
    const tracks = track([bare(40), 1000], [percent(60), 2000], [0.7, 3000])
    expect(tracks.map((one) => one.fraction)).toEqual([0.4, 0.6, 0.7])
  })
})

describe('trackProgress: clamping', () => {
  it.each([
    [1.5, 1],
    [-0.2, 0],
    [percent(150), 1],
    [percent(-10), 0],
    [bare(250), 1],
    [bare(-3), 0],
  ] as const)('clamps %j to %s', (reading, expected) => {
    const one = trackProgress(undefined, reading, 1000, startedAt)
    expect(one.shown).toBe(expected)
    expect(one.fraction).toBe(expected)
  })
})

describe('trackProgress: a change of scale never shows less than before', () => {
  it('a bare 1 before the scale is known is 1 %, not 100 %: the bar does not stick at its end', () => {
    const tracks = track([bare(1), 1000], [bare(2), 2000], [bare(50), 3000], [bare(100), 4000])
    expect(shown(tracks)).toEqual([0.01, 0.02, 0.5, 1])
    expect(tracks.map((one) => one.fraction)).toEqual([0.01, 0.02, 0.5, 1])
  })

  it('a bare 1 after a figure between 0 and 1 is 100 %: the scale is fractions', () => {
    const tracks = track([bare(0.4), 1000], [bare(1), 2000])
    expect(shown(tracks)).toEqual([0.4, 1])
  })

  it('a bare 0 then 1 is 1 %: 0 tells no scale', () => {
    const tracks = track([bare(0), 1000], [bare(1), 2000], [bare(1), 3000])
    expect(shown(tracks)).toEqual([0, 0.01, 0.01])
  })

  it('a bare 0.5 then 40: shown stays 0.5 until a reading overtakes it', () => {
    const tracks = track([bare(0.5), 1000], [bare(40), 2000], [bare(45), 3000], [bare(70), 4000])
    expect(shown(tracks)).toEqual([0.5, 0.5, 0.5, 0.7])
    expect(tracks.map((one) => one.floor)).toEqual([0, 0.5, 0.5, 0.5])
  })

  it('sets the floor once, at the switch, to what was shown then', () => {
    const tracks = track([bare(0.3), 1000], [bare(0.6), 2000], [bare(10), 3000], [bare(20), 4000])
    expect(tracks.map((one) => one.floor)).toEqual([0, 0, 0.6, 0.6])
    expect(shown(tracks)).toEqual([0.3, 0.6, 0.6, 0.6])
  })

  it('sets no floor when the first reading is already a percentage', () => {
    const tracks = track([bare(30), 1000], [bare(20), 2000])
    expect(tracks.map((one) => one.floor)).toEqual([0, 0])
    expect(shown(tracks)).toEqual([0.3, 0.2])
  })

  it("follows the server's own figure back when no scale changed", () => {
    const tracks = track([0.6, 1000], [0.4, 2000])
    expect(shown(tracks)).toEqual([0.6, 0.4])
  })
})

describe('trackProgress: the origin', () => {
  it('starts at the submit with no progress', () => {
    const [one] = track([0.1, 500])
    expect(one?.origin).toStrictEqual({ at: startedAt, progress: 0 })
  })

  it('moves to the last reading of 0, and keeps it through later readings', () => {
    const tracks = track([0.2, 1000], [0, 5000], [0.5, 7000])
    expect(tracks.map((one) => one.origin)).toStrictEqual([
      { at: 0, progress: 0 },
      { at: 5000, progress: 0 },
      { at: 5000, progress: 0 },
    ])
  })

  it('resets again at a later 0', () => {
    const tracks = track([0, 1000], [0.4, 2000], [0, 6000])
    expect(tracks[2]?.origin).toStrictEqual({ at: 6000, progress: 0 })
  })

  it('resets at a 0 of any scale', () => {
    expect(track([0.5, 1000], [percent(0), 3000])[1]?.origin).toStrictEqual({
      at: 3000,
      progress: 0,
    })
    expect(track([bare(40), 1000], [bare(0), 3000])[1]?.origin).toStrictEqual({
      at: 3000,
      progress: 0,
    })
  })
})

describe('trackProgress: etaMs', () => {
  it('predicts the finish from the average rate since the origin', () => {
    const tracks = track([0.25, 1000], [0.5, 2000], [0.8, 8000])
    expect(tracks.map((one) => one.etaMs)).toEqual([3000, 2000, 2000])
  })

  it('predicts from a reset origin, not from the submit', () => {
    const tracks = track([0.2, 1000], [0, 5000], [0.5, 7000])
    expect(tracks[2]?.etaMs).toBe(2000)
  })

  it('predicts from percent readings alike', () => {
    expect(track([percent(20), 1000], [percent(60), 3000])[1]?.etaMs).toBe(2000)
  })

  it('keeps predicting while progress stands still, from the slower average rate', () => {
    const tracks = track([0.25, 1000], [0.25, 2000], [0.25, 4000])
    expect(tracks.map((one) => one.etaMs)).toEqual([3000, 6000, 12_000])
  })

  it('has no prediction when progress goes back, and predicts again once it moves on', () => {
    const tracks = track([0.25, 1000], [0.2, 3000], [0.5, 4000])
    expect(tracks.map((one) => one.etaMs)).toEqual([3000, undefined, 4000])
  })

  it('has no prediction while standing still at 0 after the origin', () => {
    const tracks = track([0, 1000], [0, 2000])
    expect(tracks.map((one) => one.etaMs)).toEqual([undefined, undefined])
  })

  it('has no prediction for a first reading of 0 or for a finished 1', () => {
    expect(trackProgress(undefined, 0, 1000, startedAt).etaMs).toBeUndefined()
    expect(track([0.5, 1000], [1, 2000])[1]?.etaMs).toBeUndefined()
  })

  it('has no prediction when a switch of scale reads lower than before', () => {
    const tracks = track([bare(0.5), 1000], [bare(40), 2000], [bare(60), 3000])
    expect(tracks.map((one) => one.etaMs)).toEqual([1000, undefined, 2000])
  })
})
