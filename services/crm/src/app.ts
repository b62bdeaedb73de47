import { createService, type ServiceApp, type ServiceConfig } from '@travel-crm/service-kit'
import { billingInvoiceConsumer } from './events/billing-invoices.js'
import { answerTripQueries } from './events/trip-queries.js'
import { persistence } from './persistence.js'
import { clientRoutes } from './routes/clients.js'
import { noteRoutes } from './routes/notes.js'
import { tripRoutes } from './routes/trips.js'

export async function buildApp (config: ServiceConfig): Promise<ServiceApp> {
  return await createService({
    name: 'crm',
    config,
    persistence,
    consumers: [billingInvoiceConsumer],
    routes: async (app) => {
      await clientRoutes(app)
      await tripRoutes(app, config.DEFAULT_CURRENCY)
      await noteRoutes(app)
      answerTripQueries(app)
    }
  })
}
