import { parseArgs } from 'node:util'
import type { ProtocolName } from '../index.js'
import { parseDuration } from './duration.js'
import { UsageError } from './usage-error.js'

/** The body of the submit, as the command line gave it. */
export type BodySource =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }

/** Where the operation comes from: a new submit, or a token saved by an earlier run. */
export type Source =
  | {
      readonly kind: 'start'
      readonly method: string
      readonly url: string
      readonly body?: BodySource
      readonly timeoutMs?: number
      readonly protocol?: ProtocolName
    }
  | { readonly kind: 'resume'; readonly file: string }

/** A run, settled: every value checked, nothing left to read from argv. */
export interface RunConfig {
  readonly source: Source
  /** `-H` headers in the order given, names lower-cased. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  readonly backoff: { readonly initialDelayMs?: number; readonly maxDelayMs?: number }
  readonly saveToken?: string
  /** Origins given with `--trust`: credential headers may go there (a token names none that is trusted). */
  readonly trustedOrigins: readonly string[]
  readonly quiet: boolean
  readonly cancelOnInterrupt: boolean
}

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly config: RunConfig }

export const protocolNames: readonly ProtocolName[] = [
  'auto',
  'generic',
  'http',
  'result',
  'azure',
  'google',
]

const options = {
  json: { type: 'string' },
  data: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  timeout: { type: 'string' },
  'backoff-initial': { type: 'string' },
  'backoff-max': { type: 'string' },
  protocol: { type: 'string' },
  'save-token': { type: 'string' },
  trust: { type: 'string', multiple: true },
  resume: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'cancel-on-interrupt': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const

/** Options that describe a new submit, so they make no sense with `--resume`. */
const submitOnly = ['json', 'data', 'timeout', 'protocol'] as const

/** An HTTP method is a token (RFC 9110 §5.6.2). */
const token = /^[!#$%&'*+.^_`|~\w-]+$/

/**
 * Fields that fetch sets itself or cannot honour, and refuses before anything is sent: the body's
 * framing (RFC 9110 §8.6, RFC 9112 §6.1), connection-specific fields (RFC 9113 §8.2.2), and
 * `Expect`, whose 100-continue needs an interim answer fetch does not wait for (RFC 9110 §10.1.1).
 */
const fetchOwnedHeaders = ['content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect']

/** Methods fetch refuses to send (the Fetch standard's forbidden methods). */
const forbiddenMethods = ['CONNECT', 'TRACE', 'TRACK']

/**
 * Reads the command line (without `node` and the script) into a command, checking every value.
 *
 * @throws `UsageError` that says what is wrong.
 * @example
 * parseCommandLine(['POST', 'https://api.example.com/reports', '--json', '{"month":"2026-10"}'])
 */
export function parseCommandLine(argv: readonly string[]): Command {
  const { values, positionals } = readArgv(argv)
  if (values.help) return { kind: 'help' }
  if (values.version) return { kind: 'version' }
  if (values.json !== undefined && values.data !== undefined) {
    throw new UsageError('give the body with --json or with --data, not both')
  }
  const source =
    values.resume === undefined
      ? startSource(positionals, values)
      : resumeSource(values, positionals)
  return {
    kind: 'run',
    config: {
      source,
      headers: (values.header ?? []).map(parseHeader),
      backoff: {
        ...optional('initialDelayMs', duration('--backoff-initial', values['backoff-initial'])),
        ...optional('maxDelayMs', duration('--backoff-max', values['backoff-max'])),
      },
      ...optional('saveToken', nonEmpty('--save-token', values['save-token'])),
      trustedOrigins: (values.trust ?? []).map(origin),
      quiet: values.quiet === true,
      cancelOnInterrupt: values['cancel-on-interrupt'] === true,
    },
  }
}

type Values = ReturnType<typeof readArgv>['values']

function readArgv(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function startSource(positionals: readonly string[], values: Values): Source {
  const [method, url, extra] = positionals
  if (method === undefined) throw new UsageError('missing METHOD and URL')
  if (url === undefined) {
    throw new UsageError(
      URL.canParse(method)
        ? `missing METHOD before the URL: pollwise POST ${method}`
        : 'missing URL after the METHOD',
    )
  }
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`)
  if (!token.test(method)) throw new UsageError(`"${method}" is not an HTTP method`)
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  // Fetch refuses such a URL with an error that quotes it, password and all: say so, without it.
  if (parsed && (parsed.username !== '' || parsed.password !== '')) {
    throw new UsageError(
      'the URL holds credentials (user:password@), which fetch refuses: send them with -H "authorization: Basic ..."',
    )
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new UsageError(`"${url}" is not an absolute http(s) URL`)
  }
  const upper = method.toUpperCase()
  if (forbiddenMethods.includes(upper)) {
    throw new UsageError(`${upper} is a method fetch does not send (the Fetch standard forbids it)`)
  }
  const body = bodySource(values)
  // Fetch's Request refuses a body on these: a TypeError that would read as a bug in pollwise.
  if (body !== undefined && (upper === 'GET' || upper === 'HEAD')) {
    throw new UsageError(`a ${upper} request carries no body: drop --json or --data, or use POST`)
  }
  const timeoutMs = duration('--timeout', values.timeout)
  if (timeoutMs === 0) throw new UsageError('--timeout must be longer than 0ms')
  return {
    kind: 'start',
    method: upper,
    url: parsed.href,
    ...optional('body', body),
    ...optional('timeoutMs', timeoutMs),
    ...optional('protocol', protocol(values.protocol)),
  }
}

function resumeSource(values: Values, positionals: readonly string[]): Source {
  if (positionals.length > 0) {
    throw new UsageError(
      '--resume continues the operation saved in its file: give no METHOD or URL with it',
    )
  }
  const given = submitOnly.find((name) => values[name] !== undefined)
  if (given !== undefined) {
    throw new UsageError(
      `--${given} describes a new submit; a resumed operation keeps its own (the deadline too)`,
    )
  }
  return { kind: 'resume', file: nonEmpty('--resume', values.resume) ?? '' }
}

function bodySource(values: Values): BodySource | undefined {
  if (values.json !== undefined) {
    try {
      return { kind: 'json', value: JSON.parse(values.json) }
    } catch (error) {
      throw new UsageError(`--json is not valid JSON: ${(error as Error).message}`)
    }
  }
  const data = values.data
  if (data === undefined) return undefined
  if (!data.startsWith('@')) return { kind: 'text', text: data }
  return { kind: 'file', path: nonEmpty('--data @FILE', data.slice(1)) ?? '' }
}

/**
 * `'name: value'` into a checked, lower-cased name and a trimmed value. A refusal never quotes the
 * value, nor a text without a name: either may be a credential (`-H "$TOKEN"`), and stderr goes
 * to CI logs.
 */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':')
  const name = text.slice(0, colon).trim().toLowerCase()
  const value = text.slice(colon + 1).trim()
  if (colon <= 0 || !token.test(name)) {
    throw new UsageError(
      '-H takes a header, "name: value"; one is not (not shown: it may hold a credential)',
    )
  }
  if (fetchOwnedHeaders.includes(name)) {
    throw new UsageError(`-H "${name}" is not a header to give: fetch sets it or cannot send it`)
  }
  try {
    new Headers([[name, value]])
  } catch {
    throw new UsageError(`-H "${name}: ..." has a value a header cannot carry`)
  }
  return [name, value]
}

function protocol(name: string | undefined): ProtocolName | undefined {
  if (name === undefined) return undefined
  if (!(protocolNames as readonly string[]).includes(name)) {
    throw new UsageError(`--protocol must be one of ${protocolNames.join(', ')}, got "${name}"`)
  }
  return name as ProtocolName
}

function duration(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  try {
    return parseDuration(text)
  } catch (error) {
    throw new UsageError(`${option}: ${(error as Error).message}`)
  }
}

/** A `--trust` value: an http(s) URL, of which the origin counts. */
function origin(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--trust "${text}" is not an http(s) origin`)
  }
  return url.origin
}

function nonEmpty(option: string, text: string | undefined): string | undefined {
  if (text === '') throw new UsageError(`${option} needs a file name`)
  return text
}

/** `{ [key]: value }`, or nothing for `undefined`: optional fields under exactOptionalPropertyTypes. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
