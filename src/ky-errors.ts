import { HTTPError, TimeoutError } from 'ky'

/**
 * Whether `error` is ky's `HTTPError`, the error a refused request ends with (see `HTTPError` in
 * the package's overview). It also recognises the `HTTPError` of another copy of ky (an app that
 * bundles its own, or two versions side by side), where `instanceof` cannot: by its name and its
 * shape, a `response` with a numeric `status` and readable `headers`, and a `request` with a `url`. ky's own
 * `isHTTPError` goes by the name alone, which the errors of other HTTP clients share.
 *
 * @example
 * try {
 *   await op.wait()
 * } catch (error) {
 *   if (isHTTPError(error)) console.error(error.response.status, await error.response.text())
 *   else throw error
 * }
 */
export function isHTTPError(error: unknown): error is HTTPError {
  if (error instanceof HTTPError) return true
  if (!isNamed(error, 'HTTPError')) return false
  const { response, request } = error as { response?: unknown; request?: unknown }
  if (typeof response !== 'object' || response === null) return false
  const { status, headers } = response as { status?: unknown; headers?: { get?: unknown } }
  return typeof status === 'number' && typeof headers?.get === 'function' && isRequestLike(request)
}

/**
 * Whether `error` is ky's `TimeoutError`: one request outlasted `requestTimeoutMs` on every try.
 * Like {@link isHTTPError}, it also recognises the error of another copy of ky, by its name and a
 * `request` with a `url`; an `AbortSignal.timeout()`'s `DOMException`, also named `TimeoutError`,
 * is not one.
 *
 * @example
 * try {
 *   await op.wait()
 * } catch (error) {
 *   if (isTimeoutError(error)) console.error('No answer in time from', error.request.url)
 *   else throw error
 * }
 */
export function isTimeoutError(error: unknown): error is TimeoutError {
  if (error instanceof TimeoutError) return true
  return isNamed(error, 'TimeoutError') && isRequestLike((error as { request?: unknown }).request)
}

function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name
}

function isRequestLike(request: unknown): boolean {
  return (
    typeof request === 'object' &&
    request !== null &&
    typeof (request as { url?: unknown }).url === 'string'
  )
}
