import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'faults',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    // The stacks run the compiled services.
    globalSetup: ['../../scripts/service-build.ts'],
    // Each file starts its own Postgres, nats-server and whole stack, then breaks them. Much of a file's time is
    // an outage being waited out (NATS down 30 s, a receiver down a minute), so two files at once take about a
    // third less time than one after the other; the tests passed this way with the machine's load at 26.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
