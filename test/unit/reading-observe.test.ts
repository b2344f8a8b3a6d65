import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { createReading } from '../../src/protocols/reading/reading.js'
import type { ConventionParts } from '../../src/types/conventions.js'
import type { Observation, StatusResponse } from '../../src/types/protocol.js'

const statusUrl = 'https://api.example.com/v1/jobs/7'
const submitUrl = 'https://api.example.com/v1/jobs'

function response(body: unknown, url = statusUrl, httpStatus = 200): StatusResponse {
  return { httpStatus, headers: new Headers(), url, body }
}

/** An observation with a link result shown as its href, so it compares as plain data. */
function plain(observation: Observation | undefined): unknown {
  if (observation?.state !== 'succeeded' || observation.result.kind !== 'link') return observation
  return { ...observation, result: { kind: 'link', href: observation.result.url.href } }
}

const observe = (body: unknown, parts: ConventionParts = {}, baseUrl?: string) =>
  plain(createReading(parts, baseUrl).observe(response(body)))

const link = (href: string) => ({ state: 'succeeded', result: { kind: 'link', href } })
const inline = (value: unknown) => ({ state: 'succeeded', result: { kind: 'inline', value } })

/** The ProtocolError `run` throws. */
function refusal(run: () => unknown): ProtocolError {
  try {
    run()
  } catch (error) {
    if (error instanceof ProtocolError) return error
    throw error
  }
  throw new Error('did not throw')
}

describe('observe: states', () => {
  it('reads no observation from a body that carries no state', () => {
    expect(observe({ id: 7 })).toBeUndefined()
    expect(observe('done')).toBeUndefined()
  })

  it('reads pending with nothing else when nothing else is said', () => {
    expect(observe({ status: 'running' })).toStrictEqual({ state: 'pending' })
  })

  it('reads canceled alone, and failed with its detail', () => {
    expect(observe({ status: 'canceled', progress: 0.5 })).toStrictEqual({ state: 'canceled' })
    expect(observe({ status: 'failed', progress: 0.5 })).toStrictEqual({
      state: 'failed',
      detail: undefined,
    })
  })
})

