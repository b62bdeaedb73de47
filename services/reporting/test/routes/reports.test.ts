import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Value } from 'typebox/value'
import {
  InvoiceSummary, MonthlyRevenue, RevenueByClient, addMoney, fromCents, type InvoicePayload, type PaymentPayload
} from '@travel-crm/contracts'
import { aClient, aPayment, aTrip, anInvoice, changed } from '../support/records.js'
import { TODAY, reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

async function summary (): Promise<InvoiceSummary> {
  const response = await reporting.get('/reports/invoice-summary', 'analyst')
  expect(response.statusCode).toBe(200)
  return response.json<InvoiceSummary>()
}

/** A client with one trip, ready for invoices; everything published. */
async function aTripOf (overrides: Parameters<typeof aTrip>[1] = {}) {
  const client = aClient()
  const trip = aTrip(client, overrides)
  await reporting.publish('crm.client.created', client)
  await reporting.publish('crm.trip.created', trip)
  return { client, trip }
}

describe('invoice summary', () => {
  it('judges overdue today: due yesterday is overdue, due today is not; paid and cancelled stand apart', async () => {
    const { trip } = await aTripOf({ currency: 'SEK', price: '1000.00' })
    const invoice = (due: string, overrides: Partial<InvoicePayload> = {}) => anInvoice(trip, { due_date: due, amount: '1000.00', ...overrides })
    const dueYesterday = invoice('2031-06-14')
    const dueToday = invoice(TODAY)
    // The event's own status is stale by design: overdue is judged when the report is asked.
    const dueTomorrow = invoice('2031-06-16', { status: 'Overdue' })
    const partlyPaidLate = invoice('2031-05-01')
    const paidLate = invoice('2031-05-01')
    const cancelledLate = invoice('2031-05-01', { status: 'Cancelled' })
    for (const each of [dueYesterday, dueToday, dueTomorrow, partlyPaidLate, paidLate, cancelledLate]) {
      await reporting.publish('billing.invoice.created', each)
    }
    await reporting.publish('billing.payment.recorded', aPayment(partlyPaidLate, { amount: '400.00' }))
    await reporting.publish('billing.payment.recorded', aPayment(paidLate, { amount: '1000.00' }))
    await reporting.settled()

    const result = await summary()
    const mine = (ids: number[]) => ids.filter((id) => [dueYesterday, dueToday, dueTomorrow, partlyPaidLate, paidLate, cancelledLate].some((each) => each.id === id))
    expect(mine(result.overdue_invoice_ids)).toEqual([dueYesterday.id, partlyPaidLate.id])
    expect(mine(result.pending_invoice_ids)).toEqual([dueToday.id, dueTomorrow.id])
    expect(mine(result.paid_invoice_ids)).toEqual([paidLate.id])
    expect(result.total_overdue).toBe(result.overdue_invoice_ids.length)
    expect(result.amounts.find((amounts) => amounts.currency === 'SEK')).toEqual({
      currency: 'SEK',
      paid_amount: '1000.00',
      pending_amount: '2000.00',
      pending_balance: '2000.00',
      overdue_amount: '2000.00',
      overdue_balance: '1600.00'
    })

    const unpaid = await reporting.get('/reports/unpaid-invoices?limit=500', 'analyst')
    const statuses = Object.fromEntries(unpaid.json<Array<{ invoice_id: number, status: string }>>().map((row) => [row.invoice_id, row.status]))
    expect([dueYesterday, dueToday, dueTomorrow, partlyPaidLate, paidLate, cancelledLate].map((each) => statuses[each.id]))
      .toEqual(['Overdue', 'Pending', 'Pending', 'Overdue', undefined, undefined])
  })

  it('keeps amounts of different currencies apart', async () => {
    const { trip: inYen } = await aTripOf({ currency: 'JPY', price: '150000.00' })
    const { trip: inFrancs } = await aTripOf({ currency: 'CHF', price: '900.00' })
    await reporting.publish('billing.invoice.created', anInvoice(inYen, { due_date: '2031-07-01' }))
    await reporting.publish('billing.invoice.created', anInvoice(inFrancs, { due_date: '2031-07-01' }))
    await reporting.settled()

    const amounts = (await summary()).amounts.filter((each) => ['CHF', 'JPY'].includes(each.currency))
    expect(amounts.map((each) => [each.currency, each.pending_amount])).toEqual([['CHF', '900.00'], ['JPY', '150000.00']])
  })
})

describe('revenue reports', () => {
  it('gives revenue per client and per month per currency, never added across currencies', async () => {
    const client = aClient({ name: 'Zoë Ødegård' })
    const toRome = aTrip(client, { destination: 'Rome', currency: 'EUR' })
    const toBoston = aTrip(client, { destination: 'Boston', currency: 'USD' })
    const euroInvoice = anInvoice(toRome)
    const dollarInvoice = anInvoice(toBoston)
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', toRome)
    await reporting.publish('crm.trip.created', toBoston)
    await reporting.publish('billing.invoice.created', euroInvoice)
    await reporting.publish('billing.invoice.created', dollarInvoice)
    await reporting.publish('billing.payment.recorded', aPayment(euroInvoice, { amount: '0.10', payment_date: '2030-02-03' }))
    await reporting.publish('billing.payment.recorded', aPayment(euroInvoice, { amount: '0.20', payment_date: '2030-02-27' }))
    await reporting.publish('billing.payment.recorded', aPayment(dollarInvoice, { amount: '99.99', payment_date: '2030-02-10' }))
    await reporting.settled()

    const byClient = (await reporting.get('/reports/revenue-by-client', 'analyst')).json<Array<{ client_id: number }>>()
    expect(byClient.filter((row) => row.client_id === client.id)).toEqual([
      { client_id: client.id, client_name: 'Zoë Ødegård', currency: 'EUR', total_revenue: '0.30' },
      { client_id: client.id, client_name: 'Zoë Ødegård', currency: 'USD', total_revenue: '99.99' }
    ])
    const monthly = await reporting.get('/reports/monthly-revenue?year=2030', 'analyst')
    expect(monthly.json()).toEqual([
      { year: 2030, month: 2, destination: 'Boston', currency: 'USD', total_revenue: '99.99' },
      { year: 2030, month: 2, destination: 'Rome', currency: 'EUR', total_revenue: '0.30' }
    ])
  })

  it('filters monthly revenue by year and by part of the destination, in any case', async () => {
    const { trip } = await aTripOf({ destination: 'Cape Town 100%' })
    const { trip: other } = await aTripOf({ destination: 'Cape Town 1000' })
    const invoice = anInvoice(trip)
    await reporting.publish('billing.invoice.created', invoice)
    await reporting.publish('billing.invoice.created', anInvoice(other))
    await reporting.publish('billing.payment.recorded', aPayment(invoice, { payment_date: '2029-11-30', amount: '10.00' }))
    await reporting.publish('billing.payment.recorded', aPayment(invoice, { payment_date: '2028-11-30', amount: '20.00' }))
    await reporting.publish('billing.payment.recorded', aPayment(anInvoice(other), { payment_date: '2029-11-01', amount: '30.00' }))
    await reporting.settled()

    const response = await reporting.get(`/reports/monthly-revenue?year=2029&destination=${encodeURIComponent('cape TOWN 100%')}`, 'analyst')
    expect(response.json()).toEqual([{ year: 2029, month: 11, destination: 'Cape Town 100%', currency: 'EUR', total_revenue: '10.00' }])
  })

  it('ranks clients by revenue, highest first within each currency', async () => {
    const amounts = ['5.00', '700.00', '42.00']
    const clients = []
    for (const amount of amounts) {
      const { client, trip } = await aTripOf({ currency: 'NOK' })
      const invoice = anInvoice(trip)
      await reporting.publish('billing.invoice.created', invoice)
      await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount }))
      clients.push(client.id)
    }
    await reporting.settled()

    const rows = (await reporting.get('/reports/revenue-by-client', 'admin')).json<Array<{ client_id: number, currency: string, total_revenue: string }>>()
    const nok = rows.filter((row) => row.currency === 'NOK')
    expect(nok.map((row) => row.total_revenue)).toEqual(['700.00', '42.00', '5.00'])
    expect(nok.map((row) => row.client_id)).toEqual([clients[1], clients[2], clients[0]])
  })

  it('refuses bad filters with a 400 problem', async () => {
    for (const url of ['/reports/monthly-revenue?year=abc', '/reports/monthly-revenue?month=3', '/reports/unpaid-invoices?limit=0', '/reports/unpaid-invoices?limit=501', '/reports/invoice-summary?x=1']) {
      const response = await reporting.get(url, 'analyst')
      expect(response.statusCode, url).toBe(400)
      expect(response.headers['content-type']).toContain('application/problem+json')
      expect(response.json().code).toBe('VALIDATION_FAILED')
    }
  })
})

