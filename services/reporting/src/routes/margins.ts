import { CommissionReport, CommissionReportExportQuery, CommissionReportQuery, TripMargins, TripMarginsExportQuery, TripMarginsQuery } from '@travel-crm/contracts'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { sendExport } from '../documents.js'
import { COMMISSION_COLUMNS, commissionRows, commissionsJson } from '../margins/commissions.js'
import { TRIP_MARGIN_COLUMNS, tripMarginRows, tripMarginsJson } from '../margins/trip-margins.js'
import type { Reporting } from '../report-database.js'
import { ERRORS } from '../schemas.js'
import { ReportBodies } from '../report-bodies.js'
import { EXPORT_RESPONSE } from './reports.js'

/** What the agency earns over time: margins of its trips and commissions from its suppliers. */
export const marginRoutes = servicePlugin<Reporting>(async (app, reading) => {
  const { db, today } = reading
  // Bookings, trips and commissions all move the change count; commissions' overdue is judged on the day, which
  // the ETag holds as well.
  const bodies = new ReportBodies(reading)
  app.get('/reports/trip-margins', {
    schema: { querystring: TripMarginsQuery, response: { 200: TripMargins, ...ERRORS } }
  }, async (request, reply) => await bodies.send(request, reply, async () => await tripMarginsJson(db, request.query)))

  app.get('/reports/trip-margins/export', {
    schema: { querystring: TripMarginsExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => {
    const { group_by: groupBy, from, to } = request.query
    const query = { group_by: groupBy, from, to }
    return await sendExport(request, reply, reading, today(), {
      report: 'trip-margins', filename: `trip_margins_by_${groupBy ?? 'trip'}.csv`, columns: TRIP_MARGIN_COLUMNS, rows: () => tripMarginRows(db, query)
    })
  })
  app.get('/reports/commissions', {
    schema: { querystring: CommissionReportQuery, response: { 200: CommissionReport, ...ERRORS } }
  }, async (request, reply) => await bodies.send(request, reply, async (day) => await commissionsJson(db, day, request.query)))

  app.get('/reports/commissions/export', {
    schema: { querystring: CommissionReportExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => {
    const query = { group_by: request.query.group_by }
    return await sendExport(request, reply, reading, today(), {
      report: 'commissions', filename: `commissions_by_${query.group_by ?? 'supplier'}.csv`, columns: COMMISSION_COLUMNS, rows: () => commissionRows(db, today(), query)
    })
  })
})
