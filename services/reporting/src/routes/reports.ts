import type { FastifyReply } from 'fastify'
import {
  InvoiceSummary, MonthlyRevenue, MonthlyRevenueQuery, RevenueByClient, UnpaidInvoices, UnpaidInvoicesQuery
} from '@travel-crm/contracts'
import { paged } from '@travel-crm/service-kit/http'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { sendCsv } from '../csv.js'
import { INVOICE_SUMMARY_COLUMNS, invoiceSummaryJson, invoiceSummaryRows } from '../reports/invoice-summary.js'
import { MONTHLY_REVENUE_COLUMNS, monthlyRevenueJson, monthlyRevenueRows } from '../reports/monthly-revenue.js'
import { REVENUE_BY_CLIENT_COLUMNS, revenueByClientJson, revenueByClientRows } from '../reports/revenue-by-client.js'
import { UNPAID_INVOICE_COLUMNS, unpaidInvoiceRows, unpaidInvoices } from '../reports/unpaid-invoices.js'
import type { Reporting } from '../report-database.js'
import { CSV_RESPONSE, ERRORS, NoQuery } from '../schemas.js'

/**
 * Sends a body that Postgres wrote as JSON. Fastify sends a string with a JSON content type as it is: the
 * route's 200 schema documents the body but is not used to serialise it.
 */
function sendJson (reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body)
}

export const reportRoutes = servicePlugin<Reporting>(async (app, { db, today }) => {
  app.get('/reports/invoice-summary', {
    schema: { querystring: NoQuery, response: { 200: InvoiceSummary, ...ERRORS } }
  }, async (_request, reply) => sendJson(reply, await invoiceSummaryJson(db, today())))

  app.get('/reports/invoice-summary/export', {
    schema: { querystring: NoQuery, response: CSV_RESPONSE }
  }, async (_request, reply) => sendCsv(reply, 'invoice_summary.csv', invoiceSummaryRows(db, today()), INVOICE_SUMMARY_COLUMNS))

  app.get('/reports/monthly-revenue', {
    schema: { querystring: MonthlyRevenueQuery, response: { 200: MonthlyRevenue, ...ERRORS } }
  }, async (request, reply) => sendJson(reply, await monthlyRevenueJson(db, request.query)))

  app.get('/reports/monthly-revenue/export', {
    schema: { querystring: MonthlyRevenueQuery, response: CSV_RESPONSE }
  }, async (request, reply) => sendCsv(reply, 'monthly_revenue.csv', monthlyRevenueRows(db, request.query), MONTHLY_REVENUE_COLUMNS))

  app.get('/reports/revenue-by-client', {
    schema: { querystring: NoQuery, response: { 200: RevenueByClient, ...ERRORS } }
  }, async (_request, reply) => sendJson(reply, await revenueByClientJson(db)))

  app.get('/reports/revenue-by-client/export', {
    schema: { querystring: NoQuery, response: CSV_RESPONSE }
  }, async (_request, reply) => sendCsv(reply, 'revenue_by_client.csv', revenueByClientRows(db), REVENUE_BY_CLIENT_COLUMNS))

  app.get('/reports/unpaid-invoices', {
    schema: { querystring: UnpaidInvoicesQuery, response: { 200: UnpaidInvoices, ...ERRORS } }
  }, async (request, reply) => {
    const { invoices, total } = await unpaidInvoices(db, today(), request.query)
    return paged(request, reply, total, request.query).send(invoices)
  })

  app.get('/reports/unpaid-invoices/export', {
    schema: { querystring: NoQuery, response: CSV_RESPONSE }
  }, async (_request, reply) => sendCsv(reply, 'unpaid_invoices.csv', unpaidInvoiceRows(db, today()), UNPAID_INVOICE_COLUMNS))
})
