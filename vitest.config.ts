import { configDefaults, defineConfig } from 'vitest/config'

/** Fast tests of pure logic: no database, no broker, no service. `pnpm test:unit` runs only these. */
const UNIT = ['{packages,services}/*/test/**/*.unit.test.ts', 'gateway/test/**/*.unit.test.ts']

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: UNIT } },
      {
        test: {
          // Each package's and service's own tests against real Postgres and NATS (apps built in the test process).
          name: 'integration',
          include: ['{packages,services}/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT],
          globalSetup: ['packages/testkit/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000
        }
      },
      // The whole stack as processes, through the gateway (`test/vitest.config.ts`).
      'test'
    ]
  }
})