describe('bodies written by Postgres', () => {
  it('are compact JSON of the documented schema, sent as JSON in UTF-8', async () => {
    const { trip } = await aTripOf({ currency: 'ISK' })
    const invoice = anInvoice(trip)
    await reporting.publish('billing.invoice.created', invoice)
    await reporting.publish('billing.payment.recorded', aPayment(invoice))
    await reporting.settled()

    for (const [url, schema] of [
      ['/reports/invoice-summary', InvoiceSummary],
      ['/reports/monthly-revenue', MonthlyRevenue],
      ['/reports/revenue-by-client', RevenueByClient]
    ] as const) {
      const response = await reporting.get(url, 'analyst')
      expect(response.headers['content-type'], url).toBe('application/json; charset=utf-8')
      const body: unknown = response.json()
      expect(Value.Errors(schema, body), url).toEqual([])
      // Not a JSON string holding the JSON, nor the text of a serializer applied twice.
      expect(response.body, url).toBe(JSON.stringify(body))
    }
  })

  it('gives money as exact decimal text, trailing zeros kept, and counts and ids as numbers', async () => {
    const { client, trip } = await aTripOf({ currency: 'HKD', price: '9999999999.99' })
    const invoice = anInvoice(trip, { due_date: '2031-06-14' })
    await reporting.publish('billing.invoice.created', invoice)
    for (const amount of ['9999999999.99', '9999999999.99', '0.01', '0.01']) {
      await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount }))
    }
    await reporting.settled()

    const byClient = (await reporting.get('/reports/revenue-by-client', 'analyst')).json<Array<{ client_id: unknown }>>()
    expect(byClient.filter((row) => row.client_id === client.id))
      .toEqual([{ client_id: client.id, client_name: client.name, currency: 'HKD', total_revenue: '20000000000.00' }])
    const result = await summary()
    expect(result.paid_invoice_ids).toContain(invoice.id)
    expect(result.amounts.find((amounts) => amounts.currency === 'HKD')).toEqual({
      currency: 'HKD', paid_amount: '9999999999.99', pending_amount: '0.00', pending_balance: '0.00', overdue_amount: '0.00', overdue_balance: '0.00'
    })
    expect(typeof result.total_paid).toBe('number')
    const monthly = (await reporting.get('/reports/monthly-revenue?year=2031', 'analyst')).json<Array<{ currency: string }>>()
    expect(monthly.filter((row) => row.currency === 'HKD')).toEqual([{ year: 2031, month: 6, destination: 'Lisbon', currency: 'HKD', total_revenue: '20000000000.00' }])
  })

  it('gives a client that reporting does not know yet a null name', async () => {
    const unknown = aClient()
    const trip = aTrip(unknown, { currency: 'MXN' })
    await reporting.publish('billing.payment.recorded', aPayment(anInvoice(trip), { amount: '12.30' }))
    await reporting.settled()

    const rows = (await reporting.get('/reports/revenue-by-client', 'analyst')).json<Array<{ client_id: number }>>()
    expect(rows.filter((row) => row.client_id === unknown.id))
      .toEqual([{ client_id: unknown.id, client_name: null, currency: 'MXN', total_revenue: '12.30' }])
  })

  it('keeps any text in a name or destination exactly, quotes, backslashes and control characters escaped', async () => {
    const name = 'Zoë "Zed" O\'Brien \\ </script>\ttab\nline\u0007bell\u2028𝄞'
    const { client, trip } = await aTripOf({ currency: 'PLN', destination: name })
    await reporting.publish('crm.client.updated', changed(client, { name }))
    const invoice = anInvoice(trip)
    await reporting.publish('billing.invoice.created', invoice)
    await reporting.publish('billing.payment.recorded', aPayment(invoice, { payment_date: '2031-03-03' }))
    await reporting.settled()

    const byClient = await reporting.get('/reports/revenue-by-client', 'analyst')
    expect(byClient.json<Array<{ client_id: number, client_name: string }>>().find((row) => row.client_id === client.id)?.client_name).toBe(name)
    expect(byClient.body).toBe(JSON.stringify(byClient.json()))
    const monthly = await reporting.get('/reports/monthly-revenue?year=2031&destination=Zed', 'analyst')
    expect(monthly.json()).toEqual([{ year: 2031, month: 3, destination: name, currency: 'PLN', total_revenue: '100.00' }])
  })
})

