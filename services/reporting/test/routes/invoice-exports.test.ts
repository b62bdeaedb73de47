import { describe, expect, it } from 'vitest'
import type { InvoicePayload } from '@travel-crm/contracts'
import { aClient, aPayment, aTrip, anInvoice, changed } from '../support/records.js'
import { TODAY, reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

function csvLines (body: string): string[] {
  return body.replace(/^\uFEFF/, '').split('\r\n').filter((line) => line !== '')
}

/** A client and trip with a paid, a pending, two overdue (one partly paid) and a cancelled invoice. */
async function anAgencyDay () {
  const client = aClient()
  const trip = aTrip(client, { currency: 'EUR' })
  await reporting.publish('crm.client.created', client)
  await reporting.publish('crm.trip.created', trip)
  const invoice = (due: string, overrides: Partial<InvoicePayload> = {}) => anInvoice(trip, { due_date: due, amount: '100.00', ...overrides })
  const paid = invoice('2031-05-01')
  const pending = invoice(TODAY)
  const overdue = invoice('2031-06-14')
  const partlyPaidOverdue = invoice('2031-06-01')
  const cancelled = invoice('2031-05-01', { status: 'Cancelled' })
  for (const each of [paid, pending, overdue, partlyPaidOverdue, cancelled]) await reporting.publish('billing.invoice.created', each)
  await reporting.publish('billing.payment.recorded', aPayment(paid, { amount: '100.00' }))
  await reporting.publish('billing.payment.recorded', aPayment(partlyPaidOverdue, { amount: '40.00' }))
  await reporting.settled()
  return { client, trip, paid, pending, overdue, partlyPaidOverdue, cancelled }
}

describe('GET /reports/invoice-summary/export, in the original\'s shape', () => {
  it('answers one row per status with Status, Invoice IDs and Total Count; cancelled invoices are in none', async () => {
    const day = await anAgencyDay()
    const response = await reporting.get('/reports/invoice-summary/export', 'analyst')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toBe('attachment; filename="invoice_summary.csv"')
    expect(csvLines(response.body)).toEqual([
      'Status,Invoice IDs,Total Count',
      `Paid,${day.paid.id},1`,
      `Pending,${day.pending.id},1`,
      `Overdue,"${[day.overdue.id, day.partlyPaidOverdue.id].sort((a, b) => a - b).join(', ')}",2`
    ])
    // The same numbers as the JSON summary.
    const summary = (await reporting.get('/reports/invoice-summary', 'analyst')).json<{ total_paid: number, total_pending: number, total_overdue: number }>()
    expect([summary.total_paid, summary.total_pending, summary.total_overdue]).toEqual([1, 1, 2])
    // The original's column names in every language.
    expect(csvLines((await reporting.get('/reports/invoice-summary/export?lang=sv', 'analyst')).body)[0]).toBe('Status,Invoice IDs,Total Count')
  })
})

describe('GET /reports/invoices/export', () => {
  it('answers one row per invoice that is not cancelled, with its status judged today, CSV or PDF', async () => {
    const day = await anAgencyDay()
    const response = await reporting.get('/reports/invoices/export', 'admin')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toBe('attachment; filename="invoices.csv"')
    const [header, ...rows] = csvLines(response.body)
    expect(header).toBe('status,invoice_id,due_date,currency,amount,paid,balance')
    const ours = rows.filter((row) => [day.paid, day.pending, day.overdue, day.partlyPaidOverdue, day.cancelled].some((invoice) => row.split(',')[1] === String(invoice.id)))
    expect(ours).toEqual([
      `Paid,${day.paid.id},2031-05-01,EUR,100.00,100.00,0.00`,
      `Pending,${day.pending.id},${TODAY},EUR,100.00,0.00,100.00`,
      `Overdue,${day.overdue.id},2031-06-14,EUR,100.00,0.00,100.00`,
      `Overdue,${day.partlyPaidOverdue.id},2031-06-01,EUR,100.00,40.00,60.00`
    ])
    const pdf = await reporting.get('/reports/invoices/export?format=pdf', 'admin')
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="invoices.pdf"')
    expect((await reporting.get('/reports/invoices/export', 'agent')).statusCode).toBe(403)
  })
})

describe('archived clients and trips', () => {
  it('stay in every report: their archive events keep the record, money and all', async () => {
    const day = await anAgencyDay()
    const archivedAt = '2031-06-15T09:00:00.000Z'
    await reporting.publish('crm.client.archived', changed(day.client, { archived_at: archivedAt }))
    await reporting.publish('crm.trip.archived', changed(day.trip, { archived_at: archivedAt }))
    await reporting.settled()
    const revenue = (await reporting.get('/reports/revenue-by-client', 'analyst')).json<Array<{ client_id: number, total_revenue: string }>>()
    expect(revenue.find((row) => row.client_id === day.client.id)).toMatchObject({ total_revenue: '140.00' })
    expect(csvLines((await reporting.get('/reports/invoices/export', 'analyst')).body).some((row) => row.split(',')[1] === String(day.paid.id))).toBe(true)
  })
})
