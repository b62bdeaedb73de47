import { policyLayer, buildHttpApp, type HttpApp } from '@travel-crm/service-kit/http'
import { dataLayer } from '@travel-crm/service-kit/data'
import { messagingLayer, serviceAppOf, type ServiceApp } from '@travel-crm/service-kit/messaging'
import type { CrmConfig } from './config.js'
import { sealWithClientKeys } from './client-keys.js'
import { billingInvoiceConsumer } from './events/billing-invoices.js'
import { billingPaymentConsumer } from './events/billing-payments.js'
import { persistence } from './persistence.js'
import { clientKeyResponder } from './responders/client-keys.js'
import { tripQueryResponder } from './responders/trip-queries.js'
import { archiveRoutes } from './routes/archive.js'
import { bookingRoutes } from './routes/bookings.js'
import { clientRoutes } from './routes/clients.js'
import { personalDataRoutes } from './routes/personal-data.js'
import { noteRoutes } from './routes/notes.js'
import { supplierRoutes } from './routes/suppliers.js'
import { travellerRoutes } from './routes/travellers.js'
import { tripRoutes } from './routes/trips.js'

/** Crm as a plugin: the layers it takes, then its routes and its answer to billing's trip queries. */
export async function crm (app: HttpApp, { config }: { config: CrmConfig }): Promise<void> {
  await app.register(policyLayer, { service: 'crm', config })
  await app.register(dataLayer, { service: 'crm', config, persistence })
  await app.register(messagingLayer, { service: 'crm', config, consumers: [billingInvoiceConsumer, billingPaymentConsumer], seal: sealWithClientKeys })
  await app.register(clientRoutes)
  await app.register(personalDataRoutes, { passportKeys: config.passportKeys })
  await app.register(tripRoutes, { defaultCurrency: config.DEFAULT_CURRENCY })
  await app.register(archiveRoutes)
  await app.register(noteRoutes)
  await app.register(travellerRoutes, { passportKeys: config.passportKeys })
  await app.register(supplierRoutes)
  await app.register(bookingRoutes)
  await app.register(tripQueryResponder)
  await app.register(clientKeyResponder)
}

export async function buildApp (config: CrmConfig): Promise<ServiceApp> {
  return serviceAppOf(await buildHttpApp('crm', config, crm))
}
