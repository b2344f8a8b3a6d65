import { defaultSensitiveHeaders } from './http/credentials.js'
import { checkFunction, checkSignal } from './operation/check-wait-options.js'
import type { RuntimeSettings } from './operation/loop-config.js'
import { pageUrl } from './page.js'
import { builtInProtocol, detector, protocols } from './protocols/index.js'
import { checkConventionParts } from './protocols/reading/check-parts.js'
import { createReading } from './protocols/reading/reading.js'
import { redactUrls } from './redact-urls.js'
import { systemClock } from './time/clock.js'
import { type Backoff, maxTimerMs, type Random } from './time/schedule.js'
import type { Clock } from './types/clock.js'
import type {
  BackoffOptions,
  ClientOptions,
  FollowOptions,
  Jitter,
  StartOptions,
} from './types/options.js'
import {
  type FinalStateVia,
  finalStateVias,
  type Protocol,
  type ProtocolName,
  type StatusResponse,
} from './types/protocol.js'
import { refuseCredentials } from './urls.js'

const jitters: readonly Jitter[] = ['none', 'full', 'equal', 'decorrelated']
/** An HTTP method is a token (RFC 9110 §5.6.2). */
const methodToken = /^[!#$%&'*+.^_`|~\w-]+$/

// A first poll within 1 s for the short jobs, then one every 4 to 8 s: on the cadence benchmark's
// jobs with no hints, 9.8 requests a job and 3.1 s mean delay, 1.3x the least delay any schedule
// gets from those requests (x1.5 to 20 s: 9.1 requests and 5.9 s, 2.2x). Every factor from 8 up
// reaches the cap at the second wait (bench/cadence.ts, docs/cadence.md).
export const defaultBackoff: Backoff = {
  initialDelayMs: 1000,
  factor: 8,
  maxDelayMs: 8000,
  jitter: 'equal',
  minDelayMs: 100,
}

/**
 * While a page is hidden, its polls wait at least this long by default, or the backoff's cap when
 * that is longer: nobody is looking, and the page catches up as soon as it is shown.
 */
export const defaultHiddenDelayMs = 20_000

/** Client options with every default applied and every value checked. */
export interface NormalizedOptions extends RuntimeSettings {
  readonly baseUrl: string | undefined
  readonly timeoutMs: number
  /** The `baseUrl`'s origin and `trustedOrigins`. */
  readonly trustedOrigins: ReadonlySet<string>
  /** The convention to force, or `undefined` to detect it from each submit's answer. */
  readonly protocol: Protocol | undefined
  /** The convention a submit's answer speaks: the app's own (`conventions`), then the built-ins. */
  readonly detect: (answer: StatusResponse) => Protocol
  /** The convention a resume token names: the forced one, one of the app's own or a built-in. */
  readonly findProtocol: (name: string) => Protocol | undefined
}

/** Checks client options once, at the door, with a `TypeError` that names the option. */
export function normalizeOptions(options: ClientOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Expected `options` to be an object')
  }
  const baseUrl =
    options.baseUrl === undefined ? undefined : checkHttpUrl('baseUrl', options.baseUrl, pageUrl())
  const trustedOrigins = (options.trustedOrigins ?? []).map((origin, index) =>
    checkHttpUrl(`trustedOrigins[${index}]`, origin),
  )
  if (baseUrl !== undefined) trustedOrigins.push(baseUrl)
  const conventions = checkConventions(options.conventions ?? [])
  const protocol = normalizeProtocol(options.protocol ?? 'auto')
  const known = new Map(conventions.map((convention) => [convention.name, convention]))
  if (protocol !== undefined) known.set(protocol.name, protocol)
  const reading = createReading(checkConventionParts(options), baseUrl)
  const backoff = normalizeBackoff(options.backoff ?? {})
  return {
    baseUrl,
    backoff,
    hiddenDelayMs: checkNumber(
      'hiddenDelayMs',
      options.hiddenDelayMs ?? Math.max(defaultHiddenDelayMs, backoff.maxDelayMs),
      0,
      maxTimerMs,
    ),
    timeoutMs: checkNumber('timeoutMs', options.timeoutMs ?? 600_000, 1, maxTimerMs),
    requestTimeoutMs: checkNumber(
      'requestTimeoutMs',
      options.requestTimeoutMs ?? 30_000,
      1,
      maxTimerMs,
    ),
    retries: checkInteger('retries', options.retries ?? 3),
    longPollSeconds: checkInteger('longPollSeconds', options.longPollSeconds ?? 0),
    heartbeatMs: checkNumber(
      'heartbeatTimeoutMs',
      options.heartbeatTimeoutMs ?? 30_000,
      1,
      maxTimerMs,
    ),
    maxConcurrentPolls: checkInteger(
      'maxConcurrentPolls',
      options.maxConcurrentPolls ?? (pageUrl() === undefined ? 64 : 4),
      1,
    ),
    trustedOrigins: new Set(trustedOrigins.map((url) => new URL(url).origin)),
    sensitiveHeaders: [
      ...defaultSensitiveHeaders,
      ...(options.sensitiveHeaders ?? []).map((name) => name.toLowerCase()),
    ],
    protocol,
    detect: detector(conventions),
    findProtocol: (name) => known.get(name) ?? builtInProtocol(name),
    reading,
    maxOutageMs: checkNumber(
      'maxOutageMs',
      options.maxOutageMs ?? 300_000,
      0,
      Number.POSITIVE_INFINITY,
    ),
    notReadyGraceMs: checkNumber(
      'notReadyGraceMs',
      options.notReadyGraceMs ?? 5_000,
      0,
      maxTimerMs,
    ),
    maxBodyBytes: checkInteger('maxBodyBytes', options.maxBodyBytes ?? 16 * 1024 * 1024, 1),
    shareAcrossTabs: checkBoolean('shareAcrossTabs', options.shareAcrossTabs ?? true),
    clock: checkClock(options.clock),
    random: checkRandom(options.random),
  }
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`Expected \`${name}\` to be a boolean, got ${JSON.stringify(value)}`)
  }
  return value
}

