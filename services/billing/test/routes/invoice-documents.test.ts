import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ClientPayload, Invoice } from '@travel-crm/contracts'
import { pdfText } from '@travel-crm/testkit'
import { prefersPdf } from '../../src/routes/invoices.js'
import { startBilling, type Billing } from '../harness.js'

const run = promisify(execFile)
let billing: Billing
let client: ClientPayload
let invoice: Invoice
let workDirectory: string

async function clientKnown (id: number): Promise<void> {
  await vi.waitFor(async () => {
    const rows = await billing.app.orm.em.fork().execute('select 1 from client where id = ?', [id])
    if (rows.length === 0) throw new Error(`billing has not heard of client ${id} yet`)
  }, { timeout: 10_000, interval: 20 })
}

async function get (url: string, headers: Record<string, string> = {}) {
  return await billing.app.inject({ method: 'GET', url, headers: { ...billing.as('agent'), ...headers } })
}

beforeAll(async () => {
  billing = await startBilling()
  workDirectory = await mkdtemp(join(tmpdir(), 'invoice-documents-'))
  const settings = await billing.app.inject({
    method: 'PUT',
    url: '/settings/agency',
    headers: billing.as('admin'),
    payload: { legal_name: 'Podróże Świat sp. z o.o.', address: 'ul. Żurawia 6\n00-503 Warszawa', iban: 'PL61 1090 1014 0000 0712 1981 2874', email: 'biuro@podroze.example', phone: '+48 22 555 01 00', invoice_footer: 'Dziękujemy za wybór naszego biura.' }
  })
  expect(settings.statusCode).toBe(200)
  client = await billing.crm.aClient({ name: 'Γιώργος Dvořák-Åström', company: 'Żółta Łódź' })
  await clientKnown(client.id)
  const trip = billing.crm.aTrip({ client_id: client.id, destination: 'Kraków', currency: 'EUR' })
  invoice = await billing.anInvoice({ trip, amount: '1234.56', issue_date: '2027-03-01', due_date: '2027-04-15' })
  await billing.aPayment(invoice.id, '234.50', { payment_date: '2027-03-10', payment_method: 'przelew' })
})
afterAll(async () => {
  await rm(workDirectory, { recursive: true, force: true })
  await billing?.close()
})

describe('GET /invoices/:id/pdf', () => {
  it('prints the invoice in Swedish when asked by ?lang=, with exact amounts, the number and names as written', async () => {
    const response = await get(`/invoices/${invoice.id}/pdf?lang=sv`, { 'accept-language': 'es' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toBe(`inline; filename="invoice-${invoice.number}.pdf"`)
    const text = await pdfText(response.rawPayload)
    for (const expected of [
      'Faktura', invoice.number, 'Γιώργος Dvořák-Åström', 'Żółta Łódź', 'Kraków', 'Podróże Świat sp. z o.o.', 'ul. Żurawia 6',
      '1 234,56 €', '234,50 €', '1 000,06 €', 'przelew', 'PL61 1090 1014 0000 0712 1981 2874', 'Dziękujemy za wybór naszego biura.'
    ]) expect(text, expected).toContain(expected)
  })

  it('follows Accept-Language without ?lang=, and English for a language the app does not speak', async () => {
    expect(await pdfText((await get(`/invoices/${invoice.id}/pdf`, { 'accept-language': 'es-ES,es;q=0.9' })).rawPayload)).toContain('Saldo pendiente')
    const english = await pdfText((await get(`/invoices/${invoice.id}/pdf`, { 'accept-language': 'de-DE' })).rawPayload)
    expect(english).toContain('Balance due')
    expect(english).toContain('€1,000.06')
  })

  it('prints every installment with its due date, amount, paid, balance and status, as the invoice answers them', async () => {
    const trip = billing.crm.aTrip({ client_id: client.id, destination: 'Gdańsk', currency: 'EUR' })
    const response = await billing.app.inject({
      method: 'POST',
      url: '/invoices',
      headers: billing.as('agent'),
      payload: { trip_id: trip.id, issue_date: '2026-11-01', installments: [{ due_date: '2026-11-20', amount: '300.00' }, { due_date: '2036-06-30', amount: '700.00' }] }
    })
    expect(response.statusCode, response.body).toBe(201)
    const split = response.json<Invoice>()
    await billing.aPayment(split.id, '100.00', { payment_date: '2026-11-10' })
    // The first installment is past due with 200.00 open: overdue; the second is not due yet.
    const lines = (await pdfText((await get(`/invoices/${split.id}/pdf?lang=en`)).rawPayload))
      .split('\n').map((line) => line.replace(/\s+/g, ' ').trim())
    expect(lines).toContain('Due date Amount Paid Balance Status')
    expect(lines).toContain('20 Nov 2026 €300.00 €100.00 €200.00 Overdue')
    expect(lines).toContain('30 Jun 2036 €700.00 €0.00 €700.00 Pending')
  })

  it('answers the invoice as a PDF to Accept: application/pdf, and as JSON otherwise', async () => {
    const pdf = await get(`/invoices/${invoice.id}`, { accept: 'application/pdf', 'accept-language': 'sv' })
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(await pdfText(pdf.rawPayload)).toContain('Faktura')
    const json = await get(`/invoices/${invoice.id}`, { accept: 'application/json, application/pdf;q=0.5' })
    expect(json.json()).toMatchObject({ number: invoice.number })
    expect([prefersPdf('application/pdf'), prefersPdf('*/*'), prefersPdf('application/pdf;q=0.8, application/json'), prefersPdf(undefined)]).toEqual([true, false, false, false])
  })

  it('refuses an unknown invoice and a language the app does not have', async () => {
    const missing = await get('/invoices/999999/pdf')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'BILLING_INVOICE_NOT_FOUND' })
    expect((await get(`/invoices/${invoice.id}/pdf?lang=de`)).statusCode).toBe(400)
  })
})

