import { readFile } from 'node:fs/promises'
import { addAbortSignal } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { createClient, type Operation, type StartOptions } from '../index.js'
import type { BodySource, RunConfig } from './args.js'
import { clientOptions, submitHeaders } from './client-options.js'
import { UsageError } from './usage-error.js'

/**
 * The operation a run follows: submitted now, or resumed from the token file an earlier run saved.
 * Unreadable files and a malformed token are usage errors; `signal` aborts the submit.
 */
export async function openOperation(config: RunConfig, signal: AbortSignal): Promise<Operation> {
  const { source } = config
  if (source.kind === 'resume') {
    const token = await readText('--resume', source.file)
    const api = createClient(clientOptions(config))
    try {
      return api.resume(token)
    } catch (error) {
      throw new UsageError(`--resume: ${source.file}: ${(error as Error).message}`)
    }
  }
  const api = createClient(clientOptions(config))
  const start: StartOptions = {
    method: source.method,
    headers: submitHeaders(config),
    signal,
    ...(source.body === undefined ? {} : await body(source.body, signal)),
  }
  return api.start(source.url, start)
}

async function body(
  source: BodySource,
  signal: AbortSignal,
): Promise<Pick<StartOptions, 'json' | 'body'>> {
  switch (source.kind) {
    case 'json':
      return { json: source.value }
    case 'text':
      return { body: source.text }
    case 'file':
      return { body: new Blob([await readBytes(source.path, signal)]) }
  }
}

/**
 * The bytes of `path`; `-` is stdin, as curl's `--data @-`. `signal` stops the read: a producer
 * that has not closed the pipe would otherwise hold the process past Ctrl-C and SIGTERM.
 */
async function readBytes(path: string, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(
      path === '-'
        ? await buffer(addAbortSignal(signal, process.stdin))
        : await readFile(path, { signal }),
    )
  } catch (error) {
    throw new UsageError(`--data @${path}: ${(error as Error).message}`)
  }
}

async function readText(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new UsageError(`${option} ${path}: ${(error as Error).message}`)
  }
}
