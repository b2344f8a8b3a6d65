/**
 * Web Locks as a page has them, shared by the "tabs" of one test: one holder per name, the rest
 * queued in order; a queued request whose signal aborts leaves with an AbortError.
 */
export function createLockManager() {
  const queues = new Map<string, Array<() => void>>()
  const held = new Set<string>()
  const next = (name: string) => {
    const grant = queues.get(name)?.shift()
    if (grant) grant()
    else held.delete(name)
  }
  return {
    request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<unknown>) {
      return new Promise((resolve, reject) => {
        const run = () => {
          held.add(name)
          options.signal?.removeEventListener('abort', onAbort)
          callback()
            .then(resolve, reject)
            .finally(() => next(name))
        }
        const onAbort = () => {
          const queue = queues.get(name) ?? []
          queue.splice(queue.indexOf(run), 1)
          reject(new DOMException('Lock request aborted', 'AbortError'))
        }
        if (!held.has(name)) {
          run()
          return
        }
        queues.set(name, [...(queues.get(name) ?? []), run])
        options.signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
  }
}
