import { redactUrls } from '../redact-urls.js'
import { ExitCode, exitCodeFor } from './exit-codes.js'

const labels: Record<ExitCode, string> = {
  [ExitCode.success]: '',
  [ExitCode.failed]: 'the operation failed',
  [ExitCode.usage]: '',
  [ExitCode.canceled]: 'the operation was canceled',
  [ExitCode.timedOut]: 'timed out',
  [ExitCode.http]: 'HTTP error',
  [ExitCode.network]: 'network error',
  [ExitCode.protocol]: 'the server broke the protocol',
  [ExitCode.internal]: 'unexpected error (a bug in pollwise: please report it)',
  [ExitCode.output]: '',
  [ExitCode.interrupted]: 'interrupted',
  [ExitCode.terminated]: 'terminated',
}

/**
 * The stderr message for an error that ended a run: what kind of failure it was (the exit code's
 * meaning) and the error's own message; a usage error points to `--help`.
 *
 * @example
 * errorMessage(new UsageError('missing URL after the METHOD'))
 * // 'pollwise: missing URL after the METHOD\nRun "pollwise --help" for usage.'
 */
export function errorMessage(error: unknown): string {
  const code = exitCodeFor(error)
  const text = error instanceof Error ? error.message : String(error)
  // A usage error may quote a URL from the command line, whose query may hold a SAS token.
  if (code === ExitCode.usage) {
    return `pollwise: ${redactUrls(text)}\nRun "pollwise --help" for usage.`
  }
  if (code === ExitCode.internal && error instanceof Error && error.stack) {
    return `pollwise: ${labels[code]}: ${error.stack}`
  }
  return `pollwise: ${labels[code]}: ${text}`
}
