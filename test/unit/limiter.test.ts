import { describe, expect, it } from 'vitest'
import { createLimiter } from '../../src/limiter.js'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('createLimiter', () => {
  it('runs at most `limit` tasks per key, and starts the rest in arrival order', async () => {
    const limit = createLimiter(2)
    const signal = new AbortController().signal
    const started: number[] = []
    const gates = [0, 1, 2, 3, 4].map(() => deferred())
    const runs = gates.map((gate, index) =>
      limit('https://a.example', signal, async () => {
        started.push(index)
        await gate.promise
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    gates[1]?.resolve()
    await runs[1]
    await Promise.resolve()
    expect(started).toEqual([0, 1, 2])
    gates[0]?.resolve()
    await runs[0]
    await Promise.resolve()
    expect(started).toEqual([0, 1, 2, 3])
    for (const gate of gates) gate.resolve()
    await Promise.all(runs)
    expect(started).toEqual([0, 1, 2, 3, 4])
  })

  it('counts each key apart', async () => {
    const limit = createLimiter(1)
    const signal = new AbortController().signal
    const gate = deferred()
    const started: string[] = []
    const first = limit('https://a.example', signal, async () => {
      started.push('a')
      await gate.promise
    })
    const other = limit('https://b.example', signal, async () => {
      started.push('b')
    })
    await other
    expect(started).toEqual(['a', 'b'])
    gate.resolve()
    await first
  })

  it('lets a queued task leave at once when its signal aborts', async () => {
    const limit = createLimiter(1)
    const gate = deferred()
    const busy = limit('k', new AbortController().signal, () => gate.promise)
    const controller = new AbortController()
    let ran = false
    const queued = limit('k', controller.signal, async () => {
      ran = true
    })
    controller.abort()
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' })
    gate.resolve()
    await busy
    await limit('k', new AbortController().signal, async () => {})
    expect(ran).toBe(false)
  })

  it('frees the slot when a task fails', async () => {
    const limit = createLimiter(1)
    const signal = new AbortController().signal
    await expect(limit('k', signal, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    )
    await expect(limit('k', signal, async () => 'next')).resolves.toBe('next')
  })
})
