export { HTTPError, TimeoutError } from 'ky'
export { createClient, type PollwiseClient } from './client.js'
export {
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  PollwiseError,
  ProtocolError,
  ResponseValidationError,
  type ValidationIssue,
} from './errors.js'
export { Operation } from './operation.js'
export type { ProtocolName } from './protocols/index.js'
export type { ResultLocator, StatusClassifier } from './protocols/types.js'
export type { Jitter } from './schedule.js'
export type {
  BackoffOptions,
  ClientOptions,
  RunOptions,
  StartOptions,
  WaitOptions,
} from './types/options.js'
export type { OperationState, Snapshot } from './types/snapshot.js'
export type { StandardSchemaV1 } from './types/standard-schema.js'
