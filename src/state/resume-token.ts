import { isRecord } from '../protocols/json.js'
import { redactUrls } from '../redact-urls.js'
import {
  type FinalStateVia,
  finalStateVias,
  type Protocol,
  type SubmitInfo,
} from '../types/protocol.js'
import type { ResumeToken, ResumeTokenVersion } from '../types/resume-token.js'
import { refuseCredentials } from '../urls.js'
import { createPollState, type PollState } from './poll-state.js'

/** The format version a token carries; a token of another version is refused. */
const version: ResumeTokenVersion = 2

/**
 * Submits whose URL names the resource they settle, so that a GET there reads it again (RFC 9110
 * §9.3.1, §9.3.4; RFC 5789). A `POST`'s URL is the resource that processed it (§9.3.3).
 */
const rereadableSubmits = new Set(['GET', 'PUT', 'PATCH'])

/**
 * The token of the operation in `state`; `settledAtSubmit`: the submit's answer settled it, and
 * a token of one whose submit URL does not read it again says so, to be refused on resume.
 */
export function toResumeToken(state: PollState, settledAtSubmit = false): ResumeToken {
  const { submit } = state
  return {
    pollwise: version,
    protocol: state.protocol.name,
    statusUrl: state.statusUrl,
    target: state.target,
    stage: state.stage,
    submit: {
      method: submit.method,
      url: submit.url,
      ...(submit.location === undefined ? {} : { location: submit.location }),
      ...(submit.monitor === undefined ? {} : { monitor: submit.monitor }),
      ...(submit.finalStateVia === undefined ? {} : { finalStateVia: submit.finalStateVia }),
    },
    startedAt: state.startedAt,
    deadline: state.deadline,
    attempt: state.attempt,
    nextPollAt: state.nextPollAt,
    answered: state.answered,
    ...(state.resultUrl === undefined ? {} : { resultUrl: state.resultUrl }),
    ...(state.outageSince === undefined ? {} : { outageSince: state.outageSince }),
    // While the target has not answered, its 404 and 409 grace counts from here.
    ...(state.answered ? {} : { targetSince: state.targetSince }),
    ...(state.resultHops === 0 ? {} : { resultHops: state.resultHops }),
    ...(settledAtSubmit && !rereadableSubmits.has(submit.method) ? { settledAtSubmit: true } : {}),
  }
}

const settledAtSubmitMessage =
  "Resume token of an operation its submit's answer settled: there is no status location to read it again, and a token holds no result (the operation's wait() gave it)"

/**
 * Rebuilds the poll state from a token, checking every field: a malformed or foreign token is a
 * `TypeError` that says what is wrong. `findProtocol` maps the recorded name to a convention;
 * `trustedOrigins` are the resuming client's, whatever origins the token names.
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
  if (value.settledAtSubmit === true) throw new TypeError(settledAtSubmitMessage)
  const protocolName = field(value, 'protocol', 'string')
  const protocol = findProtocol(protocolName)
  if (!protocol) throw new TypeError(`Resume token names an unknown protocol "${protocolName}"`)
  const stage = field(value, 'stage', 'string')
  if (stage !== 'status' && stage !== 'result') {
    throw new TypeError(`Resume token field \`stage\` must be "status" or "result", got "${stage}"`)
  }
  const resultUrl = value.resultUrl === undefined ? undefined : httpUrl(value, 'resultUrl')
  const outageSince = optional(value, 'outageSince')
  const targetSince = optional(value, 'targetSince')
  const resultHops = value.resultHops === undefined ? 0 : count(value, 'resultHops')
  const startedAt = field(value, 'startedAt', 'number')
  const deadline = field(value, 'deadline', 'number')
  if (deadline < startedAt) {
    throw new TypeError(
      `Resume token field \`deadline\` (${deadline}) must not be before \`startedAt\` (${startedAt})`,
    )
  }
  return createPollState({
    statusUrl: httpUrl(value, 'statusUrl'),
    target: httpUrl(value, 'target'),
    stage,
    protocol,
    submit: readSubmit(value.submit),
    trustedOrigins,
    startedAt,
    deadline,
    attempt: count(value, 'attempt'),
    nextPollAt: field(value, 'nextPollAt', 'number'),
    answered: field(value, 'answered', 'boolean'),
    ...(resultUrl === undefined ? {} : { resultUrl }),
    ...(outageSince === undefined ? {} : { outageSince }),
    ...(targetSince === undefined ? {} : { targetSince }),
    resultHops,
  })
}

function readSubmit(submit: unknown): SubmitInfo {
  if (!isRecord(submit)) throw new TypeError('Resume token field `submit` must be an object')
  const finalStateVia = submit.finalStateVia
  if (finalStateVia !== undefined && !finalStateVias.includes(finalStateVia as FinalStateVia)) {
    throw new TypeError(
      `Resume token field \`submit.finalStateVia\` must be one of ${finalStateVias.join(', ')}, got ${JSON.stringify(finalStateVia)}`,
    )
  }
  return {
    method: field(submit, 'method', 'string'),
    url: httpUrl(submit, 'url'),
    location: submit.location === undefined ? undefined : httpUrl(submit, 'location'),
    monitor: submit.monitor === undefined ? undefined : httpUrl(submit, 'monitor'),
    finalStateVia: finalStateVia as FinalStateVia | undefined,
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

function optional(object: Record<string, unknown>, name: string): number | undefined {
  return object[name] === undefined ? undefined : field(object, name, 'number')
}

function count(object: Record<string, unknown>, name: string): number {
  const entry = object[name]
  if (!Number.isSafeInteger(entry) || (entry as number) < 0) {
    throw new TypeError(
      `Resume token field \`${name}\` must be a non-negative integer, got ${JSON.stringify(entry)}`,
    )
  }
  return entry as number
}

function httpUrl(object: Record<string, unknown>, name: string): string {
  const value = field(object, name, 'string')
  const url = URL.canParse(value) ? new URL(value) : undefined
  // Refused as a location with them is.
  if (url) refuseCredentials(name, url)
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(
      redactUrls(`Resume token field \`${name}\` must be an http(s) URL, got "${value}"`),
    )
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
