import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The built bin, as `npm install` links it. */
export const cliPath = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

/** Fails at once, with what to do, when the bin was not built. */
export function assertBuilt(): void {
  if (!existsSync(cliPath)) {
    throw new Error(`${cliPath} is missing: run \`npm run build\` before the CLI tests`)
  }
}

export interface CliOutcome {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface CliOptions {
  /** Called with all of stderr so far, each time more arrives: to act mid-run (send a signal). */
  readonly onStderr?: (stderr: string, child: ChildProcess) => void
  /** Kills the child past this, so that a hung run fails its test instead of the suite. */
  readonly timeoutMs?: number
}

/**
 * Runs `node dist/cli/main.js ...args` as a child process with pipes for stdout and stderr (so neither
 * is a terminal), and resolves when it exits.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      options.onStderr?.(stderr, child)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 12_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (signal === 'SIGKILL') reject(new Error(`pollwise ${args.join(' ')} hung:\n${stderr}`))
      else resolve({ code, stdout, stderr })
    })
  })
}

/** The status URL the bin says it polls (`pollwise: submitted ...; polling URL`). */
export function polledUrl(stderr: string): URL {
  const match = /polling (\S+)/.exec(stderr)
  if (!match?.[1]) throw new Error(`no "polling URL" line in:\n${stderr}`)
  return new URL(match[1])
}
