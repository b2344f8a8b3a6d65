import type { ResultLocator, StatusClassifier, StatusResponse } from './protocol.js'
import type { OperationState } from './snapshot.js'

/**
 * Where a status body's state is when zero configuration cannot find it: a field path (its value
 * a word, or a boolean named for what `true` means) or a function. The client's `stateField`.
 *
 * @example
 * const api = createClient({ stateField: 'job.phase' })           // {"job": {"phase": "RUNNING"}}
 * const flags = createClient({ stateField: (body) => ((body as { ok?: boolean }).ok ? 'succeeded' : 'pending') })
 */
export type StatePart = string | ((body: unknown) => OperationState | undefined)

/**
 * The parts of an API's convention a client can name, each as a field path (`'status.state'`), a
 * URI template (`'/v1/jobs/{id}'`, where a part is a URL) or a function. A part left out keeps the
 * built-in reading, and every part keeps its strictness: a running, failed or unreadable body
 * never resolves.
 *
 * @example
 * const api = createClient({
 *   baseUrl: 'https://api.example.com/v1',
 *   statusLocation: '/jobs/{id}',      // the submit answered {"id": "j-1"}
 *   stateField: 'runtimeStatus',       // {"runtimeStatus": "Running"}
 *   locateResult: 'output.file_url',   // where the finished job's file is
 * })
 */
export interface ConventionParts {
  /**
   * Where the status location is when no header names it: a field of the submit's answer
   * (`'links.status'`), a URI template filled from that answer (`'/v1/jobs/{id}'`, paths joined to
   * `baseUrl`; `{+name}` keeps slashes), or a function of the answer. A submit answered with a job
   * handle (`{"id": …}`) is then followed there. Default: the headers, then a field of the body
   * named for a status link (`statusUrl`, `status_url`, `…StatusUri`, `links.status`, `self`,
   * `urls.get`).
   */
  statusLocation?: string | ((answer: StatusResponse) => string | undefined)
  /**
   * Where a status body holds its state: a field path whose value is a word (classified by
   * `classifyStatus` and the built-in table) or a boolean named for what `true` means (`done`,
   * `is_running`), or a function of the body. Default: `status`, `state`, any `…Status`, `…State`
   * or `…Phase` field, boolean flags, and the same one level down.
   */
  stateField?: StatePart
  /** Maps status words the built-in table does not know (`'ON_HOLD'`…) to a state. */
  classifyStatus?: StatusClassifier
  /** Where a status body holds its progress: a field path or a function returning a number. */
  progressField?: string | ((body: unknown) => number | undefined)
  /**
   * The scale of progress figures whose field does not say (a bare `progress`): `'percent'` when
   * `progress: 1` means 1 %. Default: learned from the figures (see the conventions guide).
   */
  progressScale?: 'fraction' | 'percent'
  /**
   * Where a finished job's result is fetched from: a field path of the status body holding a link
   * (`'output.file_url'`), a URI template filled from the status body (`'/jobs/{id}/output'`), or a
   * function returning the URL. Relative links resolve against the status URL.
   */
  locateResult?: string | ResultLocator
  /** Where a finished status body holds the result itself: a field path or a function. */
  resultField?: string | ((body: unknown) => unknown)
  /** Where a failed status body holds what went wrong: a field path or a function. */
  failureField?: string | ((body: unknown) => unknown)
  /**
   * Where a status stream is (Server-Sent Events or NDJSON, each record a status body), when the
   * status location does not stream itself: a field path of the submit's answer or a status body
   * (`'links.events'`), a URI template filled from it (`'/jobs/{id}/events'`), or a function of the
   * answer. pollwise reads the stream while it lasts and polls the status location when it ends or
   * answers anything but a stream. Default: a field named for a stream link (`streamUrl`,
   * `stream_url`, `sseUrl`, `links.stream`).
   */
  streamLocation?: string | ((answer: StatusResponse) => string | undefined)
}
