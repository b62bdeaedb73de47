import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ClientStatement, Invoice, InvoiceReminderPayload, InvoiceSummary } from '@travel-crm/contracts'
import type { ServiceApp } from '@travel-crm/service-kit/messaging'
// Billing itself, on the same database and stream: its reminder round sends the real event reporting follows.
import { buildApp as buildBilling, loadConfig as loadBillingConfig } from '../../../billing/src/index.js'
import { loadConfig } from '../../src/config.js'
import { rebuildReadModels } from '../../src/read-models.js'
import { aClient, aTrip } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

/** Billing's day runs ahead of reporting's (TODAY, 2031-06-15): it has seen the installment fall due. */
const BILLING_DAY = '2031-06-21'
let billing: ServiceApp

beforeAll(async () => {
  billing = await buildBilling(
    loadBillingConfig({ ...reporting.environment.env, AUTH_URL: reporting.issuer.url, REMINDER_INTERVAL_MS: '86400000' }),
    { now: () => new Date(`${BILLING_DAY}T09:00:00Z`) }
  )
  await billing.ready()
})

afterAll(async () => { await billing?.close() })

async function billingPost<Body> (url: string, payload: object): Promise<Body> {
  const response = await billing.inject({ method: 'POST', url, headers: { authorization: `Bearer ${reporting.issuer.token('agent')}` }, payload })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Body>()
}

/** Waits until billing's relay has put every event of its outbox on the stream and reporting has applied them. */
async function bothSettled (): Promise<void> {
  await vi.waitFor(async () => {
    const [row] = await billing.orm.em.fork().execute<Array<{ waiting: number }>>('select count(*)::int as waiting from outbox where published_at is null')
    expect(row?.waiting).toBe(0)
  }, { timeout: 10_000, interval: 20 })
  await reporting.settled()
}

async function summary (): Promise<InvoiceSummary> {
  const response = await reporting.get('/reports/invoice-summary', 'analyst')
  expect(response.statusCode).toBe(200)
  return response.json<InvoiceSummary>()
}

async function unpaidStatus (invoiceId: number): Promise<string | undefined> {
  const unpaid = await reporting.get('/reports/unpaid-invoices?limit=500', 'analyst')
  return unpaid.json<Array<{ invoice_id: number, status: string }>>().find((row) => row.invoice_id === invoiceId)?.status
}

async function statementStatus (clientId: number, invoiceId: number): Promise<string | undefined> {
  const statement = (await reporting.get(`/clients/${clientId}/details`, 'analyst')).json<ClientStatement>()
  return statement.trips.flatMap((trip) => trip.invoices).find((invoice) => invoice.id === invoiceId)?.status
}

describe('overdue by billing\'s word', () => {
  it('counts an invoice overdue once billing announces an installment overdue, though reporting\'s day has not reached its due date, until a payment covers it', async () => {
    const client = aClient({ id: 70_001 })
    const trip = aTrip(client, { id: 70_001, currency: 'NOK', price: '300.00' })
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', trip)
    // Billing learns of the trip from the stream, as it does from crm.
    await vi.waitFor(async () => {
      expect(await billing.orm.em.fork().execute('select 1 from trip where id = ?', [trip.id])).toHaveLength(1)
    }, { timeout: 10_000, interval: 50 })

    const invoice = await billingPost<Invoice>('/invoices', {
      trip_id: trip.id,
      issue_date: '2031-06-01',
      installments: [{ due_date: '2031-06-20', amount: '100.00' }, { due_date: '2031-07-31', amount: '200.00' }]
    })
    await bothSettled()
    // Due on the 20th: for reporting, on the 15th, still pending.
    expect((await summary()).pending_invoice_ids).toContain(invoice.id)
    expect(await unpaidStatus(invoice.id)).toBe('Pending')

    expect(await billing.reminders.remindNow()).toBe(1)
    await bothSettled()
    const overdue = await summary()
    expect(overdue.overdue_invoice_ids).toContain(invoice.id)
    expect(overdue.pending_invoice_ids).not.toContain(invoice.id)
    expect(overdue.amounts.find((amounts) => amounts.currency === 'NOK')).toEqual({
      currency: 'NOK', paid_amount: '0.00', pending_amount: '0.00', pending_balance: '0.00', overdue_amount: '300.00', overdue_balance: '300.00'
    })
    expect(await unpaidStatus(invoice.id)).toBe('Overdue')
    expect(await statementStatus(client.id, invoice.id)).toBe('Overdue')

    // The first installment paid: the next unpaid one is due on 31 July, so billing's word no longer holds.
    await billingPost('/payments', { invoice_id: invoice.id, amount: '100.00', payment_method: 'card', payment_date: BILLING_DAY })
    await bothSettled()
    const settled = await summary()
    expect(settled.overdue_invoice_ids).not.toContain(invoice.id)
    expect(settled.pending_invoice_ids).toContain(invoice.id)
    expect(settled.amounts.find((amounts) => amounts.currency === 'NOK')).toEqual({
      currency: 'NOK', paid_amount: '0.00', pending_amount: '300.00', pending_balance: '200.00', overdue_amount: '0.00', overdue_balance: '0.00'
    })
    expect(await unpaidStatus(invoice.id)).toBe('Partially Paid')
    expect(await statementStatus(client.id, invoice.id)).toBe('Partially Paid')

    // The same reminder once more after the payment, as a new event (it overtook the payment on another
    // replica's way): the invoice's next unpaid due date is past it, so nothing changes.
    const [reminder] = await billing.orm.em.fork().execute<Array<{ data: InvoiceReminderPayload }>>(
      'select envelope->\'data\' as data from outbox where subject = \'billing.invoice.overdue\'')
    expect(reminder?.data.installment).toMatchObject({ due_date: '2031-06-20', balance: '100.00', status: 'Overdue' })
    await reporting.publish('billing.invoice.overdue', reminder?.data ?? { id: 0 })
    await reporting.settled()
    expect((await summary()).overdue_invoice_ids).not.toContain(invoice.id)
    expect(await statementStatus(client.id, invoice.id)).toBe('Partially Paid')

    // A rebuild replays the reminders with the rest of the stream: the word is remembered, and the payment
    // after it still ends it.
    await rebuildReadModels(loadConfig({ ...reporting.environment.env, AUTH_URL: reporting.issuer.url }), { timeoutMs: 20_000 })
    const [rebuilt] = await reporting.app.orm.em.fork().execute<Array<{ overdue_since: string, due_date: string }>>(
      'select overdue_since::text, due_date::text from invoice where id = ?', [invoice.id])
    expect(rebuilt).toEqual({ overdue_since: '2031-06-20', due_date: '2031-07-31' })
    expect((await summary()).pending_invoice_ids).toContain(invoice.id)
  })
})