describe('problems in the request\'s language', () => {
  it('words title and detail as Accept-Language or ?lang= asks, the code unchanged', async () => {
    const spanish = await get('/invoices/999999', { 'accept-language': 'es-ES' })
    expect(spanish.statusCode).toBe(404)
    expect(spanish.headers['content-language']).toBe('es')
    expect(spanish.json()).toMatchObject({ code: 'BILLING_INVOICE_NOT_FOUND', title: 'No encontrado', detail: 'No existe la factura 999999' })
    const swedish = await get('/invoices/999999/pdf?lang=sv', { 'accept-language': 'es' })
    expect(swedish.json()).toMatchObject({ code: 'BILLING_INVOICE_NOT_FOUND', title: 'Hittades inte', detail: 'Faktura 999999 finns inte' })
    const route = await get('/nowhere', { 'accept-language': 'sv' })
    expect(route.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', title: 'Hittades inte', detail: 'Det finns ingen väg GET /nowhere' })
    const english = await get('/invoices/999999', { 'accept-language': 'de' })
    expect(english.json()).toMatchObject({ code: 'BILLING_INVOICE_NOT_FOUND', title: 'Not Found', detail: 'Invoice 999999 not found' })
  })
})

describe('GET /invoices/export.zip', () => {
  it('holds one PDF per invoice issued in the range, and none from outside it', async () => {
    const trip = billing.crm.aTrip({ client_id: client.id, currency: 'SEK' })
    const inRange = [
      await billing.anInvoice({ trip, amount: '100.00', issue_date: '2036-01-01', due_date: '2036-02-01' }),
      await billing.anInvoice({ trip, amount: '200.00', issue_date: '2036-01-31', due_date: '2036-02-28' })
    ]
    await billing.anInvoice({ trip, amount: '300.00', issue_date: '2036-02-01', due_date: '2036-03-01' })
    const response = await get('/invoices/export.zip?from=2036-01-01&to=2036-01-31&lang=sv')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/zip')
    expect(response.headers['content-disposition']).toBe('attachment; filename="invoices_2036-01-01_2036-01-31.zip"')
    const zip = join(workDirectory, 'january.zip')
    await writeFile(zip, response.rawPayload)
    const names = (await run('unzip', ['-Z1', zip])).stdout.trim().split('\n')
    expect(names).toEqual(inRange.map((one) => `invoice-${one.number}.pdf`))
    const second = await run('unzip', ['-p', zip, names[1] ?? ''], { encoding: 'buffer', maxBuffer: 10_000_000 })
    const text = await pdfText(second.stdout)
    expect(text).toContain(inRange[1]?.number)
    expect(text).toContain('200,00 kr')
  })

  it('answers an empty zip for a range without invoices and refuses a range that ends before it starts', async () => {
    const empty = await get('/invoices/export.zip?from=2001-01-01&to=2001-12-31')
    expect(empty.statusCode).toBe(200)
    expect(empty.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
    const backwards = await get('/invoices/export.zip?from=2036-02-01&to=2036-01-01')
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })
})
