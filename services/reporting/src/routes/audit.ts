import { AuditEntries, AuditExportQuery, AuditQuery } from '@travel-crm/contracts'
import { paged } from '@travel-crm/service-kit/http'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { AUDIT_COLUMNS, auditPage, auditRows } from '../audit-trail.js'
import { sendCsv } from '../csv.js'
import type { Reporting } from '../report-database.js'
import { CSV_RESPONSE, ERRORS } from '../schemas.js'

/**
 * The audit trail, built from the events by its own consumer (events/audit-trail.ts): reporting already reads
 * the whole stream and answers lists and CSV exports, and no other service sees every record's changes.
 */
export const auditRoutes = servicePlugin<Reporting>(async (app, { db, exports }) => {
  app.get('/audit', {
    schema: { querystring: AuditQuery, response: { 200: AuditEntries, ...ERRORS } }
  }, async (request, reply) => {
    const { rows, total } = await auditPage(db, request.query)
    return paged(request, reply, total, request.query).send(rows)
  })

  // Made for each request: not every entry moves the read models' change count that a shared export is kept by.
  app.get('/audit/export', {
    schema: { querystring: AuditExportQuery, response: CSV_RESPONSE }
  }, async (request, reply) => await exports.own(request, reply, () => sendCsv(reply, 'audit.csv', auditRows(db, request.query), AUDIT_COLUMNS)))
})
