import { DocumentRenderer } from '@travel-crm/documents/renderer'
import { buildHttpApp, policyLayer, type HttpApp } from '@travel-crm/service-kit/http'
import { dataLayer } from '@travel-crm/service-kit/data'
import { messagingLayer, serviceAppOf, type ServiceApp } from '@travel-crm/service-kit/messaging'
import type { BillingConfig } from './config.js'
import { crmBookingConsumer } from './events/crm-bookings.js'
import { crmClientConsumer } from './events/crm-clients.js'
import { crmTripConsumer } from './events/crm-trips.js'
import { persistence } from './persistence.js'
import { ReminderScheduler } from './reminders/scheduler.js'
import { personalDataResponder } from './responders/personal-data.js'
import { invoiceRoutes } from './routes/invoices.js'
import { paymentRoutes } from './routes/payments.js'
import { commissionRoutes } from './routes/commissions.js'
import { settingsRoutes } from './routes/settings.js'
import { crmTripDirectory } from './trips.js'

/** What billing takes besides its configuration: the clock its reminders judge by (tests set it). */
export interface BillingOptions {
  now?: () => Date
}

/** Billing as a plugin: the layers it takes with its consumer of crm's trips, its reminders, then its routes. */
export async function billing (app: HttpApp, { config, now = () => new Date() }: { config: BillingConfig } & BillingOptions): Promise<void> {
  await app.register(policyLayer, { service: 'billing', config })
  await app.register(dataLayer, { service: 'billing', config, persistence })
  await app.register(messagingLayer, { service: 'billing', config, consumers: [crmTripConsumer, crmClientConsumer, crmBookingConsumer(config.COMMISSION_DUE_DAYS)] })
  const service = serviceAppOf(app)
  const reminders = new ReminderScheduler(service.transact, app.log, { days: config.REMINDER_DAYS, intervalMs: config.REMINDER_INTERVAL_MS, now })
  app.decorate('reminders', reminders)
  app.addHook('onReady', async () => { reminders.start() })
  // Added after the messaging layer's, so it runs before it: no round is under way once the database closes.
  app.addHook('onClose', async () => { await reminders.stop() })
  const trips = crmTripDirectory(serviceAppOf(app).bus, config.CRM_QUERY_TIMEOUT_MS)
  // Invoices are rendered in a process of their own that ends when idle, giving back all that PDFKit took.
  const renderer = new DocumentRenderer()
  app.addHook('onClose', async () => { await renderer.close() })
  await app.register(invoiceRoutes, { trips, renderer })
  await app.register(paymentRoutes)
  await app.register(settingsRoutes)
  await app.register(commissionRoutes)
  await app.register(personalDataResponder)
}

export async function buildApp (config: BillingConfig, options: BillingOptions = {}): Promise<ServiceApp> {
  return serviceAppOf(await buildHttpApp('billing', config, async (app, opts) => { await billing(app, { ...opts, ...options }) }))
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Billing's reminder rounds; tests run one at a time of their choosing. */
    reminders: ReminderScheduler
  }
}
