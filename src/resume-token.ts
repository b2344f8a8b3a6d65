import type { PollState } from './poll-loop.js'
import { isRecord } from './protocols/json.js'
import type { Protocol, SubmitInfo } from './protocols/types.js'

/** The format version a token carries; a token of another version is refused. */
const version = 1

/**
 * Everything needed to continue an operation after a reload or a restart, as plain JSON. It holds
 * URLs, the convention's name and the schedule, and never a header value.
 */
export interface ResumeToken {
  readonly pollwise: typeof version
  readonly protocol: string
  readonly statusUrl: string
  /** The URL polled next: the status URL, or the result link once named. */
  readonly target: string
  readonly phase: 'status' | 'result'
  readonly submit: SubmitInfo
  readonly startedAt: number
  readonly deadline: number
  readonly attempt: number
  readonly nextPollAt: number
  readonly answered: boolean
  readonly resultUrl?: string
}

export function toResumeToken(state: PollState): ResumeToken {
  return {
    pollwise: version,
    protocol: state.protocol.name,
    statusUrl: state.statusUrl,
    target: state.target,
    phase: state.phase,
    submit: {
      method: state.submit.method,
      url: state.submit.url,
      ...(state.submit.location === undefined ? {} : { location: state.submit.location }),
    },
    startedAt: state.startedAt,
    deadline: state.deadline,
    attempt: state.attempt,
    nextPollAt: state.nextPollAt,
    answered: state.answered,
    ...(state.resultUrl === undefined ? {} : { resultUrl: state.resultUrl }),
  }
}

/**
 * Rebuilds the poll state from a token, checking every field: a malformed or foreign token is a
 * `TypeError` that says what is wrong. `findProtocol` maps the recorded name to a convention.
 */
export function fromResumeToken(
  value: unknown,
  findProtocol: (name: string) => Protocol | undefined,
  trustedOrigins: ReadonlySet<string>,
): PollState {
  if (typeof value === 'string')
    return fromResumeToken(parseJson(value), findProtocol, trustedOrigins)
  if (!isRecord(value) || !('pollwise' in value)) {
    throw new TypeError(
      'Not a pollwise resume token: expected the value of JSON.stringify(operation)',
    )
  }
  if (value.pollwise !== version) {
    throw new TypeError(
      `Unsupported resume token version ${JSON.stringify(value.pollwise)}; this pollwise reads version ${version}`,
    )
  }
  const protocolName = field(value, 'protocol', 'string')
  const protocol = findProtocol(protocolName)
  if (!protocol) throw new TypeError(`Resume token names an unknown protocol "${protocolName}"`)
  const submit = value.submit
  if (!isRecord(submit)) throw new TypeError('Resume token field `submit` must be an object')
  const submitUrl = httpUrl(submit, 'url')
  const phase = field(value, 'phase', 'string')
  if (phase !== 'status' && phase !== 'result') {
    throw new TypeError(`Resume token field \`phase\` must be "status" or "result", got "${phase}"`)
  }
  const resultUrl = value.resultUrl === undefined ? undefined : httpUrl(value, 'resultUrl')
  const location = submit.location === undefined ? undefined : field(submit, 'location', 'string')
  const attempt = field(value, 'attempt', 'number')
  return {
    statusUrl: httpUrl(value, 'statusUrl'),
    target: httpUrl(value, 'target'),
    phase,
    protocol,
    submit: { method: field(submit, 'method', 'string'), url: submitUrl, location },
    trustedOrigins: new Set([...trustedOrigins, new URL(submitUrl).origin]),
    startedAt: field(value, 'startedAt', 'number'),
    deadline: field(value, 'deadline', 'number'),
    attempt,
    step: attempt,
    nextPollAt: field(value, 'nextPollAt', 'number'),
    previousDelayMs: 0,
    answered: field(value, 'answered', 'boolean'),
    resultHops: 0,
    ...(resultUrl === undefined ? {} : { resultUrl }),
  }
}

type Kinds = { string: string; number: number; boolean: boolean }

function field<K extends keyof Kinds>(
  object: Record<string, unknown>,
  name: string,
  kind: K,
): Kinds[K] {
  const entry = object[name]
  const ok = kind === 'number' ? Number.isFinite(entry) : typeof entry === kind
  if (!ok)
    throw new TypeError(
      `Resume token field \`${name}\` must be a ${kind}, got ${JSON.stringify(entry)}`,
    )
  return entry as Kinds[K]
}

function httpUrl(object: Record<string, unknown>, name: string): string {
  const value = field(object, name, 'string')
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`Resume token field \`${name}\` must be an http(s) URL, got "${value}"`)
  }
  return url.href
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new TypeError('Not a pollwise resume token: the string is not JSON')
  }
}
