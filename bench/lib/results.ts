import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'

export const root = new URL('../../', import.meta.url)
export const resultsDir = new URL('bench/results/', root)

/** Where and on what a result was measured. */
export interface RunInfo {
  readonly date: string
  readonly node: string
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  /** The commit measured, with `+dirty` when the work tree differed from it. */
  readonly commit: string
}

export function runInfo(): RunInfo {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    commit: commitMeasured(),
  }
}

function commitMeasured(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
  try {
    const head = git('rev-parse', '--short', 'HEAD')
    const dirty = git('status', '--porcelain', '--', 'src').length > 0
    return dirty ? `${head}+dirty src` : head
  } catch {
    return 'unknown'
  }
}

/** A file in bench/results/, the directory made when missing. */
export function resultFile(name: string): URL {
  mkdirSync(resultsDir, { recursive: true })
  return new URL(name, resultsDir)
}

export function writeResults(name: string, data: object): URL {
  const file = resultFile(`${name}.json`)
  writeFileSync(file, `${JSON.stringify({ run: runInfo(), ...data }, null, 2)}\n`)
  return file
}

export function readResults<T>(name: string): (T & { run: RunInfo }) | undefined {
  try {
    return JSON.parse(readFileSync(new URL(`${name}.json`, resultsDir), 'utf8'))
  } catch {
    return undefined
  }
}