function checkClock(clock: unknown): Clock {
  if (clock === undefined) return systemClock
  const { now, sleep } = (clock ?? {}) as Partial<Clock>
  if (typeof now !== 'function' || typeof sleep !== 'function') {
    throw new TypeError('Expected `clock` to be an object with `now()` and `sleep(ms, signal)`')
  }
  return clock as Clock
}

function checkRandom(random: unknown): Random {
  checkFunction('random', random)
  return (random as Random | undefined) ?? Math.random
}

function normalizeProtocol(protocol: ProtocolName | Protocol): Protocol | undefined {
  if (protocol === 'auto') return undefined
  const builtIn = typeof protocol === 'string' ? builtInProtocol(protocol) : undefined
  if (builtIn) return builtIn
  if (isProtocol(protocol)) return protocol
  throw new TypeError(
    `Expected \`protocol\` to be one of ${Object.keys(protocols).join(', ')} or a protocol object with \`name\` and \`observe\`, got ${JSON.stringify(protocol)}`,
  )
}

/**
 * The app's own conventions, which `auto` asks before the built-in ones: protocol objects, one per
 * name, none named after a built-in but the built-in itself (`azure` from `pollwise/azure`, which
 * every client knows already).
 */
function checkConventions(conventions: unknown): readonly Protocol[] {
  if (!Array.isArray(conventions)) {
    throw new TypeError('Expected `conventions` to be an array of protocol objects')
  }
  const names = new Set<string>()
  conventions.forEach((convention: unknown, index) => {
    if (!isProtocol(convention)) {
      throw new TypeError(
        `Expected \`conventions[${index}]\` to be a protocol object with \`name\` and \`observe\`, got ${JSON.stringify(convention)}`,
      )
    }
    const builtIn = builtInProtocol(convention.name)
    if ((builtIn !== undefined && builtIn !== convention) || names.has(convention.name)) {
      throw new TypeError(
        `\`conventions[${index}]\` is named "${convention.name}", a name already taken: resume tokens find conventions by name`,
      )
    }
    names.add(convention.name)
  })
  return conventions
}

