import type { WaitOptions } from '../types/options.js'
import { isStandardSchema } from './validate.js'

/** Checks the options of a wait once, at the door, with a `TypeError` that names the option. */
export function checkWaitOptions<Status, Result>(options: WaitOptions<Status, Result>): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Expected `options` to be an object')
  }
  for (const name of ['status', 'result'] as const) {
    if (options[name] !== undefined && !isStandardSchema(options[name])) {
      throw new TypeError(`Expected \`${name}\` to be a Standard Schema (a zod 4 schema, for one)`)
    }
  }
  checkFunction('onProgress', options.onProgress)
  checkSignal(options.signal)
}

/** A `signal` option, checked: an AbortSignal or nothing. */
export function checkSignal(signal: unknown): void {
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError('Expected `signal` to be an AbortSignal')
  }
}

/** A callback option, checked: a function or nothing. */
export function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be a function`)
  }
}
