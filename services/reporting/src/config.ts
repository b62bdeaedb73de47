import { Type } from 'typebox'
import { loadServiceConfig } from '@travel-crm/service-kit/http'

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('reporting', {
    /**
     * CSV exports streaming at once in one process, each holding a connection of its own pool while its client
     * downloads (beside the `DB_POOL_MAX` of the ORM and of the JSON reports); one more is refused with 503.
     */
    REPORTING_EXPORT_CONNECTIONS: Type.Integer({ minimum: 1, maximum: 100, default: 4 })
  }, env)
}

export type ReportingConfig = ReturnType<typeof loadConfig>
