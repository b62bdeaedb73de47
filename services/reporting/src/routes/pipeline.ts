import { PipelineExportQuery, PipelineQuery, PipelineReport } from '@travel-crm/contracts'
import { refuseReversedPeriod } from '@travel-crm/service-kit/http'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { sendExport } from '../documents.js'
import { PIPELINE_COLUMNS, pipelineJson, pipelineRows } from '../pipeline/pipeline-report.js'
import { ReportBodies } from '../report-bodies.js'
import type { Reporting } from '../report-database.js'
import { ERRORS } from '../schemas.js'
import { EXPORT_RESPONSE } from './reports.js'

/** Where the agency's trips stand, and how many of its inquiries became bookings. */
export const pipelineRoutes = servicePlugin<Reporting>(async (app, reading) => {
  const { db, today } = reading
  const bodies = new ReportBodies(reading)

  app.get('/reports/pipeline', {
    schema: { querystring: PipelineQuery, response: { 200: PipelineReport, ...ERRORS } }
  }, async (request, reply) => {
    refuseReversedPeriod(request.query)
    return await bodies.send(request, reply, async () => await pipelineJson(db, request.query))
  })

  app.get('/reports/pipeline/export', {
    schema: { querystring: PipelineExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => {
    const { from, to } = request.query
    refuseReversedPeriod({ from, to })
    return await sendExport(request, reply, reading, today(), {
      report: 'pipeline', filename: 'pipeline.csv', columns: PIPELINE_COLUMNS, rows: () => pipelineRows(db, { from, to })
    })
  })
})
