import { existsSync, readFileSync } from 'node:fs'
import { findSourceMap, SourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'

const maps = new Map<string, SourceMap | undefined>()

/** The source map of a loaded file: the one Node holds, else the `.map` file beside it. */
function sourceMapOf(url: string): SourceMap | undefined {
  if (!url.startsWith('file:')) return undefined
  if (!maps.has(url)) {
    const mapFile = `${fileURLToPath(url)}.map`
    maps.set(
      url,
      findSourceMap(url) ??
        (existsSync(mapFile)
          ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')))
          : undefined),
    )
  }
  return maps.get(url)
}

/** A path a person reads: `src/…`, `dist/…`, `node_modules/…`, `bench/…`, or `node:…`. */
export function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(src|dist|bench|node_modules)\//, '$1/')
}

/**
 * `file:line` of a generated position (0-based line and column), in the original source where a
 * source map says (dist/ back to src/, tsx's output back to the TypeScript).
 */
export function sourceLine(url: string, line: number, column: number): string {
  const entry = sourceMapOf(url)?.findEntry(line, column) as
    | { originalSource?: string; originalLine?: number }
    | undefined
  if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
    const source = new URL(entry.originalSource, url).href
    return `${shortUrl(source)}:${entry.originalLine + 1}`
  }
  return `${shortUrl(url)}:${line + 1}`
}
