import { writeFile } from 'node:fs/promises'
import { defaultSensitiveHeaders } from '../http/credentials.js'
import { CancelNotSupportedError, type Operation } from '../index.js'
import { redactUrls } from '../redact-urls.js'
import type { RunConfig } from './args.js'
import { errorMessage } from './error-message.js'
import { ExitCode, exitCodeFor, exitCodeForSignal } from './exit-codes.js'
import { openOperation } from './open-operation.js'
import { resultOutput } from './output.js'
import { createProgress } from './progress.js'
import { UsageError } from './usage-error.js'

/** The process a run talks to; main.ts passes the real one, tests may pass their own. */
export interface RunIo {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WriteStream
  /**
   * Calls `handler` on Ctrl-C (SIGINT) or SIGTERM until the returned function is called. A
   * handler that returns `false` leaves the signal to end the process at once.
   */
  onInterrupt(handler: (signal: NodeJS.Signals) => boolean): () => void
}

/**
 * Submits (or resumes) the operation, follows it with progress on stderr, writes the result on
 * stdout, and tells the exit code. Every error becomes a message on stderr and its exit code.
 */
export async function runOperation(config: RunConfig, io: RunIo): Promise<ExitCode> {
  const progress = createProgress(io.stderr, config.quiet)
  /** Outcomes and errors print even with --quiet. */
  const say = (text: string) => {
    progress.end()
    io.stderr.write(`${text}\n`)
  }
  const stop = new AbortController()
  let operation: Operation | undefined
  let canceling: Promise<ExitCode> | undefined
  let settled = false
  let interrupted: ExitCode = ExitCode.interrupted
  const stopListening = io.onInterrupt((signal) => {
    // Once the result is in, a signal has nothing left to cancel: it stops the write of the result
    // (a reader of stdout that reads no more would hold the process for ever).
    if (settled) return false
    if (canceling || stop.signal.aborted) return true
    interrupted = exitCodeForSignal(signal)
    if (operation && config.cancelOnInterrupt) {
      progress.note('pollwise: interrupted; asking the server to cancel')
      canceling = cancelOnServer(operation, say, interrupted)
    } else {
      stop.abort()
    }
    return true
  })
  try {
    operation = await openOperation(config, stop.signal)
    progress.note(openedNote(config, operation))
    if (config.saveToken !== undefined) await saveToken(operation, config.saveToken, say)
    const result = await operation.wait({
      signal: stop.signal,
      // After Ctrl-C the display stops: what follows is the cancel's outcome.
      onProgress: (snapshot) => {
        if (!canceling) progress.update(snapshot)
      },
    })
    settled = true
    progress.end()
    return await writeResult(io.stdout, await resultOutput(result), say)
  } catch (error) {
    if (canceling) return await canceling
    if (stop.signal.aborted) {
      say(interruptedMessage(config, operation, error))
      return interrupted
    }
    say(errorMessage(error))
    return exitCodeFor(error)
  } finally {
    stopListening()
  }
}

/**
 * What stderr says of where the operation is: a URL as error messages show it, without its query
 * values (a status monitor's may hold a SAS token, and stderr goes to CI logs).
 */
function openedNote(config: RunConfig, operation: Operation): string {
  const { source } = config
  const polling = redactUrls(operation.statusUrl)
  if (source.kind === 'start') {
    return `pollwise: submitted ${source.method} ${redactUrls(source.url)}; polling ${polling}`
  }
  const resumed = `pollwise: resumed from ${source.file}; polling ${polling}`
  const origin = new URL(operation.statusUrl).origin
  const withheld = config.headers.some(([name]) =>
    (defaultSensitiveHeaders as readonly string[]).includes(name),
  )
  return withheld && !config.trustedOrigins.includes(origin)
    ? `${resumed}\npollwise: credential headers go only to origins given with --trust (a saved operation names none that is trusted): add --trust ${origin} to send them there`
    : resumed
}

/**
 * Writes `JSON.stringify(operation)` for a later `--resume`, readable by its owner alone (its URLs
 * may carry a SAS or a presigned signature); a failure warns, polling goes on.
 */
async function saveToken(operation: Operation, file: string, say: (text: string) => void) {
  const token = JSON.stringify(operation)
  try {
    await writeFile(file, `${token}\n`, { mode: 0o600 })
  } catch (error) {
    say(`pollwise: could not save the token to ${file} (${(error as Error).message}): ${token}`)
  }
}

/**
 * `--cancel-on-interrupt`: asks the server to cancel. The exit code says whether it did: canceled
 * when it accepted, the signal's own (`interrupted`) when it refused or offers no cancel (the
 * operation may go on).
 */
async function cancelOnServer(
  operation: Operation,
  say: (text: string) => void,
  interrupted: ExitCode,
) {
  const where = redactUrls(operation.statusUrl)
  try {
    if (await operation.cancel()) {
      say(`pollwise: canceled: the server accepted the cancel of ${where}`)
      return ExitCode.canceled
    }
    say(`pollwise: interrupted; the server refused to cancel ${where} (it may have ended already)`)
  } catch (error) {
    if (!(error instanceof CancelNotSupportedError)) {
      say(errorMessage(error))
      return exitCodeFor(error)
    }
    say(`pollwise: interrupted; the server offers no cancel, so ${where} may still run`)
  }
  return interrupted
}

function interruptedMessage(
  config: RunConfig,
  operation: Operation | undefined,
  error: unknown,
): string {
  // A usage error comes from reading the command line's files (a `--data @-` still being read),
  // before anything is sent.
  if (!operation && error instanceof UsageError) {
    return 'pollwise: interrupted before the submit; nothing was sent'
  }
  if (!operation) {
    return 'pollwise: interrupted during the submit; the server may have started the operation'
  }
  const { source } = config
  const file = config.saveToken ?? (source.kind === 'resume' ? source.file : undefined)
  const resume = file === undefined ? '' : `\npollwise: to go on waiting: pollwise --resume ${file}`
  return `pollwise: interrupted; the operation may still run at ${redactUrls(operation.statusUrl)}${resume}`
}

/**
 * Writes the result; stdout that cannot take it (a full disk: `> out.json`, ENOSPC) is no bug in
 * pollwise but an I/O error, said in one line with its own exit code.
 */
async function writeResult(
  stdout: NodeJS.WritableStream,
  data: string | Uint8Array | undefined,
  say: (text: string) => void,
): Promise<ExitCode> {
  try {
    await write(stdout, data)
    return ExitCode.success
  } catch (error) {
    say(`pollwise: could not write the result: ${(error as Error).message}`)
    return ExitCode.output
  }
}

function write(stream: NodeJS.WritableStream, data: string | Uint8Array | undefined) {
  return new Promise<void>((resolve, reject) => {
    if (data === undefined || data.length === 0) {
      resolve()
      return
    }
    stream.write(data, (error) => {
      // A reader that went away (`| head`) wants no more: that is not a failure of the run.
      if (error && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error)
      else resolve()
    })
  })
}