describe('observe: the result', () => {
  it('resolves a result link against the status URL', () => {
    expect(observe({ status: 'done', result_url: '/files/1.csv' })).toStrictEqual(
      link('https://api.example.com/files/1.csv'),
    )
    expect(observe({ status: 'done', download_url: 'out.csv' })).toStrictEqual(
      link('https://api.example.com/v1/jobs/out.csv'),
    )
    expect(observe({ status: 'done', url: 'https://cdn.example.com/a?sig=1' })).toStrictEqual(
      link('https://cdn.example.com/a?sig=1'),
    )
  })

  it('does not take a link back to the status URL as the result', () => {
    const body = { status: 'done', href: statusUrl }
    expect(observe(body)).toStrictEqual(inline(body))
    const relative = { status: 'done', url: '/v1/jobs/7' }
    expect(observe(relative)).toStrictEqual(inline(relative))
    expect(observe({ status: 'done', href: statusUrl, result: { n: 1 } })).toStrictEqual(
      inline({ n: 1 }),
    )
  })

  it('does not follow a gs:// or s3:// link it found by itself, and keeps the body', () => {
    const gs = { status: 'succeeded', output_uri: 'gs://bucket/out.json' }
    expect(observe(gs)).toStrictEqual(inline(gs))
    const s3 = { status: 'succeeded', result_url: 's3://bucket/key', result: { rows: 2 } }
    expect(observe(s3)).toStrictEqual(inline({ rows: 2 }))
    const both = { status: 'done', result_url: 's3://b/k', download_url: 'https://x.example/y' }
    expect(observe(both)).toStrictEqual(link('https://x.example/y'))
  })

  it('takes an inline result, else the whole body', () => {
    expect(observe({ status: 'done', result: [1, 2] })).toStrictEqual(inline([1, 2]))
    expect(observe({ status: 'done', id: 7 })).toStrictEqual(inline({ status: 'done', id: 7 }))
  })

  it('reads the result in the envelope first, then in the body', () => {
    expect(observe({ job: { status: 'done', result_url: '/r' } })).toStrictEqual(
      link('https://api.example.com/r'),
    )
    expect(observe({ job: { status: 'done', output: 'in' }, output: 'out' })).toStrictEqual(
      inline('in'),
    )
    expect(observe({ job: { status: 'done' }, result: { n: 1 } })).toStrictEqual(inline({ n: 1 }))
  })

  it('follows locateResult as a field path, resolved against the status URL', () => {
    const parts = { locateResult: 'output.file' }
    expect(observe({ status: 'done', output: { file: 'f.csv' } }, parts)).toStrictEqual(
      link('https://api.example.com/v1/jobs/f.csv'),
    )
  })

  it('falls back to the built-in reading where locateResult names no string', () => {
    const parts = { locateResult: 'output.file' }
    expect(observe({ status: 'done', output: { file: 3 } }, parts)).toStrictEqual(
      inline({ file: 3 }),
    )
    expect(observe({ status: 'done', result_url: '/r' }, parts)).toStrictEqual(
      link('https://api.example.com/r'),
    )
  })

  it('follows locateResult as a function of the body', () => {
    const locateResult = (body: unknown) => `/video/${(body as { id: number }).id}`
    expect(observe({ status: 'done', id: 9 }, { locateResult })).toStrictEqual(
      link('https://api.example.com/video/9'),
    )
  })

  it('refuses a link the client named in another scheme', () => {
    const parts = { locateResult: 'output.file' }
    const body = { status: 'done', output: { file: 'gs://bucket/x' } }
    const error = refusal(() => createReading(parts).observe(response(body)))
    expect(error.message).toBe(`Refusing to follow a gs: location "gs://bucket/x" (${statusUrl})`)
  })

  it("follows the answer's Location where nothing in a succeeded body names the result", () => {
    const withLocation = (body: unknown, location: string) =>
      plain(
        createReading({}).observe({
          ...response(body),
          headers: new Headers({ location }),
        }),
      )
    const succeeded = {
      status: 'Succeeded',
      lastUpdatedTimeUtc: '2024-01-01T00:00:09Z',
      error: null,
    }
    expect(withLocation(succeeded, '/v1/jobs/7/result')).toEqual(
      link('https://api.example.com/v1/jobs/7/result'),
    )
    // The body's own link or inline result comes first; a Location that is the status names nothing.
    expect(withLocation({ status: 'done', result_url: '/files/1' }, '/v1/jobs/7/result')).toEqual(
      link('https://api.example.com/files/1'),
    )
    expect(withLocation({ status: 'done', result: 3 }, '/v1/jobs/7/result')).toEqual(inline(3))
    expect(withLocation(succeeded, statusUrl)).toEqual(inline(succeeded))
    expect(withLocation(succeeded, 'ftp://files.example.com/1')).toEqual(inline(succeeded))
  })

  it('reads resultField inline, after locateResult, before the built-in reading', () => {
    const body = { status: 'done', payload: { n: 1 }, result_url: '/r' }
    expect(observe(body, { resultField: 'payload' })).toStrictEqual(inline({ n: 1 }))
    expect(observe(body, { resultField: () => 'fn' })).toStrictEqual(inline('fn'))
    expect(observe(body, { resultField: 'absent' })).toStrictEqual(
      link('https://api.example.com/r'),
    )
    expect(observe(body, { resultField: 'payload', locateResult: 'result_url' })).toStrictEqual(
      link('https://api.example.com/r'),
    )
  })
})

