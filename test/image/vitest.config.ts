import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'image',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    // The machine's Postgres and NATS, which the containers use.
    globalSetup: ['../../packages/testkit/src/global-setup.ts'],
    // Building the base and the image is most of the time (about five minutes on two busy cores).
    hookTimeout: 30 * 60_000,
    testTimeout: 5 * 60_000
  }
})