describe('unpaid invoices', () => {
  it('pages like every list: X-Total-Count and a Link to the next page', async () => {
    const { trip } = await aTripOf({ currency: 'DKK' })
    for (let i = 0; i < 3; i++) await reporting.publish('billing.invoice.created', anInvoice(trip))
    await reporting.settled()

    const first = await reporting.get('/reports/unpaid-invoices?limit=2', 'analyst')
    const total = Number(first.headers['x-total-count'])
    expect(total).toBeGreaterThanOrEqual(3)
    expect(first.json()).toHaveLength(2)
    expect(first.headers['link']).toBe('</reports/unpaid-invoices?limit=2&offset=2>; rel="next"')

    const last = await reporting.get(`/reports/unpaid-invoices?limit=2&offset=${total - 1}`, 'analyst')
    expect(last.json()).toHaveLength(1)
    expect(last.headers['link']).toBeUndefined()
    const row = last.json<Array<Record<string, unknown>>>()[0]
    expect(Object.keys(row ?? {}).sort()).toEqual(['amount', 'balance', 'client_id', 'currency', 'due_date', 'invoice_id', 'issue_date', 'paid', 'status', 'trip_id'])
  })
})

describe('access', () => {
  const reports = ['invoice-summary', 'monthly-revenue', 'revenue-by-client', 'unpaid-invoices']
  const urls = [...reports.map((report) => `/reports/${report}`), ...reports.map((report) => `/reports/${report}/export`), '/reports/invoices/export', '/clients/export']

  it('lets admins and analysts read reports, and refuses agents (403) and callers without a token (401)', async () => {
    for (const url of urls) {
      expect((await reporting.get(url, 'admin')).statusCode, url).toBe(200)
      expect((await reporting.get(url, 'analyst')).statusCode, url).toBe(200)
      // The summary's balances are on the agents' dashboard too (its export is not).
      if (url === '/reports/invoice-summary') {
        expect((await reporting.get(url, 'agent')).statusCode, url).toBe(200)
        continue
      }
      const forbidden = await reporting.get(url, 'agent')
      expect(forbidden.statusCode, url).toBe(403)
      expect(forbidden.json().code).toBe('FORBIDDEN')
      const anonymous = await reporting.app.inject({ method: 'GET', url })
      expect(anonymous.statusCode, url).toBe(401)
    }
  })
})

