import { Departures, DeparturesExportQuery, DeparturesQuery } from '@travel-crm/contracts'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { sendExport } from '../documents.js'
import { DEPARTURE_COLUMNS, departureRows, departuresJson } from '../departures/departures.js'
import { ReportBodies } from '../report-bodies.js'
import type { Reporting } from '../report-database.js'
import { ERRORS } from '../schemas.js'
import { EXPORT_RESPONSE } from './reports.js'

/** Trips leaving soon and what is still open before they do: money, bookings, passports. */
export const departureRoutes = servicePlugin<Reporting>(async (app, reading) => {
  const { db, today } = reading
  // The window starts today: the day is part of the ETag, so tomorrow's report is never yesterday's body.
  const bodies = new ReportBodies(reading)
  app.get('/reports/departures', {
    schema: { querystring: DeparturesQuery, response: { 200: Departures, ...ERRORS } }
  }, async (request, reply) => await bodies.send(request, reply, async (day) => await departuresJson(db, day, request.query)))

  app.get('/reports/departures/export', {
    schema: { querystring: DeparturesExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => {
    const day = today()
    const query = { days: request.query.days }
    return await sendExport(request, reply, reading, day, {
      report: 'departures', filename: 'departures.csv', columns: DEPARTURE_COLUMNS, rows: () => departureRows(db, day, query)
    })
  })
})
