export { HTTPError, TimeoutError } from 'ky'
export { createClient, type PollwiseClient } from './client.js'
export type { Clock } from './clock.js'
export {
  CancelNotSupportedError,
  type LastAnswer,
  NetworkError,
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  PollwiseError,
  ProtocolError,
  ResponseValidationError,
  type ValidationIssue,
} from './errors.js'
export { Operation } from './operation.js'
export { type GoogleOperationsOptions, googleOperations } from './protocols/google.js'
export type { ProtocolName } from './protocols/index.js'
export type {
  FinalStateVia,
  Observation,
  ProgressReading,
  Protocol,
  ProtocolContext,
  ResultLocator,
  ResultSource,
  StatusClassifier,
  StatusResponse,
  SubmitInfo,
} from './protocols/types.js'
export type { ResumeToken } from './resume-token.js'
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
