import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { open, readFile, rm, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, cliPath } from './run-cli.js'

// The built bin as a CI job or a shell script uses it, against a node:http server on 127.0.0.1:
// what a script notices (the exit code, stdout byte for byte, stderr, the time to exit after a
// signal) and what the server saw. bin.test.ts covers each exit code once; this file probes the
// edges: pipes, signals mid-request, credentials in messages, a run killed without warning.

interface Seen {
  readonly method: string
  readonly path: string
  readonly headers: IncomingMessage['headers']
  readonly body: Buffer
}
type Route = (response: ServerResponse, request: Seen) => void

const seen: Seen[] = []
const routes = new Map<string, Route>()
let server: Server
let base: string
let next = 0

beforeAll(async () => {
  assertBuilt()
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = new URL(request.url ?? '/', base).pathname
      const entry = {
        method: request.method ?? '',
        path,
        headers: request.headers,
        body: Buffer.concat(chunks),
      }
      seen.push(entry)
      const route = routes.get(`${entry.method} ${path}`)
      if (route) route(response, entry)
      else response.writeHead(404, { 'content-length': 0 }).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  base = `http://127.0.0.1:${address.port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** A fresh path prefix, so that every test reads only its own requests. */
const prefix = () => `/t${++next}`
const requests = (path: string) => seen.filter((r) => r.path.startsWith(path))
const count = (method: string, path: string) =>
  seen.filter((r) => r.method === method && r.path === path).length

function json(response: ServerResponse, status: number, body: unknown, headers = {}) {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text)
}

/**
 * A job under a fresh prefix: `POST …/jobs` answers 202 with a status location whose answers are
 * `bodies` in turn (the last one repeated); a body `'hang'` is never answered. Returns the prefix
 * and a promise per hung answer that resolves when its connection closes.
 */
function job(bodies: ReadonlyArray<unknown>) {
  const at = prefix()
  let polls = 0
  const hung: Array<Promise<void>> = []
  routes.set(`POST ${at}/jobs`, (response) =>
    json(response, 202, { id: 1 }, { location: `${at}/status` }),
  )
  routes.set(`GET ${at}/status`, (response) => {
    const body = bodies[Math.min(polls++, bodies.length - 1)]
    if (body === 'hang') {
      hung.push(new Promise((resolve) => response.on('close', () => resolve())))
      response.flushHeaders()
      return
    }
    json(response, 200, body)
  })
  return { at, url: `${base}${at}/jobs`, hung }
}

interface Outcome {
  readonly code: number | null
  readonly stdout: Buffer
  readonly stderr: string
  /** When the process exited (`performance.now()`), before its pipes were drained. */
  readonly exitedAt: number
}

interface SpawnOptions {
  readonly env?: Record<string, string>
  readonly stdin?: string | Buffer
  /** Called with all of stderr so far, each time more arrives. */
  readonly onStderr?: (stderr: string, child: ChildProcess) => void
  /** Closes the reading end of stdout at the first byte, as `| head -c 1` does. */
  readonly closeStdout?: boolean
  /** Closes the reading end of stderr at its first line, as `2> >(head -n 1)` does. */
  readonly closeStderr?: boolean
  /** Reads nothing from stdout, as a stalled reader: the pipe fills up and the writer waits. */
  readonly stallStdout?: boolean
  /** Called once the child is spawned. */
  readonly onSpawn?: (child: ChildProcess) => void
  /** A pipe on stdin that the test writes to (from `onSpawn`) and leaves open. */
  readonly openStdin?: boolean
  /** A file descriptor for stdout in place of a pipe, such as /dev/full's. */
  readonly stdoutFd?: number
}

/** The bin with pipes on every stream (none a terminal); SIGKILLed past 12 s. */
function pollwise(args: readonly string[], options: SpawnOptions = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env }
    // Color and terminal hints a CI runner may set; stdout and stderr are pipes all the same.
    env.FORCE_COLOR = env.FORCE_COLOR ?? '0'
    const child = spawn(process.execPath, [cliPath, ...args], {
      env,
      stdio: [
        options.stdin === undefined && !options.openStdin ? 'ignore' : 'pipe',
        options.stdoutFd ?? 'pipe',
        'pipe',
      ],
    })
    options.onSpawn?.(child)
    if (options.stallStdout) child.stdout?.pause()
    if (options.stdin !== undefined) child.stdin?.end(options.stdin)
    const stdout: Buffer[] = []
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.push(chunk)
      if (options.closeStdout) child.stdout?.destroy()
    })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      options.onStderr?.(stderr, child)
      if (options.closeStderr) child.stderr?.destroy()
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 12_000)
    child.on('error', reject)
    let exitedAt = 0
    child.on('exit', () => {
      exitedAt = performance.now()
      // What a stalled reader left in the pipe, drained so that the streams close.
      child.stdout?.resume()
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (signal === 'SIGKILL' && !options.onStderr && !options.onSpawn) {
        reject(new Error(`pollwise ${args.join(' ')} hung:\n${stderr}`))
      } else resolve({ code, stdout: Buffer.concat(stdout), stderr, exitedAt })
    })
  })
}

const fast = ['--backoff-initial', '30ms', '--backoff-max', '60ms']
const secret = 'Bearer s3cr3t-7f2a9c'
const auth = ['-H', `authorization: ${secret}`]
const stackLine = /^\s+at /m

/** Sends `signal` once, the first time stderr matches `when`; records when it was sent. */
function signalWhen(when: RegExp, signal: NodeJS.Signals, sent: number[]) {
  return (stderr: string, child: ChildProcess) => {
    if (sent.length === 0 && when.test(stderr)) {
      sent.push(performance.now())
      child.kill(signal)
    }
  }
}

/** Resolves once the server has seen `method path`. */
async function seenOnce(method: string, path: string): Promise<void> {
  while (count(method, path) === 0) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe.concurrent('stdout is the result and nothing else', { timeout: 20_000 }, () => {
  it('prints compact JSON alone on stdout; stderr has plain pollwise: lines, no escape, with NO_COLOR', async () => {
    const result = { rows: [1, 2], name: 'näme "quoted"' }
    const { url } = job([
      { status: 'running', progress: 0 },
      { status: 'running', progress: 40 },
      { status: 'succeeded', result },
    ])
    const run = await pollwise(['POST', url, '--json', '{}', ...fast], {
      env: { NO_COLOR: '1', TERM: 'xterm-256color' },
    })
    expect(run.code).toBe(0)
    expect(run.stdout.toString('utf8')).toBe(`${JSON.stringify(result)}\n`)
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) expect(line).toMatch(/^pollwise: /)
    expect(run.stderr).not.toContain('\u001b')
    expect(run.stderr).not.toContain('\r')
  })

  it('writes a binary result through the pipe byte for byte (every byte value, 1 MiB)', async () => {
    const { at, url } = job([{ status: 'running' }, { status: 'done', result_url: 'report.pdf' }])
    const pdf = Buffer.alloc(1024 * 1024)
    for (let i = 0; i < pdf.length; i++) pdf[i] = (i * 7 + (i >> 8)) & 0xff
    Buffer.from('%PDF-1.7\n').copy(pdf)
    routes.set(`GET ${at}/report.pdf`, (response) =>
      response.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf),
    )
    const run = await pollwise(['POST', url, ...fast, '--quiet'])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(run.stdout.length).toBe(pdf.length)
    expect(run.stdout.equals(pdf)).toBe(true)
  })

  it('exits 0 without an error when the reader closes stdout early (| head -c 1)', async () => {
    const big = { rows: Array.from({ length: 100_000 }, (_, i) => `row ${i}`) }
    const { url } = job([{ status: 'succeeded', result: big }])
    const run = await pollwise(['POST', url, ...fast, '--quiet'], { closeStdout: true })
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
  })

  it.skipIf(!existsSync('/dev/full'))(
    'exits 74 with one line, no stack, when stdout cannot take the result (a full disk)',
    async () => {
      const { url } = job([{ status: 'succeeded', result: { rows: 'x'.repeat(10_000) } }])
      const full = await open('/dev/full', 'w')
      try {
        const run = await pollwise(['POST', url, ...fast, '--quiet'], { stdoutFd: full.fd })
        expect(run.code).toBe(74)
        expect(run.stderr).toMatch(/^pollwise: could not write the result: ENOSPC[^\n]*\n$/)
      } finally {
        await full.close()
      }
    },
  )

  it("escapes the control characters of a server's status word on stderr", async () => {
    const esc = String.fromCharCode(0x1b)
    const { url } = job([{ status: `run${esc}[31mning` }, { status: 'succeeded', result: 1 }])
    const run = await pollwise(['POST', url, ...fast])
    expect(run.code).toBe(0)
    expect(run.stderr).not.toContain(esc)
    expect(run.stderr).toContain('pollwise: run\\u001b[31mning (poll 1, ')
  })

  it('goes on polling and prints the result when the reader of stderr goes away', async () => {
    const { at, url } = job([
      ...Array.from({ length: 6 }, () => ({ status: 'running' })),
      { status: 'succeeded', result: { after: 'six polls' } },
    ])
    const run = await pollwise(['POST', url, ...fast], { closeStderr: true })
    expect(run.code).toBe(0)
    expect(run.stdout.toString()).toBe('{"after":"six polls"}\n')
    expect(count('GET', `${at}/status`)).toBe(7)
  })

  it('sends the bytes of stdin as the body with --data @-', async () => {
    const { at, url } = job([{ status: 'succeeded', result: 'ok' }])
    const body = Buffer.from('{"from":"stdin","bytes":"\u00e9\u0000"}')
    const run = await pollwise(
      ['POST', url, '--data', '@-', '-H', 'content-type: application/json', ...fast, '-q'],
      { stdin: body },
    )
    expect(run.code).toBe(0)
    expect(run.stdout.toString()).toBe('ok')
    const submits = requests(at).filter((r) => r.method === 'POST')
    expect(submits).toHaveLength(1)
    expect(submits[0]?.body.equals(body)).toBe(true)
    expect(submits[0]?.headers['content-type']).toBe('application/json')
  })
})

describe.concurrent('a failure: its code, one line on stderr, no stack, no credential', {
  timeout: 20_000,
}, () => {
  const cases: ReadonlyArray<
    readonly [name: string, setUp: () => string[], code: number, message: RegExp]
  > = [
    [
      'the operation failed',
      () => ['POST', job([{ status: 'failed', error: { message: 'quota exhausted' } }]).url],
      1,
      /^pollwise: the operation failed: .*quota exhausted/,
    ],
    [
      'canceled by the server',
      () => ['POST', job([{ status: 'running' }, { status: 'canceled' }]).url],
      3,
      /^pollwise: the operation was canceled: /,
    ],
    [
      'the deadline passed while a poll hangs',
      () => ['POST', job([{ status: 'running' }, 'hang']).url, '--timeout', '400ms'],
      4,
      /^pollwise: timed out: /,
    ],
    [
      'the deadline passed while the submit hangs',
      () => {
        const at = prefix()
        routes.set(`POST ${at}/jobs`, () => {})
        return ['POST', `${base}${at}/jobs`, '--timeout', '400ms']
      },
      4,
      /^pollwise: timed out: /,
    ],
    [
      'a 4xx on the submit',
      () => {
        const at = prefix()
        routes.set(`POST ${at}/jobs`, (response) =>
          json(response, 422, { title: 'month is required' }),
        )
        return ['POST', `${base}${at}/jobs`]
      },
      5,
      /^pollwise: HTTP error: .*422/,
    ],
    [
      'an unknown status word',
      () => ['POST', job([{ status: 'running' }, { status: 'mystery' }]).url],
      7,
      /^pollwise: the server broke the protocol: .*mystery/,
    ],
    [
      'an HTML page where a status body must be',
      () => {
        const { at, url } = job([{ status: 'running' }])
        let polls = 0
        routes.set(`GET ${at}/status`, (response) => {
          if (polls++ === 0) json(response, 200, { status: 'running' })
          else response.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>')
        })
        return ['POST', url]
      },
      7,
      /^pollwise: the server broke the protocol: /,
    ],
  ]

  it.each(cases)('%s', async (_, setUp, code, message) => {
    const run = await pollwise([...setUp(), ...auth, ...fast])
    expect(run.code).toBe(code)
    expect(run.stdout.length).toBe(0)
    const last = run.stderr.trimEnd().split('\n').at(-1) ?? ''
    expect(last).toMatch(message)
    expect(run.stderr).not.toMatch(stackLine)
    expect(run.stderr).not.toContain('s3cr3t')
  })

  it('retries a 503 on an idempotent submit three times, then exits 5', async () => {
    const at = prefix()
    routes.set(`PUT ${at}/jobs`, (response) => json(response, 503, {}, { 'retry-after': '0' }))
    const run = await pollwise(['PUT', `${base}${at}/jobs`, ...auth, ...fast, '-q'])
    expect(run.code).toBe(5)
    expect(count('PUT', `${at}/jobs`)).toBe(4)
    expect(run.stdout.length).toBe(0)
    expect(run.stderr).toMatch(/^pollwise: HTTP error: .*503[^\n]*\n$/)
    expect(run.stderr).not.toContain('s3cr3t')
  })

  it('exits 6 on a closed port without the credential in its message', async () => {
    const probe = createTcpServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as { port: number }
    await new Promise((resolve) => probe.close(resolve))
    const run = await pollwise(['PUT', `http://127.0.0.1:${port}/jobs`, ...auth, ...fast])
    expect(run.code).toBe(6)
    expect(run.stdout.length).toBe(0)
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/^pollwise: network error: /)
    expect(run.stderr).not.toContain('s3cr3t')
  })

  it.each([
    [['-H', `authorization ${secret}`], /-H takes a header, "name: value"; one is not/],
    [['-H', 's3cr3t-token-without-a-name'], /-H takes a header, "name: value"; one is not/],
    [['-H', `authorization: ${secret}\nx-injected: 1`], /-H "authorization: \.\.\." has a value/],
  ])('exits 2 on a malformed -H without echoing its value: %j', async (header, message) => {
    const at = prefix()
    const run = await pollwise(['POST', `${base}${at}/jobs`, ...header])
    expect(run.code).toBe(2)
    expect(run.stdout.length).toBe(0)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).not.toContain('s3cr3t')
    expect(requests(at)).toHaveLength(0)
  })

  it('refuses a URL with user:password@ as a usage error that does not print the password', async () => {
    const { at, url } = job([{ status: 'succeeded', result: 1 }])
    const withUser = url.replace('http://', 'http://ci:s3cr3t-pass@')
    const run = await pollwise(['POST', withUser, ...fast])
    expect(run.code).toBe(2)
    expect(run.stdout.length).toBe(0)
    expect(run.stderr).toMatch(/^pollwise: the URL holds credentials \(user:password@\)/)
    expect(run.stderr).not.toContain('s3cr3t')
    expect(run.stderr).not.toMatch(stackLine)
    expect(requests(at)).toHaveLength(0)
  })

  it.each([
    [['https://storage.example.com/jobs?sv=2024&sig=s3cr3t'], /missing METHOD before the URL/],
    [
      ['POST', 'ftp://files.example.com/x?sig=s3cr3t'],
      /"ftp:\/\/files\.example\.com\/x\?sig=REDACTED" is not/,
    ],
    [
      ['POST', 'https://api.example.com/x', '--trust', 'ftp://x/?sig=s3cr3t'],
      /--trust "ftp:\/\/x\/\?sig=REDACTED"/,
    ],
  ])('a usage error quoting a URL hides its query values: %j', async (args, message) => {
    const run = await pollwise(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).not.toContain('s3cr3t')
  })
})

