import { describe, expect, it } from 'vitest'
import { formatDuration, maxDurationMs, parseDuration } from '../../src/cli/duration.js'

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['0ms', 0],
    ['1s', 1000],
    ['1.5s', 1500],
    ['10m', 600_000],
    ['2h', 7_200_000],
    [' 30s ', 30_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it('refuses a bare number, suggesting each unit', () => {
    expect(() => parseDuration('10')).toThrow(
      '"10" is not a duration: a duration needs a unit: 10ms, 10s, 10m or 10h',
    )
  })

  it.each(['', 's', '-1s', '1d', '1 s', '1e3ms', '10min', 'ten seconds'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/is not a duration: expected a number and a unit/)
  })

  it('refuses more than a Node timer can hold', () => {
    expect(parseDuration(`${maxDurationMs}ms`)).toBe(maxDurationMs)
    expect(() => parseDuration('1000h')).toThrow('"1000h" is too long')
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [999.6, '1s'],
    [12_300, '12s'],
    [200_000, '3m 20s'],
    [3_900_000, '1h 05m'],
  ])('shows %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
