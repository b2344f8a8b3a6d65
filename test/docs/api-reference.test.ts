import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * docs/api is the API reference that `npm run docs:api` generates from the TSDoc. These tests fail
 * when it is stale (the TSDoc or the exports changed since it was generated) and when a public
 * export has no summary or no example.
 */
const root = join(import.meta.dirname, '..', '..')
const apiDir = join(root, 'docs', 'api')

/** Every name `src/index.ts` exports, read from its export declarations. */
function exportedNames(): { name: string; from: string }[] {
  const path = join(root, 'src', 'index.ts')
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest)
  return source.statements.flatMap((statement) => {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause) return []
    if (!ts.isNamedExports(statement.exportClause)) return []
    const from = (statement.moduleSpecifier as ts.StringLiteral).text
    return statement.exportClause.elements.map((element) => ({ name: element.name.text, from }))
  })
}

/** The files of a directory tree, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  const files: string[] = []
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name)
      if (entry.isDirectory()) walk(path)
      else files.push(relative(dir, path))
    }
  }
  walk(dir)
  return files.sort()
}

/** The page typedoc writes for a top-level export. */
function pageOf(name: string): string | undefined {
  const kinds = ['classes', 'functions', 'interfaces', 'type-aliases', 'variables']
  return kinds.map((kind) => join(apiDir, kind, `${name}.md`)).find((path) => existsSync(path))
}

/**
 * Exports whose TSDoc lives in a file these docs do not own yet, each with what it lacks. The test
 * below fails when the list is out of date in either direction: add the TSDoc, then remove the
 * entry.
 */
const knownGaps: Record<string, string> = {}

describe('the API reference in docs/api', () => {
  const exports = exportedNames()

  it('reads the exports of src/index.ts', () => {
    expect(exports.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['createClient', 'Operation', 'PollwiseError', 'Snapshot']),
    )
  })

  it('documents every public export with a summary and an example', () => {
    const index = readFileSync(join(apiDir, 'README.md'), 'utf8')
    const gaps: Record<string, string> = {}
    for (const { name, from } of exports) {
      if (from === 'ky') {
        // ky's errors are re-exported as they are: the package page documents them.
        if (!index.includes(`\`${name}\``)) gaps[name] = 'not in docs/api/README.md'
        continue
      }
      const page = pageOf(name)
      if (!page) {
        gaps[name] = 'no page'
        continue
      }
      const text = readFileSync(page, 'utf8')
      // The summary is the paragraph between the page's title (and signature) and its sections.
      const intro = text.split(/^# .*$/m)[1]?.split(/^## /m)[0] ?? ''
      const summary = intro
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('>') && !line.startsWith('***'))
      if (summary.length === 0) gaps[name] = 'no summary'
      else if (!/^## Examples?$/m.test(text)) gaps[name] = 'no example'
    }
    expect(gaps).toEqual(knownGaps)
    expect(index).toMatch(/^## Example$/m)
  })

  const scratch = mkdtempSync(join(tmpdir(), 'pollwise-api-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('is what `npm run docs:api` generates now (run it after changing the TSDoc)', async () => {
    const typedoc = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc')
    await promisify(execFile)(
      process.execPath,
      [typedoc, '--out', scratch, '--logLevel', 'Error'],
      {
        cwd: root,
      },
    )
    const generated = filesUnder(scratch)
    expect(filesUnder(apiDir)).toEqual(generated)
    for (const file of generated) {
      const fresh = readFileSync(join(scratch, file), 'utf8')
      expect(readFileSync(join(apiDir, file), 'utf8'), `docs/api/${file}`).toBe(fresh)
    }
  }, 60_000) // typedoc takes about 5 s of CPU time; more on a loaded machine
})
