import {
  InvoiceSummary, MonthlyRevenue, MonthlyRevenueExportQuery, MonthlyRevenueQuery, PDF_RESPONSE, ReportExportQuery, RevenueByClient,
  UnpaidInvoices, UnpaidInvoicesQuery
} from '@travel-crm/contracts'
import { paged } from '@travel-crm/service-kit/http'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { sendExport } from '../documents.js'
import { INVOICE_COLUMNS, INVOICE_SUMMARY_COLUMNS, invoiceRows, invoiceSummaryJson, invoiceSummaryRows } from '../reports/invoice-summary.js'
import { MONTHLY_REVENUE_COLUMNS, monthlyRevenueJson, monthlyRevenueRows } from '../reports/monthly-revenue.js'
import { REVENUE_BY_CLIENT_COLUMNS, revenueByClientJson, revenueByClientRows } from '../reports/revenue-by-client.js'
import { UNPAID_INVOICE_COLUMNS, unpaidInvoiceRows, unpaidInvoices } from '../reports/unpaid-invoices.js'
import { ReportBodies } from '../report-bodies.js'
import type { Reporting } from '../report-database.js'
import { CSV_RESPONSE, ERRORS, NoQuery } from '../schemas.js'

/** An export answers CSV, or a PDF with `?format=pdf`. */
export const EXPORT_RESPONSE = { ...CSV_RESPONSE, 200: { ...CSV_RESPONSE[200], content: { ...CSV_RESPONSE[200].content, ...PDF_RESPONSE.content } } }

export const reportRoutes = servicePlugin<Reporting>(async (app, reading) => {
  const { db, today } = reading
  // Fastify sends the string Postgres wrote as it is: the 200 schemas document the bodies, they do not serialise them.
  const bodies = new ReportBodies(reading)
  app.get('/reports/invoice-summary', {
    schema: { querystring: NoQuery, response: { 200: InvoiceSummary, ...ERRORS } }
  }, async (request, reply) => await bodies.send(request, reply, async (day) => await invoiceSummaryJson(db, day)))

  app.get('/reports/invoice-summary/export', {
    schema: { querystring: ReportExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => await sendExport(request, reply, reading, today(), {
    report: 'invoice-summary', filename: 'invoice_summary.csv', columns: INVOICE_SUMMARY_COLUMNS, rows: () => invoiceSummaryRows(db, today())
  }))

  app.get('/reports/invoices/export', {
    schema: { querystring: ReportExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => await sendExport(request, reply, reading, today(), {
    report: 'invoices', filename: 'invoices.csv', columns: INVOICE_COLUMNS, rows: () => invoiceRows(db, today())
  }))

  app.get('/reports/monthly-revenue', {
    schema: { querystring: MonthlyRevenueQuery, response: { 200: MonthlyRevenue, ...ERRORS } }
  }, async (request, reply) => await bodies.send(request, reply, async () => await monthlyRevenueJson(db, request.query)))

  app.get('/reports/monthly-revenue/export', {
    schema: { querystring: MonthlyRevenueExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => {
    const { year, destination } = request.query
    return await sendExport(request, reply, reading, today(), {
      report: 'monthly-revenue', filename: 'monthly_revenue.csv', columns: MONTHLY_REVENUE_COLUMNS, rows: () => monthlyRevenueRows(db, { year, destination })
    })
  })

  app.get('/reports/revenue-by-client', {
    schema: { querystring: NoQuery, response: { 200: RevenueByClient, ...ERRORS } }
  }, async (request, reply) => await bodies.send(request, reply, async () => await revenueByClientJson(db)))

  app.get('/reports/revenue-by-client/export', {
    schema: { querystring: ReportExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => await sendExport(request, reply, reading, today(), {
    report: 'revenue-by-client', filename: 'revenue_by_client.csv', columns: REVENUE_BY_CLIENT_COLUMNS, rows: () => revenueByClientRows(db)
  }))

  app.get('/reports/unpaid-invoices', {
    schema: { querystring: UnpaidInvoicesQuery, response: { 200: UnpaidInvoices, ...ERRORS } }
  }, async (request, reply) => {
    const { invoices, total } = await unpaidInvoices(db, today(), request.query)
    return paged(request, reply, total, request.query).send(invoices)
  })

  app.get('/reports/unpaid-invoices/export', {
    schema: { querystring: ReportExportQuery, response: EXPORT_RESPONSE }
  }, async (request, reply) => await sendExport(request, reply, reading, today(), {
    report: 'unpaid-invoices', filename: 'unpaid_invoices.csv', columns: UNPAID_INVOICE_COLUMNS, rows: () => unpaidInvoiceRows(db, today())
  }))
})
