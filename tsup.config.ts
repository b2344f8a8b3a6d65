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
  // The library, its testing helpers and its BullMQ worker (Node only: it needs bullmq, which the
  // app brings): built together, so that their declarations share one copy of pollwise's types.
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      bullmq: 'src/bullmq/index.ts',
    },
    platform: 'neutral',
    dts: true,
    external: ['msw', 'bullmq'],
  },
  // The `pollwise` command: Node only.
  {
    ...shared,
    entry: { cli: 'src/cli/main.ts' },
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
])
