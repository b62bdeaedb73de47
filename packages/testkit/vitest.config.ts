import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./src/global-setup.ts'],
    // fault tests start and stop real servers; the defaults are too tight for initdb on a busy machine
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
