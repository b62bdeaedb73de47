import { createService, type ServiceApp } from '@travel-crm/service-kit'
import type { BillingConfig } from './config.js'
import { crmTripConsumer } from './events/crm-trips.js'
import { persistence } from './persistence.js'
import { registerInvoiceRoutes } from './routes/invoices.js'
import { registerPaymentRoutes } from './routes/payments.js'
import { crmTripDirectory } from './trips.js'

export async function buildApp (config: BillingConfig): Promise<ServiceApp> {
  return await createService({
    name: 'billing',
    config,
    persistence,
    consumers: [crmTripConsumer],
    routes: async (app) => {
      registerInvoiceRoutes(app, crmTripDirectory(app.bus, config.CRM_QUERY_TIMEOUT_MS))
      registerPaymentRoutes(app)
    }
  })
}