describe('templates', () => {
  const done = { status: 'done', id: 'j 7', name: 'operations/42' }

  it('joins a template path to baseUrl', () => {
    const parts = { locateResult: '/jobs/{id}/output' }
    expect(observe(done, parts, 'https://api.example.com/v1')).toStrictEqual(
      link('https://api.example.com/v1/jobs/j%207/output'),
    )
    expect(observe(done, parts, 'https://api.example.com/v1/')).toStrictEqual(
      link('https://api.example.com/v1/jobs/j%207/output'),
    )
  })

  it('resolves a template path against the response URL without baseUrl', () => {
    expect(observe(done, { locateResult: '/jobs/{id}/output' })).toStrictEqual(
      link('https://api.example.com/jobs/j%207/output'),
    )
  })

  it('keeps an absolute template as it is, whatever baseUrl', () => {
    const parts = { locateResult: 'https://files.example.com/{+name}.json' }
    expect(observe(done, parts, 'https://api.example.com/v1')).toStrictEqual(
      link('https://files.example.com/operations/42.json'),
    )
  })

  it('fills the status location from the submit answer', () => {
    const reading = createReading({ statusLocation: '/jobs/{id}' }, 'https://api.example.com/v1')
    const url = reading.statusLocation(response({ id: 'j-1' }, submitUrl, 202))
    expect(url?.href).toBe('https://api.example.com/v1/jobs/j-1')
  })

  it('names the option and the missing variable', () => {
    const reading = createReading({ statusLocation: '/jobs/{job.id}/{id}' })
    const answer = { ...response({ job: {} }, submitUrl, 202), excerpt: '{"job":{}}' }
    expect(refusal(() => reading.statusLocation(answer)).message).toBe(
      `\`statusLocation\` needs \`job.id\`, which the 202 answer's body does not hold (${submitUrl}): "{\\"job\\":{}}"`,
    )
    const result = createReading({ locateResult: '/jobs/{id}/output' })
    expect(refusal(() => result.observe(response({ status: 'done' }))).message).toBe(
      `\`locateResult\` needs \`id\`, which the 200 answer's body does not hold (${statusUrl})`,
    )
  })

  it('refuses a template that fills to another scheme', () => {
    const reading = createReading({ locateResult: 'gs://bucket/{id}' })
    expect(refusal(() => reading.observe(response({ status: 'done', id: 'x' }))).message).toBe(
      `Refusing to follow a gs: location "gs://bucket/x" (${statusUrl})`,
    )
  })
})

describe('statusLocation', () => {
  const answer = (body: unknown) => response(body, submitUrl, 202)

  it('says whether the client named it', () => {
    expect(createReading().locatesStatus).toBe(false)
    expect(createReading({ statusLocation: 'links.status' }).locatesStatus).toBe(true)
  })

  it('finds a status link in the body by itself, resolved against the answer URL', () => {
    const reading = createReading()
    expect(reading.statusLocation(answer({ statusUrl: '/v1/ops/1' }))?.href).toBe(
      'https://api.example.com/v1/ops/1',
    )
    expect(reading.statusLocation(answer({ urls: { get: 'ops/2' } }))?.href).toBe(
      'https://api.example.com/v1/ops/2',
    )
    expect(reading.statusLocation(answer({ id: 1 }))).toBeUndefined()
  })

  it('does not follow a status link in another scheme that it found by itself', () => {
    expect(createReading().statusLocation(answer({ statusUrl: 'gs://b/s' }))).toBeUndefined()
  })

  it('reads a field path the client named, and refuses another scheme there', () => {
    const reading = createReading({ statusLocation: 'links.monitor' })
    expect(reading.statusLocation(answer({ links: { monitor: '/m/1' } }))?.href).toBe(
      'https://api.example.com/m/1',
    )
    expect(reading.statusLocation(answer({ links: { monitor: 3 } }))).toBeUndefined()
    expect(reading.statusLocation(answer({ statusUrl: '/s' }))).toBeUndefined()
    expect(
      refusal(() => reading.statusLocation(answer({ links: { monitor: 's3://b/k' } }))).message,
    ).toBe(`Refusing to follow a s3: location "s3://b/k" (${submitUrl})`)
  })

  it('asks a function the client named, with the whole answer', () => {
    const seen: StatusResponse[] = []
    const reading = createReading({
      statusLocation: (given) => {
        seen.push(given)
        return (given.body as { next?: string }).next
      },
    })
    const given = answer({ next: 'jobs/3' })
    expect(reading.statusLocation(given)?.href).toBe('https://api.example.com/v1/jobs/3')
    expect(seen).toStrictEqual([given])
    expect(reading.statusLocation(answer({}))).toBeUndefined()
  })

  it('exposes the job-handle test', () => {
    expect(createReading().isJobHandle({ id: '100', name: 'foo' })).toBe(true)
    expect(createReading().isJobHandle({ id: 1, title: 'x' })).toBe(false)
  })
})

