/** `start()`'s promise, or a rejected one when it throws instead of returning it (a user's clock, say). */
export function promiseOf<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start()
  } catch (error) {
    return Promise.reject(error)
  }
}
