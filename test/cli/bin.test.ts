import { readFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HttpResponse, http } from 'msw'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startHttpServer } from '../../mocks/http-server.js'
import { createTaskServer, type TaskServer } from '../../mocks/task-server.js'
import { assertBuilt, polledUrl, runCli } from './run-cli.js'

// The built bin against the reference server on a real loopback socket: each outcome's stdout,
// stderr and exit code. Runs concurrently: every test follows its own job. A child's start-up
// takes a second or more on a busy machine, hence the timeouts above vitest's 5 s.

let task: TaskServer
let server: RunningServer
const fast = ['--backoff-initial', '50ms', '--backoff-max', '100ms']
const job = (spec: Record<string, unknown>) => ['--json', JSON.stringify({ job: spec })]

beforeAll(async () => {
  assertBuilt()
  task = createTaskServer()
  server = await startHttpServer([
    ...task.handlers,
    // A server that breaks the protocol: 202 Accepted naming no status location.
    http.post('*/no-location', () => new HttpResponse(null, { status: 202 })),
  ])
})

afterAll(async () => {
  await server?.close()
})

const tokenFile = () => join(tmpdir(), `pollwise-cli-${process.pid}-${Math.random()}.json`)

describe.concurrent('pollwise METHOD URL', { timeout: 15_000 }, () => {
  it('prints exactly the JSON result on stdout and plain progress lines on stderr, exit 0', async () => {
    const result = { rows: 3, name: 'report' }
    const run = await runCli([
      'POST',
      `${server.url}/jobs`,
      ...job({ durationMs: 1500, steps: 3, result }),
      ...fast,
    ])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`${JSON.stringify(result)}\n`)
    expect(JSON.parse(run.stdout)).toEqual(result)
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^pollwise: submitted POST http:\/\/127\.0\.0\.1:\d+\/jobs; polling /)
    expect(lines).toContainEqual(expect.stringMatching(/^pollwise: running \d+%.* \(poll \d+, /))
    expect(lines.at(-1)).toMatch(/^pollwise: completed 100% \(poll \d+, /)
    // Not a terminal: no redraw, no escape sequence.
    expect(run.stderr).not.toContain('\r')
    expect(run.stderr).not.toContain('\u001b')
  })

  it('shows no query value of a URL on stderr, which goes to CI logs; the result is whole', async () => {
    const result = { rows: 1 }
    const run = await runCli([
      'POST',
      `${server.url}/jobs?code=s3cr3t-q7&api-version=2024-01-01`,
      ...job({ durationMs: 300, result }),
      ...fast,
    ])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual(result)
    expect(run.stderr).toMatch(
      /^pollwise: submitted POST http:\/\/127\.0\.0\.1:\d+\/jobs\?code=REDACTED&api-version=2024-01-01; polling /,
    )
    expect(run.stderr).not.toContain('s3cr3t-q7')
  })

  it('prints nothing on stderr with --quiet', async () => {
    const run = await runCli([
      'POST',
      `${server.url}/jobs`,
      ...job({ durationMs: 200, result: 'quiet' }),
      ...fast,
      '--quiet',
    ])
    expect(run).toEqual({ code: 0, stdout: 'quiet', stderr: '' })
  })

  it("writes a binary result's bytes as they are", async () => {
    const run = await runCli(['POST', `${server.url}/start-report`, ...job({ durationMs: 200 })])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('%PDF-1.7 report-555.pdf')
  })

  it('sends --data @FILE as the body with -H headers; content-type with the submit only', async () => {
    const file = fileURLToPath(new URL('fixtures/job.json', import.meta.url))
    const run = await runCli([
      'POST',
      `${server.url}/jobs`,
      '--data',
      `@${file}`,
      '-H',
      'Content-Type: application/json',
      '-H',
      'authorization: Bearer cli-test',
      ...fast,
      '-q',
    ])
    expect(run).toEqual({ code: 0, stdout: '{"from":"a file"}\n', stderr: '' })
    const body = readFileSync(file, 'utf8')
    const submit = task.requests.findIndex((r) => r.method === 'POST' && r.body === body)
    expect(task.requests[submit]?.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer cli-test',
    })
    // This run's polls: the only later requests that carry its credential.
    const polls = task.requests
      .slice(submit + 1)
      .filter((r) => r.headers.authorization === 'Bearer cli-test')
    expect(polls.length).toBeGreaterThan(0)
    for (const poll of polls) expect(poll.headers['content-type']).toBeUndefined()
  })

  it('exits 1 when the operation failed, with the server detail on stderr', async () => {
    const run = await runCli([
      'POST',
      `${server.url}/jobs`,
      ...job({ durationMs: 200, outcome: 'failed' }),
      ...fast,
    ])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^pollwise: the operation failed: .*JobFailed/m)
  })

  it('exits 3 when the server canceled the operation', async () => {
    const run = await runCli([
      'POST',
      `${server.url}/jobs`,
      ...job({ durationMs: 200, outcome: 'canceled' }),
      ...fast,
    ])
    expect(run.code).toBe(3)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^pollwise: the operation was canceled: /m)
  })

  it('exits 4 when --timeout passes first', async () => {
    const run = await runCli([
      'POST',
      `${server.url}/jobs`,
      ...job({ durationMs: 10_000 }),
      ...fast,
      '--timeout',
      '200ms',
    ])
    expect(run.code).toBe(4)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^pollwise: timed out: Operation did not finish within \d+ ms/m)
  })

  it('exits 5 when the submit is refused with an HTTP error', async () => {
    const run = await runCli(['POST', `${server.url}/no-such-route`, ...job({})])
    expect(run.code).toBe(5)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^pollwise: HTTP error: .*404 Not Found: POST http:/m)
  })

  it('exits 6 when the network fails (a closed port)', async () => {
    const port = await closedPort()
    const run = await runCli(['POST', `http://127.0.0.1:${port}/jobs`, ...job({})])
    expect(run.code).toBe(6)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^pollwise: network error: .*ECONNREFUSED/m)
  })

  it('exits 7 when the server breaks the protocol (202 without a status location)', async () => {
    const run = await runCli(['POST', `${server.url}/no-location`, ...job({})])
    expect(run.code).toBe(7)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^pollwise: the server broke the protocol: /m)
  })

  it.each([
    [['POST'], /missing URL after the METHOD/],
    [['URL'], /missing METHOD before the URL: pollwise POST http/],
    [
      ['POST', 'URL', '--timeout', '10'],
      /--timeout: "10" is not a duration: a duration needs a unit/,
    ],
    [['POST', 'URL', '--json', '{}', '--data', 'x'], /--json or with --data, not both/],
    [['POST', 'URL', '--retries', '3'], /Unknown option '--retries'/],
    [['POST', 'URL', '--json', '{oops'], /--json is not valid JSON/],
    [['get', 'URL', '--json', '{}'], /a GET request carries no body/],
    [['HEAD', 'URL', '--data', 'x'], /a HEAD request carries no body/],
    [['connect', 'URL'], /CONNECT is a method fetch does not send/],
    [['TRACE', 'URL'], /TRACE is a method fetch does not send/],
    [['PUT', 'URL', '-H', 'transfer-encoding: chunked'], /-H "transfer-encoding" is not a header/],
    [['PUT', 'URL', '--data', 'abc', '-H', 'Content-Length: 5'], /-H "content-length" is not/],
    [['PUT', 'URL', '-H', 'expect: 100-continue'], /-H "expect" is not a header to give/],
  ])('exits 2 for bad input, sending nothing: %j', async (args, message) => {
    const url = `${server.url}/usage-check`
    const run = await runCli(args.map((arg) => (arg === 'URL' ? url : arg)))
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toMatch(/Run "pollwise --help" for usage\.\n$/)
    expect(task.count('POST', '/usage-check') + task.count('PUT', '/usage-check')).toBe(0)
  })

  it('prints --help and --version on stdout, exit 0', async () => {
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: pollwise METHOD URL \[options\]/)
    expect(help.stdout).toMatch(/130 interrupted/)
    const pkg = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string }
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' })
  })
})

