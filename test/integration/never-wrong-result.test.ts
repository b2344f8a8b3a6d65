import { HttpResponse, http, type JsonBodyType } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import {
  type ClientOptions,
  createClient,
  HTTPError,
  PollTimeoutError,
  PollwiseError,
  ProtocolError,
  ResponseValidationError,
} from '../../src/index.js'
import { outcomeWithin, useFakeTime } from '../support/fake-time.js'
import { useTaskServer } from '../support/msw.js'
import { nginxPage } from '../support/nginx-page.js'

// "Never a wrong result": whatever convention an operation speaks, a body that is not recognisably
// a status or a result is an error with a bounded excerpt, never something `wait()` resolves with.

const { server } = useTaskServer()
useFakeTime()

const origin = 'https://api.example.com'
const at = (path: string) => `${origin}${path}`
/** One poll a second, no jitter: every poll time is known. */
const backoff = { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 'none' } as const
/** Two polls a second, for the grace tests. */
const quick = { initialDelayMs: 500, factor: 1, maxDelayMs: 500, jitter: 'none' } as const

/** The rejection reason, failing the test if the promise resolved or is still pending. */
function reasonOf(outcome: PromiseSettledResult<unknown> | undefined): unknown {
  expect(outcome?.status).toBe('rejected')
  return (outcome as PromiseRejectedResult).reason
}

type Answer = () => Response

const json =
  (body: JsonBodyType, status = 200): Answer =>
  () =>
    HttpResponse.json(body, { status })
const empty =
  (status: number, headers: Record<string, string> = {}): Answer =>
  () =>
    new HttpResponse(null, { status, headers })

/** Pushes a status field out of the message's own excerpt, so the message must name it itself. */
const padding = 'x'.repeat(600)

interface Convention {
  readonly name: string
  readonly protocol?: ClientOptions['protocol']
  readonly method: 'POST' | 'PUT'
  readonly submitUrl: string
  readonly submit: Answer
  /** Where the operation is polled. */
  readonly statusUrl: string
  /** The field that says where the operation stands. */
  readonly field: string
  /** A status body of the convention that says the operation is still running. */
  readonly running: Record<string, unknown>
  /** A status body whose status field holds `value`. */
  withField(value: unknown): Record<string, unknown>
  /** A JSON body of another shape: the convention's status field is missing. */
  readonly withoutField?: Record<string, unknown>
  /** Values of the wrong type for the status field. */
  readonly wrongTypes: readonly unknown[]
}

const notAString = [null, 3, {}, [], true]

function genericConvention(name: string, protocol?: 'generic'): Convention {
  return {
    name,
    ...(protocol === undefined ? {} : { protocol }),
    method: 'POST',
    submitUrl: at(`/${name}/tasks`),
    submit: empty(202, { location: `/${name}/tasks/7` }),
    statusUrl: at(`/${name}/tasks/7`),
    field: 'status',
    running: { status: 'running' },
    withField: (value) => ({ note: padding, status: value }),
    withoutField: { message: 'ok', items: [1, 2] },
    wrongTypes: notAString,
  }
}

function azureMonitorConvention(name: string, protocol?: 'azure'): Convention {
  return {
    name,
    ...(protocol === undefined ? {} : { protocol }),
    method: 'POST',
    submitUrl: at(`/${name}/jobs`),
    submit: empty(202, { 'operation-location': `/${name}/operations/7` }),
    statusUrl: at(`/${name}/operations/7`),
    field: 'status',
    running: { id: '7', status: 'Running' },
    withField: (value) => ({ id: '7', note: padding, status: value }),
    withoutField: { id: '7', percentComplete: 50 },
    wrongTypes: notAString,
  }
}

const azureResource: Convention = {
  name: 'azure-put-resource',
  method: 'PUT',
  submitUrl: at('/azure-resource/widgets/w7'),
  submit: json({ name: 'w7', provisioningState: 'Creating' }, 201),
  statusUrl: at('/azure-resource/widgets/w7'),
  field: 'provisioningState',
  running: { name: 'w7', provisioningState: 'Updating' },
  withField: (value) => ({ name: 'w7', note: padding, provisioningState: value }),
  // A resource without `provisioningState` is a finished one (ARM): no "missing field" case.
  wrongTypes: notAString,
}

