import { Type } from 'typebox'
import { loadServiceConfig } from '@travel-crm/service-kit/http'

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('crm', {
    /** The currency of a trip whose price comes without one. */
    DEFAULT_CURRENCY: Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR' })
  }, env)
}

export type CrmConfig = ReturnType<typeof loadConfig>
