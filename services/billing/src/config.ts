import { Type } from 'typebox'
import { loadServiceConfig } from '@travel-crm/service-kit/http'

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('billing', {
    /** How long an invoice for a trip billing has not heard of waits for crm's answer before a 503. */
    CRM_QUERY_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 30_000, default: 2000 }),
    /** An installment with money open is announced due soon this many days before it falls due. */
    REMINDER_DAYS: Type.Integer({ minimum: 0, maximum: 365, default: 7 }),
    /** How often each replica looks for installments to announce: the most a reminder can be late. */
    REMINDER_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 86_400_000, default: 60_000 }),
    /** A supplier's commission on a booking falls due this many days after the booking ends. */
    COMMISSION_DUE_DAYS: Type.Integer({ minimum: 0, maximum: 3650, default: 30 })
  }, env)
}

export type BillingConfig = ReturnType<typeof loadConfig>
