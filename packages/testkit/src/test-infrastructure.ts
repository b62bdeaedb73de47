import { inject } from 'vitest'
import type {} from './provided-context.js'

/** Inside a test: the URLs that global-setup.ts found for this run. */
export function testInfrastructure (): { databaseUrl: string, natsUrl: string } {
  const databaseUrl = inject('databaseUrl')
  const natsUrl = inject('natsUrl')
  if (!databaseUrl || !natsUrl) {
    throw new Error(
      'No test infrastructure was provided: add globalSetup: [\'<repo>/packages/testkit/src/global-setup.ts\'] ' +
        'to this project in the root vitest.config.ts'
    )
  }
  return { databaseUrl, natsUrl }
}
