import { createService, type ServiceApp } from '@travel-crm/service-kit'
import type { BillingConfig } from './config.js'
import { crmTripConsumer } from './events/crm-trips.js'
import { purgeExpiredKeys } from './idempotency.js'
import { persistence } from './persistence.js'
import { registerInvoiceRoutes } from './routes/invoices.js'
import { registerPaymentRoutes } from './routes/payments.js'
import { crmTripDirectory } from './trips.js'

const KEY_PURGE_INTERVAL_MS = 3600_000

/** Expired idempotency keys are removed hourly by every replica; the delete is harmless when run twice. */
function scheduleKeyPurge (app: ServiceApp): void {
  let timer: NodeJS.Timeout | undefined
  const purge = async (): Promise<void> => {
    try {
      const removed = await purgeExpiredKeys(app.orm.em.fork())
      if (removed > 0) app.log.info({ removed }, 'expired idempotency keys removed')
    } catch (error) {
      app.log.warn({ err: error }, 'expired idempotency keys could not be removed; trying again later')
    }
  }
  app.addHook('onReady', async () => {
    await purge()
    timer = setInterval(() => { void purge() }, KEY_PURGE_INTERVAL_MS).unref()
  })
  app.addHook('onClose', async () => { clearInterval(timer) })
}

export async function buildApp (config: BillingConfig): Promise<ServiceApp> {
  return await createService({
    name: 'billing',
    config,
    persistence,
    consumers: [crmTripConsumer],
    routes: async (app) => {
      registerInvoiceRoutes(app, crmTripDirectory(app.bus, config.CRM_QUERY_TIMEOUT_MS))
      registerPaymentRoutes(app)
    },
    onReady: async (app) => { scheduleKeyPurge(app) }
  })
}