// One child at a time: the time to exit after a signal is measured, and must not be another
// child's start-up on a busy machine.
describe('signals', { timeout: 20_000 }, () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s during a hung poll exits in < 1 s with %d, sends no DELETE, closes the request',
    async (signal, code) => {
      const { at, url, hung } = job([{ status: 'running' }, 'hang'])
      const sent: number[] = []
      const polled = seenOnce('GET', `${at}/status`)
      const run = await pollwise(['POST', url, ...fast], {
        onStderr: signalWhen(/^pollwise: running/m, signal, sent),
      })
      await polled
      expect(run.code).toBe(code)
      expect(run.stdout.length).toBe(0)
      expect(run.exitedAt - (sent[0] ?? 0)).toBeLessThan(1000)
      expect(run.stderr).toMatch(/^pollwise: interrupted; the operation may still run at http/m)
      expect(run.stderr).not.toMatch(stackLine)
      expect(count('DELETE', `${at}/status`)).toBe(0)
      // The poll in flight when the signal came is closed, not left to the server's timeout.
      await Promise.all(hung)
    },
  )

  it('SIGTERM with --cancel-on-interrupt, the cancel refused (409), exits 143 after one DELETE', async () => {
    const { at, url } = job([{ status: 'running' }])
    routes.set(`DELETE ${at}/status`, (response) => json(response, 409, { title: 'ended' }))
    const run = await pollwise(['POST', url, ...fast, '--cancel-on-interrupt'], {
      onStderr: signalWhen(/^pollwise: running/m, 'SIGTERM', []),
    })
    expect(run.code).toBe(143)
    expect(run.stdout.length).toBe(0)
    expect(run.stderr).toMatch(/^pollwise: interrupted; the server refused to cancel http/m)
    expect(count('DELETE', `${at}/status`)).toBe(1)
  })

  it('SIGTERM while the result waits on a stalled reader of stdout exits 143 in < 1 s', async () => {
    const { url } = job([{ status: 'succeeded', result: { rows: 'x'.repeat(4_000_000) } }])
    const sent: number[] = []
    const run = await pollwise(['POST', url, ...fast], {
      stallStdout: true,
      // The last progress line comes right before the result is written.
      onStderr: signalWhen(/^pollwise: succeeded/m, 'SIGTERM', sent),
    })
    expect(run.code).toBe(143)
    expect(run.exitedAt - (sent[0] ?? 0)).toBeLessThan(1000)
  })

  it('SIGINT during a hung submit exits 130 in < 1 s and says the server may have started it', async () => {
    const at = prefix()
    let closed: Promise<void> | undefined
    routes.set(`POST ${at}/jobs`, (response) => {
      closed = new Promise((resolve) => response.on('close', () => resolve()))
    })
    let child: ChildProcess | undefined
    const running = pollwise(['POST', `${base}${at}/jobs`, '--json', '{}', ...fast], {
      onSpawn: (spawned) => {
        child = spawned
      },
    })
    await seenOnce('POST', `${at}/jobs`)
    const sent = performance.now()
    child?.kill('SIGINT')
    const run = await running
    expect(run.code).toBe(130)
    expect(run.exitedAt - sent).toBeLessThan(1000)
    expect(run.stderr).toMatch(/interrupted during the submit; the server may have started/)
    await closed
  })

  it('SIGTERM while --data @- still reads an open stdin exits 143 in < 1 s, sending nothing', async () => {
    const at = prefix()
    let child: ChildProcess | undefined
    const running = pollwise(['POST', `${base}${at}/jobs`, '--data', '@-', ...fast], {
      openStdin: true,
      onSpawn: (spawned) => {
        child = spawned
      },
    })
    // More than a pipe holds: written once the run reads stdin, after its signal handlers are set.
    await new Promise((resolve) => child?.stdin?.write(Buffer.alloc(1024 * 1024), resolve))
    const sent = performance.now()
    child?.kill('SIGTERM')
    const run = await running
    expect(run.code).toBe(143)
    expect(run.exitedAt - sent).toBeLessThan(1000)
    expect(run.stderr).toBe('pollwise: interrupted before the submit; nothing was sent\n')
    expect(requests(at)).toHaveLength(0)
  })

  it('a second SIGINT exits at once while --cancel-on-interrupt waits on a hung DELETE', async () => {
    const { at, url } = job([{ status: 'running' }])
    routes.set(`DELETE ${at}/status`, () => {})
    const sent: number[] = []
    const run = await pollwise(['POST', url, ...fast, '--cancel-on-interrupt'], {
      onStderr: (stderr, child) => {
        if (sent.length === 0 && /^pollwise: running/m.test(stderr)) {
          sent.push(performance.now())
          child.kill('SIGINT')
          void seenOnce('DELETE', `${at}/status`).then(() => {
            sent.push(performance.now())
            child.kill('SIGINT')
          })
        }
      },
    })
    expect(sent).toHaveLength(2)
    expect(run.code).toBe(130)
    expect(run.exitedAt - (sent[1] ?? 0)).toBeLessThan(1000)
    expect(count('DELETE', `${at}/status`)).toBe(1)
  })
})

