import type { Static } from 'typebox'
import { ClientStatement, IdParams, Problem } from '@travel-crm/contracts'
import { Problems, type ServiceApp } from '@travel-crm/service-kit'
import { sendCsv } from '../csv.js'
import { STATEMENT_COLUMNS, clientExists, clientStatement, clientStatementRows } from '../reports/client-statement.js'
import type { Reporting } from './reporting.js'
import { CSV_RESPONSE, ERRORS, NoQuery } from './schemas.js'

const NOT_FOUND = { 404: Problem }

function clientNotFound (id: number): Error {
  return new Problems.notFound(`Client ${id} not found`)
}

export async function clientRoutes (app: ServiceApp, { db, today }: Reporting): Promise<void> {
  app.get<{ Params: Static<typeof IdParams> }>('/clients/:id/details', {
    schema: { params: IdParams, querystring: NoQuery, response: { 200: ClientStatement, ...ERRORS, ...NOT_FOUND } }
  }, async (request) => {
    const statement = await clientStatement(db, request.params.id, today())
    if (statement === undefined) throw clientNotFound(request.params.id)
    return statement
  })

  app.get<{ Params: Static<typeof IdParams> }>('/clients/:id/details/export', {
    schema: { params: IdParams, querystring: NoQuery, response: { ...CSV_RESPONSE, ...NOT_FOUND } }
  }, async (request, reply) => {
    const { id } = request.params
    if (!await clientExists(db, id)) throw clientNotFound(id)
    return sendCsv(reply, `client_${id}_details.csv`, clientStatementRows(db, today(), id), STATEMENT_COLUMNS)
  })

  app.get('/clients/export', {
    schema: { querystring: NoQuery, response: { ...CSV_RESPONSE, ...NOT_FOUND } }
  }, async (_request, reply) => sendCsv(reply, 'all_clients_export.csv', clientStatementRows(db, today()), STATEMENT_COLUMNS))
}