describe('observe: progress', () => {
  const percent = (value: number) => ({ value, scale: 'percent' })
  const bare = (value: number) => ({ value, scale: 'unknown' })
  const fraction = (value: number) => ({ value, scale: 'fraction' })
  const progressOf = (body: Record<string, unknown>, parts: ConventionParts = {}) =>
    (
      createReading(parts).observe(response({ status: 'running', ...body })) as {
        progress?: unknown
      }
    ).progress

  it.each([
    'percentComplete',
    'progress_percent',
    'percentageComplete',
    'percent',
    'percentage',
    'percentDone',
    'PercentFinished',
    'completion_percent',
  ])('reads %s as a percentage', (name) => {
    expect(progressOf({ [name]: 40 })).toStrictEqual(percent(40))
  })

  it('does not read a percentage of something else as progress', () => {
    expect(progressOf({ cpuPercent: 93 })).toBeUndefined()
    expect(progressOf({ discount_percent: 5, progress: 0.2 })).toStrictEqual(bare(0.2))
  })

  it('reads a bare progress figure at an unknown scale, and ignores one that is no number', () => {
    expect(progressOf({ progress: 0.5 })).toStrictEqual(bare(0.5))
    expect(progressOf({ progress: '50%' })).toBeUndefined()
  })

  it('reads a progress object one level down', () => {
    expect(progressOf({ progress: { percent: 30 } })).toStrictEqual(percent(30))
    expect(progressOf({ progress: { completed: 3, total: 10 } })).toStrictEqual(fraction(0.3))
    expect(progressOf({ progress: { current: 2, total: 0 } })).toBeUndefined()
  })

  it('reads counts of work done out of a total', () => {
    expect(progressOf({ processed: 5, total: 20 })).toStrictEqual(fraction(0.25))
    expect(progressOf({ finished: 3, count: 4 })).toStrictEqual(fraction(0.75))
    expect(progressOf({ total: 4 })).toBeUndefined()
  })

  it('reads progress in metadata, in an envelope, then in the body', () => {
    expect(progressOf({ metadata: { progressPercent: 20 } })).toStrictEqual(percent(20))
    const reading = createReading()
    const wrapped = { action: { status: 'in-progress', progress: 0.5 }, percent: 90 }
    expect(reading.observe(response(wrapped))).toStrictEqual({
      state: 'pending',
      progress: bare(0.5),
    })
    expect(reading.observe(response({ job: { status: 'running' }, percent: 10 }))).toStrictEqual({
      state: 'pending',
      progress: percent(10),
    })
  })

  it('reads progress in the object a status field holds', () => {
    const reading = createReading()
    const job = { job_status: { id: '82', status: 'working', total: 4, progress: 1 } }
    expect(reading.observe(response(job))).toStrictEqual({
      state: 'pending',
      progress: { value: 0.25, scale: 'fraction' },
    })
  })

  it('keeps progress on a succeeded observation', () => {
    expect(observe({ status: 'done', progress: 1, result: 'x' })).toStrictEqual({
      state: 'succeeded',
      progress: bare(1),
      result: { kind: 'inline', value: 'x' },
    })
  })

  it('reads progressField alone, at an unknown scale', () => {
    expect(
      progressOf({ meta: { pct: 33 }, percentComplete: 1 }, { progressField: 'meta.pct' }),
    ).toStrictEqual(bare(33))
    expect(
      progressOf({ meta: {}, percentComplete: 40 }, { progressField: 'meta.pct' }),
    ).toBeUndefined()
    expect(
      progressOf({ n: 7 }, { progressField: (body) => (body as { n: number }).n }),
    ).toStrictEqual(bare(7))
  })

  it('gives progressScale to unknown scales only', () => {
    expect(progressOf({ progress: 1 }, { progressScale: 'percent' })).toStrictEqual(percent(1))
    const field = { progressField: 'meta.pct', progressScale: 'fraction' } as const
    expect(progressOf({ meta: { pct: 0.5 } }, field)).toStrictEqual(fraction(0.5))
    expect(progressOf({ percentComplete: 40 }, { progressScale: 'fraction' })).toStrictEqual(
      percent(40),
    )
    expect(progressOf({ done: 1, total: 2 }, { progressScale: 'percent' })).toStrictEqual(
      fraction(0.5),
    )
  })
})

