import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'e2e',
    // Last, after the browser tests (the root vitest.config.ts).
    sequence: { groupOrder: 2 },
    // The fault tests break Postgres, NATS and processes on purpose: `pnpm test:faults` runs them on their own;
    // `pnpm test:image` builds the container image and runs the stack from it.
    exclude: [...configDefaults.exclude, 'faults/**', 'image/**'],
    // Postgres and NATS, then the compiled services that the stacks run, and the web app their gateways serve
    // (the fuzz walks /app/ paths too).
    globalSetup: ['../packages/testkit/src/global-setup.ts', '../scripts/service-build.ts', '../web/test/build-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts a whole stack (five processes): one at a time is all two cores can take.
    maxWorkers: 1
  }
})
