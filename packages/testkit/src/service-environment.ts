import { createTestBus } from './test-bus.js'
import { createTestDatabase } from './test-database.js'
import { testInfrastructure } from './test-infrastructure.js'

/** The `METRICS_TOKEN` of every service under test: what a test sends to read `/metrics`. */
export const TEST_METRICS_TOKEN = 'metrics-token-of-the-tests'

export interface ServiceEnvironment {
  /** Environment for a service's `loadConfig(env)`: its own database, stream and subject prefix. */
  env: Record<string, string>
  databaseUrl: string
  natsUrl: string
  stream: string
  subjectPrefix: string
  cleanup: () => Promise<void>
}

/**
 * A private database and stream for one test file. Several services built with the same environment share
 * them, as they share one database and one stream in production.
 */
export async function createServiceEnvironment (
  extra: Record<string, string> = {},
  infrastructure: { databaseUrl: string, natsUrl: string } = testInfrastructure()
): Promise<ServiceEnvironment> {
  const database = await createTestDatabase(infrastructure.databaseUrl)
  const bus = createTestBus(infrastructure.natsUrl)
  return {
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      DATABASE_URL: database.url,
      NATS_URL: infrastructure.natsUrl,
      ...bus.env,
      METRICS_TOKEN: TEST_METRICS_TOKEN,
      ...extra
    },
    databaseUrl: database.url,
    natsUrl: infrastructure.natsUrl,
    stream: bus.stream,
    subjectPrefix: bus.subjectPrefix,
    // Both, even when one fails (a stream on a server that has gone away): the database must not be left behind.
    cleanup: async () => {
      const results = await Promise.allSettled([bus.cleanup(), database.drop()])
      const failed = results.find((result) => result.status === 'rejected')
      if (failed !== undefined) throw failed.reason
    }
  }
}
