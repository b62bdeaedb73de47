import { TripMargins, TripMarginsExportQuery, TripMarginsQuery } from '@travel-crm/contracts'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { sendExport } from '../documents.js'
import { TRIP_MARGIN_COLUMNS, tripMarginRows, tripMarginsJson } from '../margins/trip-margins.js'
import type { Reporting } from '../report-database.js'
import { ERRORS } from '../schemas.js'
import { EXPORT_RESPONSE, sendJson } from './reports.js'

/** What the agency earns over time: margins of its trips. */
export const marginRoutes = servicePlugin<Reporting>(async (app, { db, today }) => {
  app.get('/reports/trip-margins', {
    schema: { querystring: TripMarginsQuery, response: { 200: TripMargins, ...ERRORS } }
  }, async (request, reply) => sendJson(reply, await tripMarginsJson(db, request.query)))

  app.get('/reports/trip-margins/export', {
    schema: { querystring: TripMarginsExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => {
    const { group_by: groupBy, from, to } = request.query
    const query = { group_by: groupBy, from, to }
    return await sendExport(request, reply, db, today(), {
      report: 'trip-margins', filename: `trip_margins_by_${groupBy ?? 'trip'}.csv`, columns: TRIP_MARGIN_COLUMNS, rows: () => tripMarginRows(db, query)
    })
  })
})
