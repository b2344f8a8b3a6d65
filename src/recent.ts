/** Keys longer than this are read every time: a cache of them would hold a hostile body's text. */
const longestKept = 64

/**
 * `read` with its latest results kept by argument: a server answers every poll with the same
 * field names, status words and content type, each read once. At most `kept` short keys are kept;
 * the cache starts afresh when full, so that a stream of new words costs little memory.
 */
export function keepRecent<T>(read: (key: string) => T, kept = 256): (key: string) => T {
  const recent = new Map<string, T>()
  return (key) => {
    if (key.length > longestKept) return read(key)
    let value = recent.get(key)
    if (value === undefined && !recent.has(key)) {
      value = read(key)
      if (recent.size >= kept) recent.clear()
      recent.set(key, value)
    }
    return value as T
  }
}
