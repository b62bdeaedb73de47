import { configDefaults, defineConfig } from 'vitest/config'

/** Fast tests of pure logic: no database, no broker, no service. `pnpm test:unit` runs only these. */
const UNIT = ['{packages,services}/*/test/**/*.unit.test.ts', 'gateway/test/**/*.unit.test.ts', 'bench/test/**/*.unit.test.ts']

/**
 * The unit and integration files first, two at a time even on two cores: they wait on Postgres and NATS more than
 * they compute, and two at a time took 5.2 minutes where one at a time took 8.7 (a slow 2-core VM whose whole CI
 * stood at 24.7 of its 25 minutes). Then the browser tests, then the whole-stack tests, each file a stack of its
 * own, one file at a time as before and never beside the integration files.
 */
const TOGETHER = { maxWorkers: 2, sequence: { groupOrder: 0 } }

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: UNIT, ...TOGETHER } },
      {
        test: {
          // Each package's and service's own tests against real Postgres and NATS (apps built in the test process).
          name: 'integration',
          include: ['{packages,services}/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT],
          globalSetup: ['packages/testkit/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          ...TOGETHER
        }
      },
      // The web app: its unit tests, and its browser tests against a whole stack (`web/vitest.config.ts`).
      'web',
      // The whole stack as processes, through the gateway (`test/vitest.config.ts`).
      'test'
    ]
  }
})
