import { todayUtc } from '@travel-crm/contracts'
import { createService, type ServiceApp, type ServiceConfig } from '@travel-crm/service-kit'
import { projections } from './events/projections.js'
import { persistence } from './persistence.js'
import { EXPORT_CONNECTIONS, openReportDatabase } from './report-database.js'
import { exportSlots } from './routes/export-slots.js'
import { clientRoutes } from './routes/clients.js'
import { reportRoutes } from './routes/reports.js'

/** The durable consumer every replica shares; it reads the whole stream (auth.>, crm.>, billing.>). */
export const CONSUMER = 'reporting'

export interface ReportingOptions {
  /** Today in UTC as `YYYY-MM-DD`; tests fix it so that "overdue" does not move at midnight. */
  today?: () => string
}

export async function buildApp (config: ServiceConfig, options: ReportingOptions = {}): Promise<ServiceApp> {
  return await createService({
    name: 'reporting',
    config,
    persistence,
    consumers: [{ durable: CONSUMER, handlers: projections }],
    routes: async (app) => {
      const reporting = { db: openReportDatabase(app.orm), today: options.today ?? (() => todayUtc()) }
      app.addHook('onClose', async () => { await reporting.db.close() })
      app.addHook('preHandler', exportSlots(EXPORT_CONNECTIONS))
      await reportRoutes(app, reporting)
      await clientRoutes(app, reporting)
    }
  })
}
