import { todayUtc } from '@travel-crm/contracts'
import { buildHttpApp, policyLayer, type HttpApp } from '@travel-crm/service-kit/http'
import { dataLayer } from '@travel-crm/service-kit/data'
import { messagingLayer, serviceAppOf, type ServiceApp } from '@travel-crm/service-kit/messaging'
import type { ReportingConfig } from './config.js'
import { CONSUMER, readModelConsumer } from './events/consumer.js'
import { Exports } from './exports.js'
import { persistence } from './persistence.js'
import { personalDataResponder } from './responders/personal-data.js'
import { openReportDatabase } from './report-database.js'
import { auditRoutes } from './routes/audit.js'
import { clientRoutes } from './routes/clients.js'
import { reportRoutes } from './routes/reports.js'
import { marginRoutes } from './routes/margins.js'
import { departureRoutes } from './routes/departures.js'
import { pipelineRoutes } from './routes/pipeline.js'

export { CONSUMER }

export interface ReportingOptions {
  /** Today in UTC as `YYYY-MM-DD`; tests fix it so that "overdue" does not move at midnight. */
  today?: () => string
}

/** Reporting as a plugin: the layers it takes with its projections, then the report routes over its own pools. */
export async function reporting (app: HttpApp, { config, options }: { config: ReportingConfig, options: ReportingOptions }): Promise<void> {
  await app.register(policyLayer, { service: 'reporting', config })
  await app.register(dataLayer, { service: 'reporting', config, persistence })
  await app.register(messagingLayer, { service: 'reporting', config, consumers: [readModelConsumer()] })
  const db = openReportDatabase(serviceAppOf(app).orm, { reports: config.DB_POOL_MAX, exports: config.REPORTING_EXPORT_CONNECTIONS })
  app.addHook('onClose', async () => { await db.close() })
  const today = options.today ?? (() => todayUtc())
  const exports = new Exports({ db, today }, {
    streams: config.REPORTING_EXPORT_CONNECTIONS,
    queue: config.REPORTING_EXPORT_QUEUE,
    waitMs: config.REPORTING_EXPORT_WAIT_MS
  })
  app.addHook('onClose', async () => { await exports.close() })
  const reading = { db, today, exports }
  await app.register(reportRoutes, reading)
  await app.register(clientRoutes, reading)
  await app.register(auditRoutes, reading)
  await app.register(personalDataResponder, reading)
  await app.register(marginRoutes, reading)
  await app.register(departureRoutes, reading)
  await app.register(pipelineRoutes, reading)
}

export async function buildApp (config: ReportingConfig, options: ReportingOptions = {}): Promise<ServiceApp> {
  return serviceAppOf(await buildHttpApp('reporting', config, async (app, { config }) => { await reporting(app, { config, options }) }))
}
