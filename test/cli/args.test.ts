import { describe, expect, it } from 'vitest'
import { parseCommandLine, parseHeader, type RunConfig } from '../../src/cli/args.js'
import { UsageError } from '../../src/cli/usage-error.js'

const url = 'https://api.example.com/reports'

function config(argv: string[]): RunConfig {
  const command = parseCommandLine(argv)
  if (command.kind !== 'run') throw new Error(`expected a run, got ${command.kind}`)
  return command.config
}

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as Error).message
  }
  throw new Error(`no usage error for ${JSON.stringify(argv)}`)
}

describe('parseCommandLine', () => {
  it('settles every option into a plain config', () => {
    expect(
      config([
        'post',
        url,
        '--json',
        '{"month":"2026-10"}',
        '-H',
        'Authorization: Bearer t',
        '--header',
        'x-trace:  a:b ',
        '--timeout',
        '10m',
        '--backoff-initial',
        '500ms',
        '--backoff-max',
        '30s',
        '--protocol',
        'azure',
        '--save-token',
        'op.json',
        '--quiet',
        '--cancel-on-interrupt',
      ]),
    ).toEqual({
      source: {
        kind: 'start',
        method: 'POST',
        url,
        body: { kind: 'json', value: { month: '2026-10' } },
        timeoutMs: 600_000,
        protocol: 'azure',
      },
      headers: [
        ['authorization', 'Bearer t'],
        ['x-trace', 'a:b'],
      ],
      backoff: { initialDelayMs: 500, maxDelayMs: 30_000 },
      saveToken: 'op.json',
      trustedOrigins: [],
      quiet: true,
      cancelOnInterrupt: true,
    })
  })

  it('leaves out what was not given', () => {
    expect(config(['GET', url])).toEqual({
      source: { kind: 'start', method: 'GET', url },
      headers: [],
      backoff: {},
      trustedOrigins: [],
      quiet: false,
      cancelOnInterrupt: false,
    })
  })

  it('reads --data as a literal string, or @FILE as a file to read', () => {
    expect(config(['POST', url, '--data', 'a=1']).source).toMatchObject({
      body: { kind: 'text', text: 'a=1' },
    })
    expect(config(['POST', url, '--data', '@body.bin']).source).toMatchObject({
      body: { kind: 'file', path: 'body.bin' },
    })
  })

  it('reads --resume FILE with the options that apply to any run', () => {
    expect(config(['--resume', 'op.json', '-H', 'a: 1', '--backoff-max', '5s', '-q'])).toEqual({
      source: { kind: 'resume', file: 'op.json' },
      headers: [['a', '1']],
      backoff: { maxDelayMs: 5000 },
      trustedOrigins: [],
      quiet: true,
      cancelOnInterrupt: false,
    })
  })

  it('reads each --trust as an origin, and refuses one that is not http(s)', () => {
    const trusted = config([
      '--resume',
      'op.json',
      '--trust',
      'https://api.example.com/v2/jobs',
      '--trust',
      'http://127.0.0.1:8080',
    ]).trustedOrigins
    expect(trusted).toEqual(['https://api.example.com', 'http://127.0.0.1:8080'])
    expect(() => parseCommandLine(['GET', 'https://a.example', '--trust', 'ftp://x'])).toThrow(
      '--trust "ftp://x" is not an http(s) origin',
    )
  })

  it('answers --help and --version before anything else', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' })
    expect(parseCommandLine(['POST', '-h'])).toEqual({ kind: 'help' })
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' })
  })

  it.each([
    [[], 'missing METHOD and URL'],
    [['POST'], 'missing URL after the METHOD'],
    [[url], `missing METHOD before the URL: pollwise POST ${url}`],
    [['POST', url, 'extra'], 'unexpected argument "extra"'],
    [['PO ST', url], '"PO ST" is not an HTTP method'],
    [['POST', '/reports'], '"/reports" is not an absolute http(s) URL'],
    [['POST', 'ftp://example.com/x'], '"ftp://example.com/x" is not an absolute http(s) URL'],
    [
      ['POST', url, '--json', '{}', '--data', 'x'],
      'give the body with --json or with --data, not both',
    ],
    [['POST', url, '--data', '@'], '--data @FILE needs a file name'],
    [
      ['POST', url, '--timeout', '10'],
      '--timeout: "10" is not a duration: a duration needs a unit: 10ms, 10s, 10m or 10h',
    ],
    [['POST', url, '--timeout', '0s'], '--timeout must be longer than 0ms'],
    [['POST', url, '--backoff-max', 'soon'], '--backoff-max: "soon" is not a duration'],
    [
      ['POST', url, '--protocol', 'soap'],
      '--protocol must be one of auto, generic, http, result, azure, google, got "soap"',
    ],
    [
      ['POST', url, '-H', 'no colon'],
      '-H takes a header, "name: value"; one is not (not shown: it may hold a credential)',
    ],
    [
      ['POST', 'https://ci:hunter2@api.example.com/x'],
      'the URL holds credentials (user:password@), which fetch refuses',
    ],
    [['POST', url, '--save-token', ''], '--save-token needs a file name'],
    [
      ['--resume', 'op.json', 'GET', url],
      '--resume continues the operation saved in its file: give no METHOD or URL with it',
    ],
    [['--resume', 'op.json', '--json', '{}'], '--json describes a new submit'],
    [
      ['--resume', 'op.json', '--timeout', '1m'],
      '--timeout describes a new submit; a resumed operation keeps its own (the deadline too)',
    ],
    [['--resume', 'op.json', '--protocol', 'google'], '--protocol describes a new submit'],
  ])('refuses %j', (argv, message) => {
    expect(usageError(argv)).toContain(message)
  })

  it("passes on parseArgs's own message for an unknown option or a missing value", () => {
    expect(usageError(['POST', url, '--retries', '3'])).toMatch(/Unknown option '--retries'/)
    expect(usageError(['POST', url, '--timeout'])).toMatch(/'--timeout <value>' argument missing/)
    expect(usageError(['POST', url, '--quiet=yes'])).toMatch(/--quiet/)
  })

  it('refuses --json that is not JSON, with the parser’s reason', () => {
    expect(usageError(['POST', url, '--json', "{month:'10'}"])).toMatch(
      /^--json is not valid JSON: /,
    )
  })
})

describe('parseHeader', () => {
  it('lower-cases the name and trims the value, keeping colons in it', () => {
    expect(parseHeader('X-Api-Key:  k:1  ')).toEqual(['x-api-key', 'k:1'])
    expect(parseHeader('x-empty:')).toEqual(['x-empty', ''])
  })

  it.each([': value', 'bad name: v', 'novalue'])('refuses %j', (text) => {
    expect(() => parseHeader(text)).toThrow(UsageError)
  })

  it('refuses a value a header cannot carry', () => {
    expect(() => parseHeader('x-a: line\nbreak')).toThrow('has a value a header cannot carry')
  })
})
