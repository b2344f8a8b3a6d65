import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { defineConfig } from 'tsup'

/**
 * The package ships its modules unbundled: each file of src/ becomes one ES module of dist/, at
 * the same path (src/protocols/azure.ts -> dist/protocols/azure.js), with its imports left as
 * they are. An app's bundler then takes only the modules the app reaches from what it imports:
 * `pollwise/azure` costs nothing to an app that does not import it. A prebuilt bundle cannot be
 * split again by the app's bundler.
 *
 * tsup (esbuild) writes the JavaScript, without comments; `tsc -p tsconfig.build.json` writes the
 * declarations beside it, one per module, with their TSDoc for editors. The CLI's entry
 * (src/cli/main.ts) starts with its shebang, which esbuild keeps.
 */
export default defineConfig({
  entry: ['src/**/*.ts'],
  outDir: 'dist',
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  bundle: false,
  // No source maps: the shipped modules are unminified, one per source file, readable as they are.
  sourcemap: false,
  dts: false,
  clean: true,
  // A module of types alone (src/types/options.ts) compiles to an empty file that nothing loads:
  // only its declarations ship.
  async onSuccess() {
    const files = await readdir('dist', { recursive: true })
    for (const file of files.filter((name) => name.endsWith('.js'))) {
      const path = join('dist', file)
      if ((await stat(path)).size === 0) await rm(path)
    }
  },
})
