import type { JsonBodyType } from 'msw'
import { joinUrl } from '../urls.js'
import type {
  SimulatedConvention,
  SimulatedOutcome,
  SimulationOptions,
  SubmitMethod,
} from './types.js'

const conventions: readonly SimulatedConvention[] = ['generic', 'http', 'result', 'azure', 'google']
const outcomes: readonly SimulatedOutcome[] = ['succeeded', 'failed', 'canceled']
const methods: readonly SubmitMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE']

/** How long an operation runs: until its n-th status poll, or for a time. */
export type Finish = { readonly polls: number } | { readonly durationMs: number }

/** A simulation's options with every default applied and every value checked. */
export interface Settings {
  readonly convention: SimulatedConvention
  /** The absolute URL of the submit, without query or fragment. */
  readonly submitUrl: URL
  readonly method: SubmitMethod
  readonly finish: Finish
  readonly outcome: SimulatedOutcome
  /** The pending answers' progress values, in order; `undefined` for no progress at all. */
  readonly progress: readonly number[] | undefined
  readonly result: JsonBodyType
  readonly resultVia: 'link' | 'inline'
  readonly error: JsonBodyType
  readonly retryAfterSec: number | undefined
  readonly cancelable: boolean
  readonly idPrefix: string
}

const defaultPolls = 3
const defaultError = { code: 'OperationFailed', message: 'The operation failed.' }
/** google.rpc.Code 2 is UNKNOWN; 1 (CANCELLED) would read as a cancel. */
const defaultGoogleError = { code: 2, message: 'The operation failed.' }

/** Checks a simulation's options once, with a `TypeError` that names the option and the value. */
export function normalizeSimulation(options: SimulationOptions): Settings {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Expected `options` to be an object')
  }
  const convention = oneOf('convention', options.convention, conventions)
  if (typeof options.submitPath !== 'string') {
    throw new TypeError(`Expected \`submitPath\` to be a string, got ${show(options.submitPath)}`)
  }
  if (options.baseUrl !== undefined && typeof options.baseUrl !== 'string') {
    throw new TypeError(`Expected \`baseUrl\` to be a string, got ${show(options.baseUrl)}`)
  }
  const submitUrl = joinUrl(options.baseUrl, options.submitPath)
  if (submitUrl.protocol !== 'http:' && submitUrl.protocol !== 'https:') {
    throw new TypeError(`Expected an http(s) submit URL, got "${submitUrl.href}"`)
  }
  submitUrl.search = ''
  submitUrl.hash = ''
  const finish = settleFinish(options)
  const idPrefix = options.idPrefix ?? randomPrefix()
  if (typeof idPrefix !== 'string' || !/^[\w.~-]+$/.test(idPrefix)) {
    throw new TypeError(
      `Expected \`idPrefix\` to be letters, digits, '-', '_', '.' or '~', got ${show(idPrefix)}`,
    )
  }
  if (options.cancelable !== undefined && typeof options.cancelable !== 'boolean') {
    throw new TypeError(`Expected \`cancelable\` to be a boolean, got ${show(options.cancelable)}`)
  }
  return {
    convention,
    submitUrl,
    method: oneOf('method', options.method ?? 'POST', methods),
    finish,
    outcome: oneOf('outcome', options.outcome ?? 'succeeded', outcomes),
    progress: settleProgress(options.progress, finish),
    result: options.result === undefined ? { ok: true } : options.result,
    resultVia: oneOf('resultVia', options.resultVia ?? 'link', ['link', 'inline'] as const),
    error: options.error ?? (convention === 'google' ? defaultGoogleError : defaultError),
    retryAfterSec: settleRetryAfter(options.retryAfterSec),
    cancelable: options.cancelable ?? true,
    idPrefix,
  }
}

function settleFinish(options: SimulationOptions): Finish {
  const { polls, durationMs } = options
  if (polls !== undefined && durationMs !== undefined) {
    throw new TypeError('Give `polls` or `durationMs`, not both')
  }
  if (durationMs !== undefined) {
    if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs < 0) {
      throw new TypeError(
        `Expected \`durationMs\` to be a finite number of 0 or more, got ${show(durationMs)}`,
      )
    }
    return { durationMs }
  }
  const count = polls ?? defaultPolls
  if (!Number.isInteger(count) || count < 1) {
    throw new TypeError(`Expected \`polls\` to be an integer of 1 or more, got ${show(count)}`)
  }
  return { polls: count }
}

/** Even steps from 0 by default: `polls: 5` reports 0, 0.25, 0.5, 0.75; a duration the same. */
function settleProgress(
  progress: SimulationOptions['progress'],
  finish: Finish,
): readonly number[] | undefined {
  if (progress === false) return undefined
  if (progress === undefined) {
    if ('durationMs' in finish) return [0, 0.25, 0.5, 0.75]
    return Array.from({ length: finish.polls - 1 }, (_, index) => index / (finish.polls - 1))
  }
  if (!Array.isArray(progress) || progress.length === 0) {
    throw new TypeError(
      `Expected \`progress\` to be a non-empty array of numbers or false, got ${show(progress)}`,
    )
  }
  progress.forEach((value: unknown, index) => {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new TypeError(
        `Expected \`progress[${index}]\` to be a number from 0 to 1, got ${show(value)}`,
      )
    }
  })
  return [...progress]
}

function settleRetryAfter(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new TypeError(
      `Expected \`retryAfterSec\` to be an integer of 0 or more (delta-seconds), got ${show(seconds)}`,
    )
  }
  return seconds
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    const names = allowed.map((word) => `'${word}'`).join(', ')
    throw new TypeError(`Expected \`${name}\` to be one of ${names}, got ${show(value)}`)
  }
  return value as T
}

function show(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`
  if (typeof value !== 'object' || value === null) return String(value)
  try {
    return JSON.stringify(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/** Six random base-36 characters: two simulations never share ids unless told to. */
function randomPrefix(): string {
  const [value = 0] = globalThis.crypto.getRandomValues(new Uint32Array(1))
  return `op${value.toString(36).padStart(7, '0').slice(-6)}`
}
