import {
  HTTPError,
  NetworkError,
  OperationCanceledError,
  OperationFailedError,
  PollTimeoutError,
  ProtocolError,
  ResponseValidationError,
  TimeoutError,
} from '../index.js'
import { UsageError } from './usage-error.js'

/** What the process's exit status means; docs/cli.md lists the same table. */
export const ExitCode = {
  /** The operation succeeded and its result is on stdout. */
  success: 0,
  /** The server says the operation failed. */
  failed: 1,
  /** Bad input: an option, an argument, a file named on the command line. */
  usage: 2,
  /** The operation was canceled, by the server or by `--cancel-on-interrupt`. */
  canceled: 3,
  /** `--timeout` passed before the operation ended. */
  timedOut: 4,
  /** A permanent HTTP failure, or one request outlasting its timeout on every try. */
  http: 5,
  /** The network failed (refused, reset, DNS) on every try. */
  network: 6,
  /** The server broke the protocol, or a body was not what it must be. */
  protocol: 7,
  /** Something pollwise did not expect: a bug, please report it. */
  internal: 70,
  /** stdout did not take the result (a full disk, an I/O error): sysexits.h's EX_IOERR. */
  output: 74,
  /** Ctrl-C (SIGINT) stopped polling; the operation may still run on the server. */
  interrupted: 130,
  /** SIGTERM stopped polling: 128 + 15, as a shell reports a process that SIGTERM ended. */
  terminated: 143,
} as const

/** The exit code for a signal that stopped the run: 128 + its number, the shell's convention. */
export function exitCodeForSignal(signal: NodeJS.Signals): ExitCode {
  return signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted
}

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * The exit code for an error that ended a run.
 *
 * @example
 * exitCodeFor(new PollTimeoutError(3, 200, undefined)) // ExitCode.timedOut
 */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return ExitCode.usage
  if (error instanceof OperationFailedError) return ExitCode.failed
  if (error instanceof OperationCanceledError) return ExitCode.canceled
  if (error instanceof PollTimeoutError) return ExitCode.timedOut
  if (error instanceof HTTPError || error instanceof TimeoutError) return ExitCode.http
  if (error instanceof NetworkError) return ExitCode.network
  if (error instanceof ProtocolError || error instanceof ResponseValidationError) {
    return ExitCode.protocol
  }
  if (error instanceof DOMException && error.name === 'AbortError') return ExitCode.interrupted
  return ExitCode.internal
}