describe('observe: failure details', () => {
  const detailOf = (body: unknown, parts: ConventionParts = {}) =>
    (createReading(parts).observe(response(body)) as { detail?: unknown }).detail

  it('takes the error field of the body', () => {
    expect(detailOf({ status: 'failed', error: { code: 'E', message: 'm' } })).toStrictEqual({
      code: 'E',
      message: 'm',
    })
  })

  it('takes a detail from an object under the body', () => {
    expect(detailOf({ status: 'failed', job: { id: 1, error: 'disk full' } })).toBe('disk full')
    expect(detailOf({ status: { state: 'FAILED', message: 'quota' } })).toBe('quota')
  })

  it('reads the envelope before the body', () => {
    expect(detailOf({ action: { status: 'errored' }, error: { message: 'm' } })).toStrictEqual({
      message: 'm',
    })
    expect(detailOf({ action: { status: 'errored', reason: 'inner' }, error: 'outer' })).toBe(
      'inner',
    )
  })

  it('does not take the field that holds the envelope for the failure', () => {
    // Cloudflare's answers: the resource in `result`, beside `success`, `errors` and `messages`.
    const body = {
      result: { uid: 'u', status: { state: 'error', errorReasonText: 'not a video' } },
      success: true,
      errors: [],
    }
    expect(detailOf(body)).toBe('not a video')
  })

  it('takes an error with its cause, both', () => {
    // AWS Step Functions' DescribeExecution: the error's name, and its cause apart.
    expect(
      detailOf({ status: 'FAILED', error: 'States.TaskFailed', cause: 'Lambda timed out' }),
    ).toStrictEqual({ error: 'States.TaskFailed', cause: 'Lambda timed out' })
  })

  it('takes no `cause` alone, why the work began, nor a count of failures in another object', () => {
    // DigitalOcean App Platform's deployment: `cause` says what started it.
    const deployment = {
      cause: 'commit 9a4df0b pushed',
      phase: 'ERROR',
      progress: { success_steps: 2, error_steps: 1, total_steps: 6 },
    }
    expect(detailOf({ deployment })).toBeUndefined()
    expect(detailOf({ deployment: { ...deployment, message: 'build step failed' } })).toBe(
      'build step failed',
    )
  })

  it.each([
    ['StackStatusReason', { StackStatus: 'ROLLBACK_COMPLETE', StackStatusReason: 'bucket exists' }],
    ['statusDetail', { status: 'FAILURE', statusDetail: 'bucket exists' }],
    ['job_state_message', { job_state: 'FAILED', job_state_message: 'bucket exists' }],
    // AWS CodePipeline's GetPipelineExecution: its failure told in the status' summary.
    ['statusSummary', { status: 'Failed', statusSummary: 'bucket exists' }],
  ])('takes a message named for the status, %s, whatever its prefix', (_name, body) => {
    expect(detailOf(body)).toBe('bucket exists')
  })

  it('reads failureField alone, as a path or a function', () => {
    const body = { status: 'failed', problem: { text: 'x' }, error: 'e' }
    expect(detailOf(body, { failureField: 'problem.text' })).toBe('x')
    expect(detailOf(body, { failureField: 'absent' })).toBeUndefined()
    expect(
      detailOf(body, { failureField: (whole) => (whole as typeof body).problem }),
    ).toStrictEqual({
      text: 'x',
    })
  })
})