function isProtocol(value: unknown): value is Protocol {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Protocol).name === 'string' &&
    typeof (value as Protocol).observe === 'function'
  )
}

function normalizeBackoff(options: BackoffOptions): Backoff {
  const given = stripUndefined(options)
  // The default floor never exceeds a cap the user set lower.
  const minDelayMs = Math.min(
    defaultBackoff.minDelayMs,
    given.maxDelayMs ?? Number.POSITIVE_INFINITY,
  )
  const backoff: Backoff = { ...defaultBackoff, minDelayMs, ...given }
  checkNumber('backoff.initialDelayMs', backoff.initialDelayMs, 0, maxTimerMs)
  checkNumber('backoff.factor', backoff.factor, 1, 1000)
  checkNumber('backoff.maxDelayMs', backoff.maxDelayMs, 0, maxTimerMs)
  checkNumber('backoff.minDelayMs', backoff.minDelayMs, 0, backoff.maxDelayMs)
  if (!jitters.includes(backoff.jitter)) {
    throw new TypeError(
      `Expected \`backoff.jitter\` to be one of ${jitters.join(', ')}, got "${String(backoff.jitter)}"`,
    )
  }
  return backoff
}

export function checkStartOptions(options: StartOptions): void {
  if (options.json !== undefined && options.body !== undefined) {
    throw new TypeError('Pass either `json` or `body`, not both')
  }
  const key = options.idempotencyKey
  if (key !== undefined && typeof key !== 'boolean' && (typeof key !== 'string' || key === '')) {
    throw new TypeError('Expected `idempotencyKey` to be a boolean or a non-empty string')
  }
  if (
    options.method !== undefined &&
    (typeof options.method !== 'string' || !methodToken.test(options.method))
  ) {
    throw new TypeError(
      `Expected \`method\` to be an HTTP method name, got ${JSON.stringify(options.method)}`,
    )
  }
  if (options.submitWaitSeconds !== undefined) {
    checkInteger('submitWaitSeconds', options.submitWaitSeconds, 1)
  }
  checkFinalStateVia(options.finalStateVia)
  checkSignal(options.signal)
}

function checkFinalStateVia(value: unknown): void {
  if (value !== undefined && !finalStateVias.includes(value as FinalStateVia)) {
    throw new TypeError(
      `Expected \`finalStateVia\` to be one of ${finalStateVias.join(', ')}, got ${JSON.stringify(value)}`,
    )
  }
}

export function checkFollowOptions(options: FollowOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Expected `options` to be an object')
  }
  const { startedAt, finalStateVia } = options
  const time = startedAt instanceof Date ? startedAt.getTime() : startedAt
  if (time !== undefined && (typeof time !== 'number' || !Number.isFinite(time))) {
    throw new TypeError(
      `Expected \`startedAt\` to be epoch milliseconds or a valid Date, got ${String(startedAt)}`,
    )
  }
  checkFinalStateVia(finalStateVia)
}

function checkNumber(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw new TypeError(
      `Expected \`${name}\` to be a number from ${min} to ${max}, got ${String(value)}`,
    )
  }
  return value
}

function checkInteger(name: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(
      `Expected \`${name}\` to be an integer of at least ${min}, got ${String(value)}`,
    )
  }
  return value
}

/** Checks an http(s) URL and returns it absolute; `base` lets a page use relative ones. */
function checkHttpUrl(name: string, value: unknown, base?: string): string {
  const url =
    typeof value === 'string' && URL.canParse(value, base) ? new URL(value, base) : undefined
  if (url) refuseCredentials(name, url)
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const expected = base === undefined ? 'an absolute http(s) URL' : 'an http(s) URL'
    throw new TypeError(
      redactUrls(`Expected \`${name}\` to be ${expected}, got ${JSON.stringify(value)}`),
    )
  }
  return url.href
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>
}
