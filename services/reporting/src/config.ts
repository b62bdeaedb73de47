import { Type } from 'typebox'
import { loadServiceConfig } from '@travel-crm/service-kit/http'

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('reporting', {
    /**
     * Exports read at once in one process, each holding a connection of its own pool while the database is read
     * for it (beside the `DB_POOL_MAX` of the ORM and of the JSON reports); more wait in the queue. A CSV is read
     * into a file, from which its clients download at their own pace (`exports.ts`).
     */
    REPORTING_EXPORT_CONNECTIONS: Type.Integer({ minimum: 1, maximum: 100, default: 4 }),
    /** Exports waiting for a stream at once; one more is refused with 503 and Retry-After. */
    REPORTING_EXPORT_QUEUE: Type.Integer({ minimum: 0, maximum: 1000, default: 32 }),
    /**
     * How long an export waits for its stream before it is a 503: below the gateway's `UPSTREAM_TIMEOUT_MS`,
     * and below the 30 s after which a service closes a connection that has been silent.
     */
    REPORTING_EXPORT_WAIT_MS: Type.Integer({ minimum: 0, maximum: 25_000, default: 10_000 })
  }, env)
}

export type ReportingConfig = ReturnType<typeof loadConfig>
