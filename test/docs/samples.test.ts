/**
 * Every ```ts block of the README and docs/ (docs/api, generated, aside) compiles against the real
 * API: a sample that drifts from the code fails here. A fence of ```ts no-check marks a fragment
 * shown but not compiled; keep those few.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/** The repository's root, whatever directory the tests run from. */
const root = join(import.meta.dirname, '..', '..')

/** One fenced TypeScript block of a Markdown page. */
interface Sample {
  /** The page, relative to the root. */
  readonly file: string
  /** The line of the opening fence, from 1. */
  readonly line: number
  /** The block's text, its list indentation removed. */
  readonly code: string
  /** The fence says `no-check`: a fragment that is shown, not compiled. */
  readonly noCheck: boolean
}

/** The README and every page under docs/ but the generated API reference. */
function documentationPages(): string[] {
  const pages: string[] = ['README.md']
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory() && path !== 'docs/api') walk(path)
      else if (entry.isFile() && entry.name.endsWith('.md')) pages.push(path)
    }
  }
  walk('docs')
  return pages.sort()
}

/** Every ```ts (or ```typescript) block of a page, with where it starts. */
function extractSamples(file: string, text = readFileSync(join(root, file), 'utf8')) {
  const lines = text.split('\n')
  const samples: Sample[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\S*)(.*)$/.exec(lines[i] ?? '')
    if (!open) continue
    const [, indent = '', fence = '', lang = '', info = ''] = open
    let end = i + 1
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(fence)) end++
    if (lang === 'ts' || lang === 'typescript') {
      const body = lines.slice(i + 1, end).map((line) => line.slice(indent.length))
      samples.push({ file, line: i + 1, code: body.join('\n'), noCheck: /\bno-check\b/.test(info) })
    }
    i = end
  }
  return samples
}

/**
 * What the samples may use without defining it: a client, an operation, a few page elements and
 * helpers of the reader's own app. Everything else a sample imports, as a reader's code would.
 */
const context = `
import type { createClient as create, Operation, PollwiseClient, Snapshot } from 'pollwise'
declare global {
  /** One-line samples of an option show \`createClient({ ... })\` without its import. */
  const createClient: typeof create
  /** A client made with createClient, as in the README. */
  const api: PollwiseClient
  /** An operation from api.start(). */
  const op: Operation
  const baseUrl: string
  const token: string
  const files: File[]
  const controller: AbortController
  const signal: AbortSignal
  const bar: HTMLProgressElement
  const progressBar: HTMLProgressElement
  const eta: HTMLElement
  const message: HTMLElement
  const cancelButton: HTMLButtonElement
  function showMessage(text: string): void
  function render(snapshot: Snapshot): void
  function download(file: unknown): void
  /** A simulation from pollwise/testing's simulateOperation(), as in docs/testing.md. */
  const simulation: import('pollwise/testing').Simulation
}
export {}
`

interface SampleDiagnostic {
  readonly sample: Sample
  /** `page.md:line: message`, the line counted in the page. */
  readonly text: string
}

/**
 * Type-checks the samples as modules of one program under the repository's compiler options, with
 * `pollwise` and its subpaths (`pollwise/azure`, `pollwise/google`, `pollwise/testing`) mapped to
 * src/. Each sample is a virtual file inside the repository, so that `zod` and the Node types
 * resolve from its node_modules.
 */
function checkSamples(samples: readonly Sample[]): {
  context: string[]
  results: Map<Sample, SampleDiagnostic[]>
} {
  const configPath = join(root, 'tsconfig.json')
  const config = ts.readConfigFile(configPath, ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath)
  const options: ts.CompilerOptions = {
    ...parsed.options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    baseUrl: root,
    paths: {
      pollwise: ['src/index.ts'],
      'pollwise/azure': ['src/azure.ts'],
      'pollwise/google': ['src/google.ts'],
      'pollwise/testing': ['src/testing/index.ts'],
    },
  }
  const dir = join(root, 'test', 'docs', '__samples__')
  const contextPath = join(dir, 'context.d.ts')
  const virtual = new Map<string, string>([[contextPath, context]])
  const byPath = new Map<string, Sample>()
  samples.forEach((sample, index) => {
    const name = `${sample.file.replaceAll('/', '_')}-${sample.line}-${index}.ts`
    const path = join(dir, name)
    // `export {}` makes every sample a module: top-level await, and no clash between samples.
    virtual.set(path, `${sample.code}\nexport {}\n`)
    byPath.set(path, sample)
  })

  const host = ts.createCompilerHost(options, true)
  const { getSourceFile, fileExists, readFile } = host
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(fileName)
    return text === undefined
      ? getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, languageVersion, true)
  }
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists.call(host, fileName)
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile.call(host, fileName)

  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host })
  const contextSource = program.getSourceFile(contextPath)
  const contextDiagnostics = contextSource ? program.getSemanticDiagnostics(contextSource) : []
  const results = new Map<Sample, SampleDiagnostic[]>()
  for (const [path, sample] of byPath) {
    const source = program.getSourceFile(path)
    if (!source) throw new Error(`The sample ${sample.file}:${sample.line} was not compiled`)
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ]
    results.set(
      sample,
      diagnostics.map((diagnostic) => {
        const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
        const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
        return { sample, text: `${sample.file}:${sample.line + 1 + line}: ${text}` }
      }),
    )
  }
  const flatten = (diagnostic: ts.Diagnostic) =>
    ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
  return { context: contextDiagnostics.map(flatten), results }
}

const pages = documentationPages()
const samples = pages.flatMap((page) => extractSamples(page))
const checked = samples.filter((sample) => !sample.noCheck)

describe('code samples in the README and docs/', () => {
  it('finds the samples: the README has its quick starts, and few are left unchecked', () => {
    expect(samples.filter((sample) => sample.file === 'README.md').length).toBeGreaterThanOrEqual(2)
    expect(checked.length).toBeGreaterThan(15)
    // The job-engine recipes of docs/durable.md (BullMQ, pg-boss, Temporal) import what pollwise
    // does not install; everything else compiles.
    expect(samples.length - checked.length).toBeLessThanOrEqual(6)
  })

  // One program for all of them: a few seconds, where a compiler per sample would take minutes.
  const { context: contextErrors, results } = checkSamples(checked)

  it('declares what the samples may use without defining it', () => {
    expect(contextErrors).toEqual([])
  })

  it.each(checked.map((sample) => [`${sample.file}:${sample.line}`, sample] as const))(
    '%s compiles',
    (_, sample) => {
      expect(results.get(sample)?.map((diagnostic) => diagnostic.text)).toEqual([])
    },
  )
})
