/** Runs a task when a slot for its key is free; at most `limit` run at once per key. */
export type Limiter = <T>(key: string, signal: AbortSignal, task: () => Promise<T>) => Promise<T>

interface Slots {
  active: number
  readonly waiting: Array<() => void>
}

/**
 * Limits concurrent tasks per key (an origin), queueing the rest first come, first served. A
 * queued task whose signal aborts leaves the queue at once with the signal's reason.
 */
export function createLimiter(limit: number): Limiter {
  const slotsByKey = new Map<string, Slots>()

  const acquire = (key: string, signal: AbortSignal): Promise<void> => {
    signal.throwIfAborted()
    const slots = slotsByKey.get(key) ?? { active: 0, waiting: [] }
    slotsByKey.set(key, slots)
    if (slots.active < limit) {
      slots.active += 1
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        slots.waiting.splice(slots.waiting.indexOf(grant), 1)
        reject(signal.reason)
      }
      const grant = () => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      slots.waiting.push(grant)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  const release = (key: string): void => {
    const slots = slotsByKey.get(key)
    if (!slots) return
    const next = slots.waiting.shift()
    if (next) {
      next()
      return
    }
    slots.active -= 1
    if (slots.active === 0) slotsByKey.delete(key)
  }

  return async (key, signal, task) => {
    await acquire(key, signal)
    try {
      return await task()
    } finally {
      release(key)
    }
  }
}