function googleConvention(name: string, protocol?: 'google'): Convention {
  const operation = `operations/${name}-7`
  return {
    name,
    ...(protocol === undefined ? {} : { protocol }),
    method: 'POST',
    submitUrl: at(`/${name}/things`),
    submit: json({ name: operation, done: false, metadata: {} }),
    statusUrl: at(`/v1/${operation}`),
    field: 'done',
    running: { name: operation, done: false, metadata: {} },
    withField: (value) => ({ name: operation, note: padding, done: value }),
    withoutField: { message: 'ok', items: [1, 2] },
    wrongTypes: [null, 3, {}, [], 'true'],
  }
}

const auto = genericConvention('auto')
const generic = genericConvention('generic', 'generic')
const azureDetected = azureMonitorConvention('azure-detected')
const azureForced = azureMonitorConvention('azure-forced', 'azure')
const googleDetected = googleConvention('google-detected')
const googleForced = googleConvention('google-forced', 'google')

const everyConvention = [
  auto,
  generic,
  azureDetected,
  azureForced,
  azureResource,
  googleDetected,
  googleForced,
]

/**
 * Serves a convention's submit and answers its status URL with `answers` in turn, the last one
 * from then on; counts the polls.
 */
function serve(convention: Convention, answers: readonly Answer[]): { polls: () => number } {
  let polls = 0
  const submit = convention.method === 'PUT' ? http.put : http.post
  server.use(
    submit(convention.submitUrl, () => convention.submit()),
    http.get(convention.statusUrl, () => {
      const answer = answers[Math.min(polls, answers.length - 1)] as Answer
      polls++
      return answer()
    }),
  )
  return { polls: () => polls }
}

function clientFor(convention: Convention, options: ClientOptions = {}) {
  return createClient({
    baseUrl: origin,
    backoff,
    ...(convention.protocol === undefined ? {} : { protocol: convention.protocol }),
    ...options,
  })
}

async function startOn(convention: Convention, options: ClientOptions = {}) {
  return clientFor(convention, options).start(convention.submitUrl, {
    method: convention.method,
    json: {},
  })
}

describe('lock-in: once a status resource spoke its convention, every answer must', () => {
  const badBodies = (convention: Convention) => [
    {
      body: 'an nginx HTML page with 200',
      answer: (): Response => HttpResponse.html(nginxPage),
      excerpt: nginxPage,
    },
    {
      body: 'an empty 200 body labelled JSON',
      answer: (): Response =>
        new HttpResponse('', { status: 200, headers: { 'content-type': 'application/json' } }),
      excerpt: '',
    },
    ...(convention.withoutField === undefined
      ? []
      : [
          {
            body: `a JSON body without \`${convention.field}\``,
            answer: json(convention.withoutField),
            excerpt: JSON.stringify(convention.withoutField),
          },
        ]),
  ]
  const rows = everyConvention.flatMap((convention) =>
    badBodies(convention).map((bad) => ({ ...bad, name: convention.name, convention })),
  )

  it.each(rows)(
    '$name: rejects $body after two status bodies, with an excerpt of it',
    async ({ convention, answer, excerpt }) => {
      const status = serve(convention, [json(convention.running), json(convention.running), answer])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 10_000))
      expect([ProtocolError, ResponseValidationError].some((type) => error instanceof type)).toBe(
        true,
      )
      // At the answer that broke the convention, not later.
      expect(status.polls()).toBe(3)
      const { bodyExcerpt } = error as ProtocolError | ResponseValidationError
      if (excerpt === '') {
        expect(bodyExcerpt ?? '').toBe('')
      } else {
        expect(bodyExcerpt).toBeDefined()
        // A bounded start of the body (documented: at most 500 characters).
        expect(excerpt.startsWith(bodyExcerpt as string)).toBe(true)
        expect((bodyExcerpt as string).length).toBeGreaterThanOrEqual(Math.min(excerpt.length, 100))
        expect((bodyExcerpt as string).length).toBeLessThanOrEqual(500)
      }
    },
  )
})

describe('a status field that is present but not a status word', () => {
  const rows = everyConvention.flatMap((convention) =>
    convention.wrongTypes.map((value) => ({
      name: convention.name,
      convention,
      value,
      shown: JSON.stringify(value),
    })),
  )

  it.each(rows)(
    '$name: rejects `$shown` with a ProtocolError naming the field and the value',
    async ({ convention, value, shown }) => {
      const status = serve(convention, [json(convention.withField(value))])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 5_000))
      expect(error).toBeInstanceOf(ProtocolError)
      expect(status.polls()).toBe(1)
      const { message } = error as ProtocolError
      // The field, quoted or as "field is"; the body's own excerpt in the message cannot supply it,
      // as the padding pushes the field past any excerpt.
      expect(message).toMatch(new RegExp(`[\`'"]${convention.field}[\`'"]|${convention.field} is`))
      expect(message).toMatch(new RegExp(`(?<![\\w"])${escapeRegExp(shown)}(?![\\w"])`))
    },
  )
})