describe('resume', { timeout: 20_000 }, () => {
  it.skipIf(process.platform === 'win32')(
    'writes --save-token readable by its owner alone: its URLs may carry a SAS',
    async () => {
      const file = join(tmpdir(), `pollwise-adversarial-${process.pid}-${next}-mode.json`)
      const { url } = job([{ status: 'succeeded', result: 'ok' }])
      try {
        const run = await pollwise(['POST', `${url}?sig=s3cr3t`, ...fast, '--save-token', file])
        expect(run.code).toBe(0)
        expect(await readFile(file, 'utf8')).toContain('sig=s3cr3t')
        expect((await stat(file)).mode & 0o777).toBe(0o600)
      } finally {
        await rm(file, { force: true })
      }
    },
  )

  it('a run killed without warning (SIGKILL) is resumed from its token with no second submit', async () => {
    const file = join(tmpdir(), `pollwise-adversarial-${process.pid}-${next}.json`)
    const { at, url } = job([
      { status: 'running' },
      { status: 'running' },
      { status: 'running' },
      { status: 'succeeded', result: { resumed: true } },
    ])
    try {
      const first = await pollwise(['POST', url, ...fast, '--save-token', file], {
        onStderr: (stderr, child) => {
          if (/^pollwise: running/m.test(stderr)) child.kill('SIGKILL')
        },
      })
      expect(first.code).toBe(null)
      const token = JSON.parse(await readFile(file, 'utf8')) as { statusUrl: string }
      expect(token.statusUrl).toBe(`${base}${at}/status`)
      const second = await pollwise(['--resume', file, ...fast])
      expect(second.code).toBe(0)
      expect(second.stdout.toString()).toBe('{"resumed":true}\n')
      expect(count('POST', `${at}/jobs`)).toBe(1)
    } finally {
      await rm(file, { force: true })
    }
  })

  it('a token past its deadline times out at once on --resume, with no request', async () => {
    const file = join(tmpdir(), `pollwise-adversarial-${process.pid}-late.json`)
    const { at, url } = job([{ status: 'running' }])
    try {
      await pollwise(['POST', url, ...fast, '--timeout', '600ms', '--save-token', file], {
        onStderr: (stderr, child) => {
          if (/^pollwise: running/m.test(stderr)) child.kill('SIGKILL')
        },
      })
      await new Promise((resolve) => setTimeout(resolve, 700))
      const before = requests(at).length
      const run = await pollwise(['--resume', file, ...fast])
      expect(run.code).toBe(4)
      expect(run.stdout.length).toBe(0)
      expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/^pollwise: timed out: /)
      expect(requests(at)).toHaveLength(before)
    } finally {
      await rm(file, { force: true })
    }
  })
})
