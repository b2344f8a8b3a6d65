/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** Rounds to `digits` significant-looking decimals, for JSON that a person reads. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** Runs `task` over `items` with at most `limit` in flight, in order of the list. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Collects garbage until the heap stops shrinking (needs `--expose-gc`). */
export async function settleHeap(): Promise<number> {
  const gc = globalThis.gc
  if (!gc) throw new Error('Run with node --expose-gc to measure the heap')
  let previous = Number.POSITIVE_INFINITY
  for (let i = 0; i < 10; i += 1) {
    gc()
    await sleep(10)
    const used = process.memoryUsage().heapUsed
    if (used >= previous - 1024) return used
    previous = used
  }
  return previous
}