describe('only 2xx bodies are results', () => {
  const redirecting = [auto, generic, azureDetected, googleDetected]
  const rows = redirecting.flatMap((convention) =>
    [300, 304, 305].map((code) => ({ name: convention.name, convention, code })),
  )

  it.each(rows)(
    '$name: a status location answering $code is an error, never a result',
    async ({ convention, code }) => {
      let lured = 0
      server.use(
        http.get(at('/elsewhere/done'), () => {
          lured++
          return HttpResponse.json({ status: 'succeeded', result: { rows: 3 } })
        }),
      )
      const headers: Record<string, string> = code === 304 ? {} : { location: '/elsewhere/done' }
      serve(convention, [json(convention.running), empty(code, headers)])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 5_000))
      expect(error instanceof PollwiseError || error instanceof HTTPError).toBe(true)
      expect((error as Error).message).toContain(String(code))
      expect(lured).toBe(0)
    },
  )

  it('rejects a result link that answers 304', async () => {
    serve(auto, [json({ status: 'succeeded', result_url: '/auto/files/7' })])
    server.use(http.get(at('/auto/files/7'), empty(304)))
    const op = await startOn(auto)
    const error = reasonOf(await outcomeWithin(op.wait(), 5_000))
    expect(error instanceof PollwiseError || error instanceof HTTPError).toBe(true)
  })

  it.each([auto, generic])(
    '$name: fetches the result a 303 See Other points to',
    async (convention) => {
      let fetched = 0
      server.use(
        http.get(at('/elsewhere/report'), () => {
          fetched++
          return HttpResponse.json({ rows: 3 })
        }),
      )
      serve(convention, [json(convention.running), empty(303, { location: '/elsewhere/report' })])
      const op = await startOn(convention)
      expect(await outcomeWithin(op.wait(), 5_000)).toEqual({
        status: 'fulfilled',
        value: { rows: 3 },
      })
      expect(fetched).toBe(1)
    },
  )
})

