import { buildHttpApp, policyLayer, type HttpApp } from '@travel-crm/service-kit/http'
import { dataLayer } from '@travel-crm/service-kit/data'
import { messagingLayer, serviceAppOf, type ServiceApp } from '@travel-crm/service-kit/messaging'
import type { BillingConfig } from './config.js'
import { crmClientConsumer } from './events/crm-clients.js'
import { crmTripConsumer } from './events/crm-trips.js'
import { persistence } from './persistence.js'
import { personalDataResponder } from './responders/personal-data.js'
import { invoiceRoutes } from './routes/invoices.js'
import { paymentRoutes } from './routes/payments.js'
import { settingsRoutes } from './routes/settings.js'
import { crmTripDirectory } from './trips.js'

/** Billing as a plugin: the layers it takes with its consumer of crm's trips, then its routes. */
export async function billing (app: HttpApp, { config }: { config: BillingConfig }): Promise<void> {
  await app.register(policyLayer, { service: 'billing', config })
  await app.register(dataLayer, { service: 'billing', config, persistence })
  await app.register(messagingLayer, { service: 'billing', config, consumers: [crmTripConsumer, crmClientConsumer] })
  const trips = crmTripDirectory(serviceAppOf(app).bus, config.CRM_QUERY_TIMEOUT_MS)
  await app.register(invoiceRoutes, { trips })
  await app.register(paymentRoutes)
  await app.register(settingsRoutes)
  await app.register(personalDataResponder)
}

export async function buildApp (config: BillingConfig): Promise<ServiceApp> {
  return serviceAppOf(await buildHttpApp('billing', config, billing))
}
