import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { type RunningServer, startHttpServer } from '../../mocks/http-server.js'
import { createTaskServer, type TaskServer } from '../../mocks/task-server.js'
import { createClient } from '../../src/index.js'

const run = promisify(execFile)
let tasks: TaskServer
let server: RunningServer

beforeAll(async () => {
  tasks = createTaskServer({ durationMs: 400, steps: 4 })
  server = await startHttpServer(tasks.handlers)
})
afterAll(() => server.close())

const backoff = { initialDelayMs: 50, factor: 1.5, maxDelayMs: 200, jitter: 'none' } as const

describe('over a real loopback socket', () => {
  it('runs the report example end to end, with credentials on every request to the API', async () => {
    const api = createClient({
      baseUrl: server.url,
      backoff,
      headers: { authorization: 'Bearer t' },
    })
    const progress: number[] = []
    const pdf = await api.run('/start-report', {
      json: { month: '2026-10', job: { durationMs: 400 } },
      status: z.object({ status: z.string(), progress: z.number().optional() }),
      onProgress: (snapshot) => progress.push(snapshot.progress ?? 0),
    })
    expect(pdf).toBeInstanceOf(Blob)
    expect(await (pdf as Blob).text()).toBe('%PDF-1.7 report-555.pdf')
    expect(progress.at(-1)).toBe(1)
    expect(progress.length).toBeGreaterThanOrEqual(2)
    const authorized = tasks.requests.map((request) => request.headers.authorization)
    expect(authorized.every((value) => value === 'Bearer t')).toBe(true)
  })

  it('rejects promptly when aborted while a slow request is in flight', async () => {
    const api = createClient({ baseUrl: server.url, backoff })
    const op = await api.start('/jobs', { json: { job: { latencyMs: 5000, durationMs: 60_000 } } })
    const controller = new AbortController()
    const started = performance.now()
    setTimeout(() => controller.abort(), 300)
    await expect(op.wait({ signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    })
    const elapsed = performance.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(290)
    expect(elapsed).toBeLessThan(1500)
  })

  it.each([
    ['success', 'resolved {"ok":true}'],
    ['failure', 'rejected OperationFailedError'],
    ['abort', 'rejected AbortError'],
    ['timeout', 'rejected PollTimeoutError'],
  ])(
    'lets the Node process exit on its own after a %s',
    async (mode, outcome) => {
      const started = performance.now()
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'test/e2e/fixtures/settle-and-exit.ts', server.url, mode],
        { timeout: 10_000 },
      )
      expect(stdout.trim()).toBe(`settled: ${outcome}`)
      // The run itself takes under a second; a leaked timer or socket would hold the process for
      // its full length (seconds for a keep-alive socket, a minute for the job's deadline).
      expect(performance.now() - started).toBeLessThan(4000)
    },
    15_000,
  )

  it('resumes, in a second process, an operation the first one saved to a file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'pollwise-')), 'operation.json')
    const script = 'test/e2e/fixtures/resume-from-file.ts'
    const first = await run(process.execPath, [
      '--import',
      'tsx',
      script,
      server.url,
      file,
      'start',
    ])
    expect(first.stdout.trim()).toMatch(/^saved http:\/\/127\.0\.0\.1:\d+\/jobs\/\d+$/)
    const second = await run(process.execPath, [
      '--import',
      'tsx',
      script,
      server.url,
      file,
      'resume',
    ])
    expect(second.stdout.trim()).toBe('resumed: {"rows":3}')
  }, 15_000)

  it('follows Azure and Google operations end to end', async () => {
    const api = createClient({ baseUrl: server.url, backoff })
    const widget = await api.run('/azure/widgets/w9', { method: 'PUT', json: {} })
    expect(widget).toEqual({ name: 'w9', color: 'blue', provisioningState: 'Succeeded' })
    const report = await api.run('/v1/reports:generate', {
      json: { job: { result: { pages: 4 } } },
    })
    expect(report).toEqual({ pages: 4 })
  })

  it('cancels an operation on the server', async () => {
    const api = createClient({ baseUrl: server.url, backoff })
    const op = await api.start('/jobs', { json: { job: { durationMs: 60_000 } } })
    const waiting = expect(op.wait()).rejects.toMatchObject({ name: 'OperationCanceledError' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    await expect(op.cancel()).resolves.toBe(true)
    await waiting
  })
})
