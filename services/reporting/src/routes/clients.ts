import { ClientStatement, DocumentQuery, IdParams, PDF_RESPONSE, Problem } from '@travel-crm/contracts'
import { languageOf, sendDocument } from '@travel-crm/service-kit/http'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { recordsToCsv } from '../csv.js'
import { loadDocuments } from '@travel-crm/documents/load'
import { documentAgency } from '../documents.js'
import { ReportingProblems } from '../problems.js'
import { STATEMENT_COLUMNS, clientExists, clientStatement, clientStatementRecords } from '../reports/client-statement.js'
import type { Reporting } from '../report-database.js'
import { CSV_RESPONSE, ERRORS, NoQuery } from '../schemas.js'

const NOT_FOUND = { 404: Problem }

export const clientRoutes = servicePlugin<Reporting>(async (app, { db, today, exports }) => {
  app.get('/clients/:id/details', {
    schema: { params: IdParams, querystring: NoQuery, response: { 200: ClientStatement, ...ERRORS, ...NOT_FOUND } }
  }, async (request) => {
    const statement = await clientStatement(db, request.params.id, today())
    if (statement === undefined) throw new ReportingProblems.clientNotFound(request.params.id)
    return statement
  })

  app.get('/clients/:id/statement.pdf', {
    schema: { params: IdParams, querystring: DocumentQuery, response: { 200: PDF_RESPONSE, ...ERRORS, ...NOT_FOUND } }
  }, async (request, reply) => {
    const { id } = request.params
    const statement = await clientStatement(db, id, today())
    if (statement === undefined) throw new ReportingProblems.clientNotFound(id)
    const { statementDocument } = await loadDocuments()
    const pdf = statementDocument(statement, await documentAgency(db), languageOf(request), today())
    return sendDocument(reply, { type: 'application/pdf', filename: `statement_client_${id}.pdf`, disposition: 'inline' }, pdf)
  })

  app.get('/clients/:id/details/export', {
    schema: { params: IdParams, querystring: NoQuery, response: { ...CSV_RESPONSE, ...NOT_FOUND } }
  }, async (request, reply) => {
    const { id } = request.params
    if (!await clientExists(db, id)) throw new ReportingProblems.clientNotFound(id)
    return await exports.shared(request, reply, `client_${id}_details.csv`, () => recordsToCsv(clientStatementRecords(db, today(), id), STATEMENT_COLUMNS))
  })

  app.get('/clients/export', {
    schema: { querystring: NoQuery, response: { ...CSV_RESPONSE, ...NOT_FOUND } }
  }, async (request, reply) => await exports.shared(request, reply, 'all_clients_export.csv', () => recordsToCsv(clientStatementRecords(db, today()), STATEMENT_COLUMNS)))
})
