#!/usr/bin/env node
import { parseCommandLine } from './args.js'
import { errorMessage } from './error-message.js'
import { ExitCode, exitCodeFor, exitCodeForSignal } from './exit-codes.js'
import { helpText } from './help.js'
import { type RunIo, runOperation } from './run.js'
import { packageVersion } from './version.js'

/** `pollwise METHOD URL [options]`: parses argv, runs, and leaves the exit code to the process. */
async function main(argv: readonly string[]): Promise<ExitCode> {
  let command: ReturnType<typeof parseCommandLine>
  try {
    command = parseCommandLine(argv)
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n`)
    return exitCodeFor(error)
  }
  switch (command.kind) {
    case 'help':
      process.stdout.write(helpText)
      return ExitCode.success
    case 'version':
      process.stdout.write(`${packageVersion()}\n`)
      return ExitCode.success
    case 'run':
      return runOperation(command.config, processIo())
  }
}

/**
 * The real process: the first Ctrl-C (SIGINT) or SIGTERM (docker stop, Kubernetes, a CI runner
 * that ends a job) goes to the run, a second one exits at once with its own code; so does the
 * first when the run no longer wants it (the result is being written).
 */
function processIo(): RunIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(handler) {
      let interrupted = false
      const onSignal = (signal: NodeJS.Signals) => {
        if (interrupted || !handler(signal)) process.exit(exitCodeForSignal(signal))
        interrupted = true
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      return () => {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
      }
    },
  }
}

// A failed write reports to its own callback (run.ts), where a reader that went away (`| head`)
// is no failure; without a listener the stream's 'error' event would crash the process. Progress
// and messages on stderr are best-effort: a reader of stderr that went away (`2>&1 | head -1`)
// must not end the run (it crashed with exit 1, "the operation failed"); the exit code still tells.
process.stdout.on('error', () => {})
process.stderr.on('error', () => {})

process.exitCode = await main(process.argv.slice(2))
