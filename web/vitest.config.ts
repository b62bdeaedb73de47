import { defineConfig, mergeConfig } from 'vitest/config'
import app from './vite.config.js'

// The app's own Vite settings (its aliases into contracts), plus the tests'.
export default mergeConfig(app, defineConfig({
  test: {
    name: 'web',
    // After the unit and integration files, before the whole-stack tests (the root vitest.config.ts).
    sequence: { groupOrder: 1 },
    // Postgres and NATS for the browser tests' stack, the compiled services; then the app's build, made if stale.
    globalSetup: ['../packages/testkit/src/global-setup.ts', '../scripts/service-build.ts', './test/build-setup.ts'],
    // Browser steps against a whole stack on a shared two-core machine: generous, so that load is not failure.
    testTimeout: 120_000,
    // A page shows what the API and the event stream bring within seconds, not at once: wait up to ten.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 180_000
  }
}))
