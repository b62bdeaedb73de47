import { Type } from 'typebox'
import { loadServiceConfig } from '@travel-crm/service-kit/http'

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('billing', {
    /** How long an invoice for a trip billing has not heard of waits for crm's answer before a 503. */
    CRM_QUERY_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 30_000, default: 2000 })
  }, env)
}

export type BillingConfig = ReturnType<typeof loadConfig>
