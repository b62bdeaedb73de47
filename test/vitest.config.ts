import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'system',
    globalSetup: ['../packages/testkit/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts a whole stack (five processes); two at once is all two cores can take.
    maxWorkers: 1
  }
})
