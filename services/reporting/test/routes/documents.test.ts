import { beforeAll, describe, expect, it } from 'vitest'
import type { AgencyPayload } from '@travel-crm/contracts'
import { pdfText } from '@travel-crm/testkit'
import { aClient, aPayment, aTrip, anInvoice } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

const agency: AgencyPayload = {
  id: 1,
  legal_name: 'Ταξίδια Αιγαίου Α.Ε.',
  address: 'Ερμού 25\n105 63 Αθήνα',
  vat_number: 'EL123456789',
  iban: 'GR1601101250000000012300695',
  bic: null,
  email: 'info@aegean.example',
  phone: '+30 21 0555 0100',
  logo: null,
  invoice_footer: null,
  invoice_number_format: '{year}-{seq:6}',
  created_at: '2031-01-10T09:30:00.000Z',
  updated_at: '2031-01-10T09:30:00.000Z',
  created_by: 1,
  updated_by: 1,
  version: 2
}

const client = aClient({ name: 'Åsa Dvořáková-Wójcik', company: 'Příliš žluťoučký kůň s.r.o.' })

beforeAll(async () => {
  const trip = aTrip(client, { destination: 'Μύκονος', price: '3210.00', currency: 'EUR', start_date: '2031-07-01', end_date: '2031-07-08' })
  const invoice = anInvoice(trip, { number: '2031-000042', amount: '3210.00', due_date: '2031-06-14' })
  const older = anInvoice(trip, { amount: '99.90', status: 'Cancelled' })
  await reporting.publish('crm.client.created', client)
  await reporting.publish('crm.trip.created', trip)
  await reporting.publish('billing.invoice.created', invoice)
  await reporting.publish('billing.invoice.created', older)
  await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: '1000.55' }))
  // An older version arriving late does not overwrite the newer details.
  await reporting.publish('billing.agency.updated', agency)
  await reporting.publish('billing.agency.updated', { ...agency, legal_name: 'Old name', version: 1 })
  await reporting.settled()
})

describe('GET /clients/:id/statement.pdf', () => {
  it('prints the statement with the agency\'s header, invoice numbers and exact totals in the asked language', async () => {
    const response = await reporting.get(`/clients/${client.id}/statement.pdf?lang=es`, 'agent')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    const text = await pdfText(response.rawPayload)
    for (const expected of [
      'Extracto de cliente', 'Ταξίδια Αιγαίου Α.Ε.', 'Ερμού 25', 'Åsa Dvořáková-Wójcik', 'Příliš žluťoučký kůň s.r.o.', 'Μύκονος',
      '2031-000042', '3210,00 €', '1000,55 €', '2209,45 €', 'Vencida', 'Anulada', '99,90 €'
    ]) expect(text, expected).toContain(expected)
    expect(text).not.toContain('Old name')
  })

  it('answers 404 for a client it does not know', async () => {
    const response = await reporting.get('/clients/987654/statement.pdf')
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ code: 'REPORTING_CLIENT_NOT_FOUND' })
  })
})

describe('GET /reports/<name>/export?format=pdf', () => {
  it('prints each report\'s rows as a PDF table in the asked language', async () => {
    const unpaid = await reporting.get('/reports/unpaid-invoices/export?format=pdf&lang=sv')
    expect(unpaid.statusCode).toBe(200)
    expect(unpaid.headers['content-type']).toBe('application/pdf')
    expect(unpaid.headers['content-disposition']).toBe('attachment; filename="unpaid_invoices.pdf"')
    const text = await pdfText(unpaid.rawPayload)
    for (const expected of ['Obetalda fakturor', 'Ταξίδια Αιγαίου Α.Ε.', '3 210,00 €', '2 209,45 €', '14 juni 2031', 'Förfallen']) expect(text, expected).toContain(expected)
    for (const report of ['invoice-summary', 'monthly-revenue', 'revenue-by-client']) {
      const response = await reporting.get(`/reports/${report}/export?format=pdf`)
      expect(response.statusCode, report).toBe(200)
      expect(await pdfText(response.rawPayload), report).toMatch(/Invoice summary|Monthly revenue|Revenue by client/)
    }
    expect(await pdfText((await reporting.get('/reports/revenue-by-client/export?format=pdf&lang=en')).rawPayload)).toContain('Åsa Dvořáková-Wójcik')
  })

  it('keeps the CSV\'s column names in every language unless ?lang= asks for them', async () => {
    const plain = await reporting.get('/reports/revenue-by-client/export', 'admin')
    expect(plain.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('client_id,client_name,currency,total_revenue')
    const accepted = await reporting.app.inject({ method: 'GET', url: '/reports/revenue-by-client/export', headers: { authorization: `Bearer ${reporting.issuer.token('admin')}`, 'accept-language': 'sv' } })
    expect(accepted.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('client_id,client_name,currency,total_revenue')
    const swedish = await reporting.get('/reports/revenue-by-client/export?lang=sv', 'admin')
    expect(swedish.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Kund,Kundnamn,Valuta,Intäkter')
    expect((await reporting.get('/reports/revenue-by-client/export?format=xls')).statusCode).toBe(400)
  })
})
