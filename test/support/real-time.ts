/** `promise`'s value, or `late` if it has not settled within `ms` of real time. */
export async function within<T>(
  promise: Promise<T>,
  ms: number,
  late: string,
): Promise<T | string> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(late), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** Polls every 10 ms, no jitter: for tests that run whole operations in real time. */
export const fastBackoff = {
  initialDelayMs: 10,
  factor: 1,
  maxDelayMs: 10,
  minDelayMs: 0,
  jitter: 'none',
} as const