describe('consistency with the payments fed in', () => {
  it('gives every client and every month exactly the sum of its payments, after changes and deletions', async () => {
    const currencies = ['EUR', 'USD', 'GBP'] as const
    const destinations = ['Quito', 'Hanoi', 'Tromsø'] as const
    const plan = fc.sample(fc.array(fc.record({
      client: fc.integer({ min: 0, max: 4 }),
      currency: fc.constantFrom(...currencies),
      destination: fc.constantFrom(...destinations),
      cents: fc.integer({ min: 1, max: 99_999_999 }),
      month: fc.integer({ min: 1, max: 12 }),
      fate: fc.constantFrom('kept', 'kept', 'changed', 'deleted')
    }), { minLength: 30, maxLength: 30 }), { seed: 20310615, numRuns: 1 })[0] ?? []

    const clients = Array.from({ length: 5 }, () => aClient())
    for (const client of clients) await reporting.publish('crm.client.created', client)
    const received: Array<{ payment: PaymentPayload, destination: string }> = []
    for (const step of plan) {
      const client = clients[step.client] ?? aClient()
      const destination = `Consistency ${step.destination}`
      const trip = aTrip(client, { currency: step.currency, destination })
      const invoice = anInvoice(trip, { amount: '9999999999.99' })
      let payment = aPayment(invoice, { amount: fromCents(BigInt(step.cents)), payment_date: `2027-${String(step.month).padStart(2, '0')}-15` })
      await reporting.publish('crm.trip.created', trip)
      await reporting.publish('billing.invoice.created', invoice)
      await reporting.publish('billing.payment.recorded', payment)
      if (step.fate === 'changed') {
        payment = changed(payment, { amount: fromCents(BigInt(step.cents) + 1n), payment_date: '2027-12-31' })
        await reporting.publish('billing.payment.updated', payment)
      }
      if (step.fate === 'deleted') await reporting.publish('billing.payment.deleted', changed(payment, {}))
      else received.push({ payment, destination })
    }
    await reporting.settled()

    const expectedByClient = new Map<string, string>()
    const expectedByMonth = new Map<string, string>()
    for (const { payment, destination } of received) {
      const clientKey = `${payment.client_id} ${payment.currency}`
      expectedByClient.set(clientKey, addMoney(expectedByClient.get(clientKey) ?? '0.00', payment.amount))
      const monthKey = `${payment.payment_date.slice(0, 7)} ${destination} ${payment.currency}`
      expectedByMonth.set(monthKey, addMoney(expectedByMonth.get(monthKey) ?? '0.00', payment.amount))
    }

    const byClient = (await reporting.get('/reports/revenue-by-client', 'analyst')).json<Array<{ client_id: number, currency: string, total_revenue: string }>>()
    expect(new Map(byClient
      .filter((row) => clients.some((client) => client.id === row.client_id))
      .map((row) => [`${row.client_id} ${row.currency}`, row.total_revenue]))).toEqual(expectedByClient)

    const byMonth = (await reporting.get('/reports/monthly-revenue?year=2027&destination=Consistency', 'analyst'))
      .json<Array<{ year: number, month: number, destination: string, currency: string, total_revenue: string }>>()
    expect(new Map(byMonth.map((row) => [`${row.year}-${String(row.month).padStart(2, '0')} ${row.destination} ${row.currency}`, row.total_revenue])))
      .toEqual(expectedByMonth)
  })
})
