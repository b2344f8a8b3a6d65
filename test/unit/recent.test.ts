import { describe, expect, it, vi } from 'vitest'
import { keepRecent } from '../../src/recent.js'

describe('keepRecent', () => {
  it('reads each key once while it is kept, and gives the same answer', () => {
    const read = vi.fn((key: string) => key.toUpperCase())
    const cached = keepRecent(read)
    expect([cached('running'), cached('running'), cached('done'), cached('running')]).toEqual([
      'RUNNING',
      'RUNNING',
      'DONE',
      'RUNNING',
    ])
    expect(read.mock.calls.map(([key]) => key)).toEqual(['running', 'done'])
  })

  it('keeps an `undefined` answer too: an unknown word is not read again', () => {
    const read = vi.fn((_key: string): string | undefined => undefined)
    const cached = keepRecent(read)
    expect(cached('weird')).toBeUndefined()
    expect(cached('weird')).toBeUndefined()
    expect(read).toHaveBeenCalledTimes(1)
  })

  it('starts afresh once `kept` keys are held, so that new keys cost bounded memory', () => {
    const read = vi.fn((key: string) => key.length)
    const cached = keepRecent(read, 3)
    for (const key of ['a', 'bb', 'ccc']) cached(key)
    cached('a')
    expect(read).toHaveBeenCalledTimes(3)
    cached('dddd') // the fourth key: the cache is emptied, then holds it alone
    cached('a')
    expect(read).toHaveBeenCalledTimes(5)
    cached('dddd')
    expect(read).toHaveBeenCalledTimes(5)
  })

  it('reads a long key every time, keeping none of a hostile body text', () => {
    const read = vi.fn((key: string) => key.length)
    const cached = keepRecent(read)
    const long = 'x'.repeat(65)
    expect(cached(long)).toBe(65)
    expect(cached(long)).toBe(65)
    expect(read).toHaveBeenCalledTimes(2)
    cached('x'.repeat(64))
    cached('x'.repeat(64))
    expect(read).toHaveBeenCalledTimes(3)
  })
})
