import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/process-guards.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
})