describe('404 and 409: "not yet" only during a short grace, or under result polling', () => {
  const withGrace = [auto, generic, googleDetected, googleForced]
  const graceRows = withGrace.flatMap((convention) =>
    [404, 409].map((code) => ({ name: convention.name, convention, code })),
  )

  it.each(graceRows)(
    '$name: a status URL answering $code from the start is an HTTPError soon after the grace',
    async ({ convention, code }) => {
      const status = serve(convention, [empty(code)])
      const op = await startOn(convention, { backoff: quick })
      const waiting = op.wait()
      // Still within the default 5 s grace: not yet an error.
      expect(await outcomeWithin(waiting, 4_000)).toBeUndefined()
      // Past it: an HTTPError long before the 10-minute deadline.
      const error = reasonOf(await outcomeWithin(waiting, 2_000))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(code)
      expect((error as HTTPError).message).toContain(convention.statusUrl)
      const polls = status.polls()
      await vi.advanceTimersByTimeAsync(10_000)
      expect(status.polls()).toBe(polls)
    },
  )

  it.each(graceRows)(
    '$name: with `notReadyGraceMs: 0`, the first $code is an HTTPError',
    async ({ convention, code }) => {
      const status = serve(convention, [empty(code)])
      const op = await startOn(convention, { notReadyGraceMs: 0 })
      const error = reasonOf(await outcomeWithin(op.wait(), 1_500))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(code)
      expect(status.polls()).toBe(1)
    },
  )

  it.each([azureDetected, azureForced])(
    '$name: a monitor answering 404 from the start is an HTTPError at once (no grace)',
    async (convention) => {
      const status = serve(convention, [empty(404)])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 1_500))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(404)
      expect((error as HTTPError).message).toContain(convention.statusUrl)
      expect(status.polls()).toBe(1)
    },
  )

  const answeredRows = everyConvention.flatMap((convention) =>
    [404, 409].map((code) => ({ name: convention.name, convention, code })),
  )

  it.each(answeredRows)(
    '$name: a status URL that answered once and then $code is an HTTPError at once',
    async ({ convention, code }) => {
      const status = serve(convention, [json(convention.running), empty(code)])
      const op = await startOn(convention)
      const error = reasonOf(await outcomeWithin(op.wait(), 2_500))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(code)
      expect((error as HTTPError).message).toContain(convention.statusUrl)
      expect(status.polls()).toBe(2)
    },
  )

  it.each([404, 409])(
    "`protocol: 'result'` waits through %i, past any grace, until 200",
    async (code) => {
      let polls = 0
      server.use(
        http.post(at('/results'), empty(202, { location: '/results/7' })),
        http.get(at('/results/7'), () => {
          polls++
          return polls <= 20
            ? new HttpResponse(null, { status: code })
            : HttpResponse.json({ rows: 3 })
        }),
      )
      const op = await createClient({ baseUrl: origin, backoff, protocol: 'result' }).start(
        '/results',
      )
      expect(await outcomeWithin(op.wait(), 30_000)).toEqual({
        status: 'fulfilled',
        value: { rows: 3 },
      })
      expect(polls).toBe(21)
    },
  )

  /** A status body naming a result link that answers 404 for `notFoundMs` after it was named. */
  function serveResultLink(convention: Convention, notFoundMs: number) {
    let namedAt: number | undefined
    let downloads = 0
    const link = `/${convention.name}/files/7`
    server.use(
      http.get(at(link), () => {
        downloads++
        const ready = namedAt !== undefined && Date.now() - namedAt >= notFoundMs
        return ready ? HttpResponse.json({ rows: 3 }) : new HttpResponse(null, { status: 404 })
      }),
    )
    serve(convention, [
      json(convention.running),
      () => {
        namedAt ??= Date.now()
        return HttpResponse.json({ status: 'succeeded', result_url: link })
      },
    ])
    return { url: at(link), downloads: () => downloads }
  }

  it.each([auto, generic])(
    '$name: a result link that answers 404 for 1 s, then 200, resolves',
    async (convention) => {
      const link = serveResultLink(convention, 1_000)
      const op = await startOn(convention)
      expect(await outcomeWithin(op.wait(), 10_000)).toEqual({
        status: 'fulfilled',
        value: { rows: 3 },
      })
      expect(link.downloads()).toBeGreaterThan(1)
    },
  )

  it.each([auto, generic])(
    '$name: a result link that answers 404 forever is an HTTPError after the grace',
    async (convention) => {
      const link = serveResultLink(convention, Number.POSITIVE_INFINITY)
      const op = await startOn(convention, { backoff: quick })
      const waiting = op.wait()
      // The link is named at the second poll (1 s); the grace runs to about 6 s.
      expect(await outcomeWithin(waiting, 5_000)).toBeUndefined()
      const error = reasonOf(await outcomeWithin(waiting, 2_500))
      expect(error).toBeInstanceOf(HTTPError)
      expect((error as HTTPError).response.status).toBe(404)
      expect((error as HTTPError).message).toContain(link.url)
    },
  )

  it('azure: a final GET that answers 404 is an HTTPError at once', async () => {
    let finalGets = 0
    server.use(
      http.post(
        at('/azure-final/jobs'),
        empty(202, {
          'operation-location': '/azure-final/operations/7',
          location: '/azure-final/results/7',
        }),
      ),
      http.get(at('/azure-final/operations/7'), json({ status: 'Succeeded' })),
      http.get(at('/azure-final/results/7'), () => {
        finalGets++
        return new HttpResponse(null, { status: 404 })
      }),
    )
    const op = await createClient({ baseUrl: origin, backoff }).start('/azure-final/jobs', {
      json: {},
    })
    const error = reasonOf(await outcomeWithin(op.wait(), 3_000))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.status).toBe(404)
    expect(finalGets).toBe(1)
  })
})

describe('a PollTimeoutError says the last HTTP status and URL it saw', () => {
  const rows: { name: string; convention: Convention; answer: Answer; httpStatus: number }[] = [
    { name: 'auto, 202 forever', convention: auto, answer: empty(202), httpStatus: 202 },
    ...[generic, azureDetected, azureResource, googleDetected].map((convention) => ({
      name: `${convention.name}, running forever`,
      convention,
      answer: json(convention.running),
      httpStatus: 200,
    })),
  ]

  it.each(rows)('$name', async ({ convention, answer, httpStatus }) => {
    serve(convention, [answer])
    const op = await startOn(convention, { timeoutMs: 5_000 })
    const error = reasonOf(await outcomeWithin(op.wait(), 6_000))
    expect(error).toBeInstanceOf(PollTimeoutError)
    const timeout = error as PollTimeoutError
    expect(timeout.lastAnswer).toEqual({ httpStatus, url: convention.statusUrl })
    expect(timeout.message).toContain(String(httpStatus))
    expect(timeout.message).toContain(convention.statusUrl)
  })

  it("`protocol: 'result'` polling a URL that answers 404 until the deadline", async () => {
    server.use(
      http.post(at('/results'), empty(202, { location: '/results/8' })),
      http.get(at('/results/8'), empty(404)),
    )
    const client = createClient({ baseUrl: origin, backoff, protocol: 'result', timeoutMs: 5_000 })
    const op = await client.start('/results')
    const error = reasonOf(await outcomeWithin(op.wait(), 6_000)) as PollTimeoutError
    expect(error).toBeInstanceOf(PollTimeoutError)
    expect(error.lastAnswer).toEqual({ httpStatus: 404, url: at('/results/8') })
    expect(error.message).toContain('404')
    expect(error.message).toContain(at('/results/8'))
  })
})

