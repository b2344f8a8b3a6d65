import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { root } from './results.js'

/**
 * The benchmarks measure the built package (dist/), as an app runs it. Not the TypeScript source
 * through tsx: tsx transpiles with esbuild's `keepNames`, which wraps every function in
 * `__name(fn, 'name')`; that redefines `name` on each closure, turning it into a dictionary-mode
 * object of ~256 bytes more and costing CPU at every closure made.
 */
const distEntry = new URL('dist/index.js', root)

function newestIn(dir: URL): number {
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(`${entry.parentPath}/${entry.name}`).mtimeMs),
  )
}

/** Builds dist/ (npm run build) when it is missing or older than src/; says which. */
export function ensureBuilt(): string {
  if (existsSync(distEntry) && statSync(distEntry).mtimeMs >= newestIn(new URL('src/', root))) {
    return 'dist/ as found, newer than src/'
  }
  console.log('bench: dist/ is missing or older than src/: npm run build')
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  return 'dist/ rebuilt from src/ by npm run build'
}

/** The built package's exports, typed by the source they are built from. */
export async function loadPollwise(): Promise<typeof import('../../src/index.js')> {
  return (await import(distEntry.href)) as typeof import('../../src/index.js')
}