describe.concurrent('Ctrl-C, --save-token and --resume', { timeout: 15_000 }, () => {
  it('stops on SIGINT with 130 and a resume hint; a second process resumes and prints the result', async () => {
    const file = tokenFile()
    const marker = `resume-${Math.random()}`
    try {
      const first = await runCli(
        ['POST', `${server.url}/jobs`, ...job({ durationMs: 1200, result: { marker } })]
          .concat(fast)
          .concat(['--save-token', file]),
        { onStderr: interruptAtFirstPoll },
      )
      expect(first.code).toBe(130)
      expect(first.stdout).toBe('')
      expect(first.stderr).toContain(`pollwise: to go on waiting: pollwise --resume ${file}`)
      const statusUrl = polledUrl(first.stderr)
      const token = JSON.parse(await readFile(file, 'utf8')) as { statusUrl: string }
      expect(token.statusUrl).toBe(statusUrl.href)

      const second = await runCli([
        '--resume',
        file,
        '-H',
        'authorization: Bearer resumed',
        '--trust',
        server.url,
        ...fast,
      ])
      expect(second.code).toBe(0)
      expect(JSON.parse(second.stdout)).toEqual({ marker })
      expect(second.stderr).toMatch(new RegExp(`^pollwise: resumed from .*; polling ${statusUrl}`))
      // One submit in all; the resumed polls carried the credential to the origin given with --trust.
      expect(task.requests.filter((r) => r.body.includes(marker))).toHaveLength(1)
      const polls = task.requests.filter((r) => r.method === 'GET' && r.path === statusUrl.pathname)
      expect(polls.at(-1)?.headers.authorization).toBe('Bearer resumed')
      expect(task.count('DELETE', statusUrl.pathname)).toBe(0)
    } finally {
      await rm(file, { force: true })
    }
  })

  it('resumed without --trust, sends no credential to the origin the file names, and says how to', async () => {
    const file = tokenFile()
    const marker = `untrusted-${Math.random()}`
    try {
      const first = await runCli(
        ['POST', `${server.url}/jobs`, ...job({ durationMs: 300, result: { marker } })]
          .concat(fast)
          .concat(['--save-token', file, '--quiet']),
      )
      expect(first.code).toBe(0)
      const { statusUrl } = JSON.parse(await readFile(file, 'utf8')) as { statusUrl: string }
      const before = task.requests.length
      const second = await runCli(['--resume', file, '-H', 'authorization: Bearer kept', ...fast])
      expect(second.code).toBe(0)
      expect(JSON.parse(second.stdout)).toEqual({ marker })
      expect(second.stderr).toContain(`add --trust ${server.url} to send them there`)
      // This operation's requests only: the other tests of this file run at the same time.
      const own = new URL(statusUrl).pathname
      const resumed = task.requests.slice(before).filter((r) => r.path.startsWith(own))
      expect(resumed.length).toBeGreaterThan(0)
      expect(resumed.every((r) => r.headers.authorization === undefined)).toBe(true)
    } finally {
      await rm(file, { force: true })
    }
  })

  it('stops on SIGTERM as on Ctrl-C, with 143 (128 + 15), the resume hint, and the token kept', async () => {
    const file = tokenFile()
    try {
      const run = await runCli(
        ['POST', `${server.url}/jobs`, ...job({ durationMs: 5000 }), ...fast, '--save-token', file],
        { onStderr: signalAtFirstPoll('SIGTERM') },
      )
      expect(run.code).toBe(143)
      expect(run.stderr).toContain(`pollwise: to go on waiting: pollwise --resume ${file}`)
      const token = JSON.parse(await readFile(file, 'utf8')) as { statusUrl: string }
      expect(token.statusUrl).toBe(polledUrl(run.stderr).href)
    } finally {
      await rm(file, { force: true })
    }
  })

  it('with --cancel-on-interrupt, SIGTERM asks the server to cancel (DELETE) and exits 3', async () => {
    const run = await runCli(
      [
        'POST',
        `${server.url}/jobs`,
        ...job({ durationMs: 5000 }),
        ...fast,
        '--cancel-on-interrupt',
      ],
      { onStderr: signalAtFirstPoll('SIGTERM') },
    )
    expect(run.code).toBe(3)
    const { pathname } = polledUrl(run.stderr)
    expect(task.count('DELETE', pathname)).toBe(1)
  })

  it('with --cancel-on-interrupt, SIGINT asks the server to cancel (DELETE) and exits 3', async () => {
    const run = await runCli(
      [
        'POST',
        `${server.url}/jobs`,
        ...job({ durationMs: 5000 }),
        ...fast,
        '--cancel-on-interrupt',
      ],
      { onStderr: interruptAtFirstPoll },
    )
    expect(run.code).toBe(3)
    expect(run.stdout).toBe('')
    const { pathname } = polledUrl(run.stderr)
    expect(task.count('DELETE', pathname)).toBe(1)
    expect(run.stderr).toMatch(/^pollwise: canceled: the server accepted the cancel of http/m)
  })
})

/** Sends SIGINT once, when the bin has reported its first poll. */
function interruptAtFirstPoll(stderr: string, child: import('node:child_process').ChildProcess) {
  signalAtFirstPoll('SIGINT')(stderr, child)
}

/** Sends `signal` once, when the bin has reported its first poll. */
function signalAtFirstPoll(signal: NodeJS.Signals) {
  return (stderr: string, child: import('node:child_process').ChildProcess) => {
    if (/^pollwise: running/m.test(stderr) && child.signalCode === null && !child.killed) {
      child.kill(signal)
    }
  }
}

/** A port on 127.0.0.1 that nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise((resolve) => probe.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