describe('progress scale', () => {
  /** The progress of every snapshot of a job whose status bodies carry `readings`, then succeed. */
  async function progressOf(
    convention: Convention,
    readings: readonly Record<string, unknown>[],
    final: Record<string, unknown>,
  ): Promise<(number | undefined)[]> {
    serve(convention, [...readings.map((reading) => json(reading)), json(final)])
    const op = await startOn(convention)
    const seen: (number | undefined)[] = []
    const outcome = await outcomeWithin(
      op.wait({ onProgress: (snap) => seen.push(snap.progress) }),
      (readings.length + 2) * 1000,
    )
    expect(outcome?.status).toBe('fulfilled')
    return seen
  }

  const bare = (values: readonly number[]) =>
    values.map((progress) => ({ status: 'running', progress }))

  it.each([auto, generic])(
    '$name: bare progress 0.2, 0.5, 1, 2, 50, 100 never goes backwards',
    async (convention) => {
      const seen = await progressOf(convention, bare([0.2, 0.5, 1, 2, 50]), {
        status: 'succeeded',
        progress: 100,
        result: { rows: 3 },
      })
      expect(seen).toHaveLength(6)
      const values = seen.map((value) => value ?? Number.NaN)
      expect(values.slice(0, 2)).toEqual([0.2, 0.5])
      for (const [index, value] of values.entries()) {
        expect(value).toBeGreaterThanOrEqual(0)
        expect(value).toBeLessThanOrEqual(1)
        if (index > 0) expect(value).toBeGreaterThanOrEqual(values[index - 1] as number)
      }
      expect(values.at(-1)).toBe(1)
    },
  )

  it.each([auto, generic])(
    '$name: bare progress above 1 from the start reads as percent',
    async (convention) => {
      const seen = await progressOf(convention, bare([5, 10, 50]), {
        status: 'succeeded',
        progress: 100,
        result: { rows: 3 },
      })
      expect(seen).toEqual([0.05, 0.1, 0.5, 1])
    },
  )

  it.each([auto, generic])(
    '$name: bare progress within 0..1 reads as a fraction',
    async (convention) => {
      const seen = await progressOf(convention, bare([0.25, 0.5]), {
        status: 'succeeded',
        progress: 1,
        result: { rows: 3 },
      })
      expect(seen).toEqual([0.25, 0.5, 1])
    },
  )

  const percentRows = [auto, generic].flatMap((convention) =>
    ['percentComplete', 'progress-percent'].map((field) => ({
      name: convention.name,
      convention,
      field,
    })),
  )

  it.each(percentRows)(
    '$name: `$field` reads as 0..100, so 1 is 1%',
    async ({ convention, field }) => {
      const seen = await progressOf(
        convention,
        [1, 50].map((value) => ({ status: 'running', [field]: value })),
        { status: 'succeeded', [field]: 100, result: { rows: 3 } },
      )
      expect(seen).toEqual([0.01, 0.5, 1])
    },
  )

  it("azure: a monitor's `percentComplete` reads as 0..100, so 1 is 1%", async () => {
    const seen = await progressOf(
      azureDetected,
      [1, 50].map((percentComplete) => ({ status: 'Running', percentComplete })),
      { status: 'Succeeded', percentComplete: 100 },
    )
    expect(seen).toEqual([0.01, 0.5, 1])
  })

  it("google: the metadata's `progressPercent` reads as 0..100, so 1 is 1%", async () => {
    const name = 'operations/google-detected-7'
    const seen = await progressOf(
      googleDetected,
      [1, 50].map((progressPercent) => ({ name, done: false, metadata: { progressPercent } })),
      { name, done: true, metadata: { progressPercent: 100 }, response: { rows: 3 } },
    )
    expect(seen).toEqual([0.01, 0.5, 1])
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
