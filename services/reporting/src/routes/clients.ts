import { ClientStatement, IdParams, Problem } from '@travel-crm/contracts'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { sendCsv } from '../csv.js'
import { ReportingProblems } from '../problems.js'
import { STATEMENT_COLUMNS, clientExists, clientStatement, clientStatementRows } from '../reports/client-statement.js'
import type { Reporting } from '../report-database.js'
import { CSV_RESPONSE, ERRORS, NoQuery } from '../schemas.js'

const NOT_FOUND = { 404: Problem }

export const clientRoutes = servicePlugin<Reporting>(async (app, { db, today }) => {
  app.get('/clients/:id/details', {
    schema: { params: IdParams, querystring: NoQuery, response: { 200: ClientStatement, ...ERRORS, ...NOT_FOUND } }
  }, async (request) => {
    const statement = await clientStatement(db, request.params.id, today())
    if (statement === undefined) throw new ReportingProblems.clientNotFound(request.params.id)
    return statement
  })

  app.get('/clients/:id/details/export', {
    schema: { params: IdParams, querystring: NoQuery, response: { ...CSV_RESPONSE, ...NOT_FOUND } }
  }, async (request, reply) => {
    const { id } = request.params
    if (!await clientExists(db, id)) throw new ReportingProblems.clientNotFound(id)
    return sendCsv(reply, `client_${id}_details.csv`, clientStatementRows(db, today(), id), STATEMENT_COLUMNS)
  })

  app.get('/clients/export', {
    schema: { querystring: NoQuery, response: { ...CSV_RESPONSE, ...NOT_FOUND } }
  }, async (_request, reply) => sendCsv(reply, 'all_clients_export.csv', clientStatementRows(db, today()), STATEMENT_COLUMNS))
})
