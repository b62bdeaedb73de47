import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'faults',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    // Each file starts its own Postgres, nats-server and whole stack, then breaks them: one at a time.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
