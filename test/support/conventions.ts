/**
 * Operations in every convention pollwise speaks (generic JSON under `auto` or forced, an Azure
 * monitor or resource, a Google Operation), served over msw under one origin, for the tests that
 * hold each convention to the same rules.
 */
import { HttpResponse, http, type JsonBodyType } from 'msw'
import type { setupServer } from 'msw/node'
import { expect } from 'vitest'
import { type ClientOptions, createClient } from '../../src/index.js'

export const origin = 'https://api.example.com'
export const at = (path: string) => `${origin}${path}`
/** One poll a second, no jitter: every poll time is known. */
export const backoff = {
  initialDelayMs: 1000,
  factor: 1,
  maxDelayMs: 1000,
  jitter: 'none',
} as const
/** Two polls a second, for the grace tests. */
export const quick = { initialDelayMs: 500, factor: 1, maxDelayMs: 500, jitter: 'none' } as const

/** The rejection reason, failing the test if the promise resolved or is still pending. */
export function reasonOf(outcome: PromiseSettledResult<unknown> | undefined): unknown {
  expect(outcome?.status).toBe('rejected')
  return (outcome as PromiseRejectedResult).reason
}

export type Answer = () => Response

export const json =
  (body: JsonBodyType, status = 200): Answer =>
  () =>
    HttpResponse.json(body, { status })
export const empty =
  (status: number, headers: Record<string, string> = {}): Answer =>
  () =>
    new HttpResponse(null, { status, headers })

/** Pushes a status field out of the message's own excerpt, so the message must name it itself. */
export const padding = 'x'.repeat(600)

export interface Convention {
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

export const notAString = [null, 3, {}, [], true]

export function genericConvention(name: string, protocol?: 'generic'): Convention {
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

export function azureMonitorConvention(name: string, protocol?: 'azure'): Convention {
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

export const azureResource: Convention = {
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

export function googleConvention(name: string, protocol?: 'google'): Convention {
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

export const auto = genericConvention('auto')
export const generic = genericConvention('generic', 'generic')
export const azureDetected = azureMonitorConvention('azure-detected')
export const azureForced = azureMonitorConvention('azure-forced', 'azure')
export const googleDetected = googleConvention('google-detected')
export const googleForced = googleConvention('google-forced', 'google')

export const everyConvention = [
  auto,
  generic,
  azureDetected,
  azureForced,
  azureResource,
  googleDetected,
  googleForced,
]
/**
 * Returns `serve`, which serves on `server` a convention's submit and answers its status URL with
 * `answers` in turn, the last one from then on; it counts the polls.
 */
export function conventionServer(server: ReturnType<typeof setupServer>) {
  return function serve(
    convention: Convention,
    answers: readonly Answer[],
  ): { polls: () => number } {
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
}

export function clientFor(convention: Convention, options: ClientOptions = {}) {
  return createClient({
    baseUrl: origin,
    backoff,
    ...(convention.protocol === undefined ? {} : { protocol: convention.protocol }),
    ...options,
  })
}

export async function startOn(convention: Convention, options: ClientOptions = {}) {
  return clientFor(convention, options).start(convention.submitUrl, {
    method: convention.method,
    json: {},
  })
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