describe('observe: the words and shapes only an option teaches', () => {
  it('reads READY as done where classifyStatus says so (Vercel, Mux, Netlify)', () => {
    const parts = { classifyStatus: (word: string) => (word === 'READY' ? 'succeeded' : undefined) }
    const deployment = { id: 'dpl_1', readyState: 'READY', url: 'p-abc.vercel.app' }
    expect(observe({ ...deployment, readyState: 'BUILDING' }, parts)).toStrictEqual({
      state: 'pending',
    })
    expect(observe(deployment, parts)).toStrictEqual(inline(deployment))
  })

  it('reads running as done where classifyStatus says so (an endpoint that now serves)', () => {
    const parts = {
      classifyStatus: (word: string) => (word === 'running' ? 'succeeded' : undefined),
    }
    const endpoint = { name: 'e', status: { state: 'running', url: 'https://e.example.com' } }
    expect(observe({ name: 'e', status: { state: 'initializing' } }, parts)).toStrictEqual({
      state: 'pending',
    })
    expect(observe(endpoint, parts)).toStrictEqual(inline(endpoint))
  })

  it('reads a Kubernetes Job by its conditions with a stateField function', () => {
    type Job = { status: { conditions?: { type: string; status: string; message?: string }[] } }
    const condition = (body: unknown, type: string) =>
      (body as Job).status.conditions?.find((one) => one.type === type && one.status === 'True')
    const parts: ConventionParts = {
      stateField: (body) =>
        condition(body, 'Complete')
          ? 'succeeded'
          : condition(body, 'Failed')
            ? 'failed'
            : 'pending',
      failureField: (body) => condition(body, 'Failed')?.message,
    }
    expect(observe({ status: { active: 1 } }, parts)).toStrictEqual({ state: 'pending' })
    const failed = {
      status: {
        failed: 6,
        conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }],
      },
    }
    expect(observe(failed, parts)).toStrictEqual({
      state: 'failed',
      detail: 'BackoffLimitExceeded',
    })
  })
})

describe('statusLocation: a bare url of the answer’s own resource', () => {
  const located = (body: unknown, parts: ConventionParts = {}) =>
    createReading(parts).statusLocation(response(body, submitUrl))?.href
  const own = 'https://api.example.com/v1/crawl/c-1'

  it('is the status location of an answer that runs, or that beside it is only a job handle', () => {
    expect(located({ sid: 'CJ1', status: 'enqueued', url: own })).toBe(own)
    expect(located({ success: true, id: 'c-1', url: own })).toBe(own)
    expect(located({ id: 'c-1', uri: '/v1/crawl/c-1' })).toBe(own)
  })

  it('is never a link to another origin: the page a crawl starts from is the job’s input', () => {
    expect(located({ status: 'queued', url: 'https://example.com/' })).toBeUndefined()
    expect(located({ id: 'c-1', url: 'https://example.com/' })).toBeUndefined()
  })

  it('is not read from real content, an ended answer, the submit’s own URL, or beside statusLocation', () => {
    expect(located({ id: 'c-1', title: 'My crawl', url: own })).toBeUndefined()
    expect(located({ status: 'completed', url: own })).toBeUndefined()
    expect(located({ status: 'queued', url: submitUrl })).toBeUndefined()
    expect(located({ status: 'mystery', url: own })).toBeUndefined()
    expect(located({ id: 'c-1', url: own }, { statusLocation: 'next' })).toBeUndefined()
  })
})

describe('observe: failure details, the names that are no account of the failure', () => {
  const detailOf = (body: unknown) =>
    (createReading().observe(response(body)) as { detail?: unknown }).detail

  it('passes over a policy for a failure (AWS EMR’s ActionOnFailure)', () => {
    const step = {
      Step: {
        ActionOnFailure: 'CONTINUE',
        Status: { State: 'FAILED', FailureDetails: { Message: 'exit code 1' } },
      },
    }
    expect(detailOf(step)).toStrictEqual({ Message: 'exit code 1' })
    expect(detailOf({ status: 'failed', stop_if_error: 'yes' })).toBeUndefined()
  })

  it('takes a traceback, and messages where nothing else says', () => {
    expect(detailOf({ status: 'error', result_traceback: 'Traceback: boom' })).toBe(
      'Traceback: boom',
    )
    const messages = [{ translation: 'Could not copy page', args: [] }]
    expect(detailOf({ finished: true, successful: false, messages })).toStrictEqual(messages)
  })

  it('takes only an error from an object the state was not read in, never its message', () => {
    // Travis CI's build: the commit's message is no account of the failure.
    const build = { state: 'errored', commit: { sha: 'abc', message: 'Fix the login' } }
    expect(detailOf(build)).toBeUndefined()
    expect(detailOf({ ...build, commit: { error: 'checkout failed' } })).toBe('checkout failed')
    // The status object the state came from is read whole (Argo Workflows).
    expect(detailOf({ metadata: {}, status: { phase: 'Failed', message: 'exit 1' } })).toBe(
      'exit 1',
    )
  })
})
