import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** A page's script with pollwise from src/ and its dependencies, as one ES module for the browser. */
export async function bundlePage(entry: URL): Promise<string> {
  const path = fileURLToPath(entry)
  const result = await build({
    entryPoints: [path],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
  })
  const [output] = result.outputFiles
  if (!output) throw new Error(`esbuild wrote no bundle for ${path}`)
  return output.text
}
