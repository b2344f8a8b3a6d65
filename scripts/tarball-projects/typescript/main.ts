// A TypeScript consumer, type-checked (not run) under `moduleResolution` node16 and bundler: the
// client, a Standard Schema written by hand (no zod), the error classes, the subpaths that export
// the built-in conventions (`pollwise/azure`, `pollwise/google`) and `pollwise/testing`.
import {
  createClient,
  googleOperations as googleOperationsOfMain,
  type Operation,
  PollTimeoutError,
  PollwiseError,
  ProtocolError,
  ResponseValidationError,
  type Snapshot,
  type StandardSchemaV1,
} from 'pollwise'
import { azure } from 'pollwise/azure'
import { type GoogleOperationsOptions, google, googleOperations } from 'pollwise/google'
import { type Simulation, simulateOperation } from 'pollwise/testing'

/** `true` where a type fell back to `any`, which would make every check below pass. */
type IsAny<T> = 0 extends 1 & T ? true : false

interface Report {
  readonly url: string
}

const Report: StandardSchemaV1<unknown, Report> = {
  '~standard': {
    version: 1,
    vendor: 'scratch',
    validate: (value) =>
      typeof value === 'object' && value !== null && typeof Reflect.get(value, 'url') === 'string'
        ? { value: value as Report }
        : { issues: [{ message: 'expected { url: string }' }] },
  },
}

export async function fetchReport(signal: AbortSignal): Promise<string> {
  const api = createClient({ baseUrl: 'https://api.example.com/v2', timeoutMs: 60_000 })
  const op: Operation = await api.start('/reports', { json: { month: '2026-10' }, signal })
  try {
    const report = await op.wait({
      result: Report,
      signal,
      onProgress: (snap: Snapshot) => {
        const state: 'pending' | 'succeeded' | 'failed' | 'canceled' = snap.state
        const progress: number | undefined = snap.progress
        console.log(state, progress)
      },
    })
    const notAny: IsAny<typeof report> = false
    console.log(notAny)
    return report.url
  } catch (error) {
    if (error instanceof PollTimeoutError) {
      return `gave up after ${error.attempts} polls (last: ${error.lastAnswer?.httpStatus})`
    }
    if (error instanceof ResponseValidationError) return error.issues.map((i) => i.message).join()
    if (error instanceof ProtocolError) return `${error.url}: ${error.bodyExcerpt ?? ''}`
    if (error instanceof PollwiseError) return error.message
    throw error
  }
}

// @ts-expect-error: not a jitter
createClient({ backoff: { jitter: 'sometimes' } })

const operationUrl: GoogleOperationsOptions['operationUrl'] = (name) =>
  `https://ops.test/v1/${name}`
export const byName = createClient({ protocol: 'azure' })
export const forced = createClient({ protocol: googleOperations({ operationUrl }) })
export const forcedFromMain = createClient({ protocol: googleOperationsOfMain({ operationUrl }) })
export const byObject = [createClient({ protocol: azure }), createClient({ protocol: google })]

export const simulation: Simulation = simulateOperation({
  convention: 'generic',
  baseUrl: 'https://api.test',
  submitPath: '/reports',
  polls: 2,
  result: { url: 'https://files.test/report.pdf' },
})
export const kinds: ReadonlyArray<'submit' | 'poll' | 'result' | 'cancel'> =
  simulation.requests.map((request) => request.kind)

// @ts-expect-error: not a convention
simulateOperation({ convention: 'soap', submitPath: '/reports' })
