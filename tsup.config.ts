import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  format: ['esm'],
  target: 'es2022',
  // No source maps: the shipped JS is unminified ESM, each module headed by its source path
  // (`// src/…`), readable as is. Maps hold the whole source again for each entry: they more than
  // doubled the package.
  sourcemap: false,
  treeshake: true,
}

export default defineConfig([
  // The library and its testing helpers: platform-neutral, for Node and browsers alike.
  {
    ...shared,
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    platform: 'neutral',
    dts: true,
    external: ['msw'],
  },
  // The `pollwise` command: Node only.
  {
    ...shared,
    entry: { cli: 'src/cli/main.ts' },
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
])
