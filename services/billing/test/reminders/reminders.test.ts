import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CloudEvent, Invoice, InvoiceReminderPayload } from '@travel-crm/contracts'
import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { startBilling, type Billing } from '../harness.js'

/** The day the reminders judge by; each test sets it. Rounds run only when a test asks (the interval is a day). */
let clock = new Date('2030-06-01T09:00:00Z')
const at = (day: string) => { clock = new Date(`${day}T09:00:00Z`) }
let billing: Billing

beforeAll(async () => { billing = await startBilling({ REMINDER_INTERVAL_MS: '86400000' }, { now: () => clock }) })
afterAll(async () => { await billing?.close() })

async function anInvoice (installments: Array<{ due_date: string, amount: string }>): Promise<Invoice> {
  const response = await billing.app.inject({ method: 'POST', url: '/invoices', headers: billing.as('agent'), payload: { trip_id: billing.crm.aTrip().id, issue_date: '2030-05-01', installments } })
  expect(response.statusCode).toBe(201)
  return response.json<Invoice>()
}

/** The reminders published about one invoice, as `kind due_date`, once the round's events have left. */
async function remindersOf (invoice: Invoice, expected: number): Promise<string[]> {
  const about = () => billing.feed.about(`invoice/${invoice.id}`).filter((event) => event.type === 'billing.invoice.due_soon' || event.type === 'billing.invoice.overdue')
  await billing.feed.waitFor(() => about().length >= expected)
  return about().map((event: CloudEvent) => `${event.type.slice('billing.invoice.'.length)} ${(event.data as InvoiceReminderPayload).installment.due_date}`)
}

describe('reminders by the clock', () => {
  it('announces an open installment due soon, then overdue the day after it fell due, each once, and again for a new due date', async () => {
    const invoice = await anInvoice([{ due_date: '2030-06-05', amount: '100.00' }, { due_date: '2030-07-20', amount: '200.00' }])
    at('2030-05-28')
    expect(await billing.app.reminders.remindNow()).toBe(0)

    at('2030-06-01')
    expect(await billing.app.reminders.remindNow()).toBeGreaterThanOrEqual(1)
    expect(await billing.app.reminders.remindNow()).toBe(0)
    expect(await remindersOf(invoice, 1)).toEqual(['due_soon 2030-06-05'])
    const [soon] = billing.feed.about(`invoice/${invoice.id}`).filter((event) => event.type === 'billing.invoice.due_soon')
    expect(soon?.data).toEqual({
      id: invoice.id,
      number: invoice.number,
      trip_id: invoice.trip_id,
      client_id: invoice.client_id,
      currency: 'EUR',
      installment: { due_date: '2030-06-05', amount: '100.00', paid: '0.00', balance: '100.00', status: 'Pending' },
      invoice_balance: '300.00',
      judged_on: '2030-06-01',
      version: invoice.version
    })

    at('2030-06-05')
    await billing.app.reminders.remindNow()
    at('2030-06-06')
    await billing.app.reminders.remindNow()
    await billing.app.reminders.remindNow()
    expect(await remindersOf(invoice, 2)).toEqual(['due_soon 2030-06-05', 'overdue 2030-06-05'])

    // Paid late: the next installment is the one reminded of, once; moved, it is reminded of again.
    await billing.aPayment(invoice.id, '100.00', { payment_date: '2030-06-06' })
    at('2030-07-14')
    await billing.app.reminders.remindNow()
    expect(await remindersOf(invoice, 3)).toEqual(['due_soon 2030-06-05', 'overdue 2030-06-05', 'due_soon 2030-07-20'])
    const moved = await billing.app.inject({ method: 'PATCH', url: `/invoices/${invoice.id}`, headers: billing.as('agent'), payload: { due_date: '2030-07-21' } })
    expect(moved.statusCode).toBe(200)
    await billing.app.reminders.remindNow()
    expect(await remindersOf(invoice, 4)).toEqual(['due_soon 2030-06-05', 'overdue 2030-06-05', 'due_soon 2030-07-20', 'due_soon 2030-07-21'])
  })

  it('reminds of nothing paid or cancelled, and only of overdue for an installment first seen late', async () => {
    const paid = await anInvoice([{ due_date: '2030-08-02', amount: '10.00' }])
    await billing.aPayment(paid.id, '10.00', { payment_date: '2030-07-01' })
    const cancelled = await anInvoice([{ due_date: '2030-08-02', amount: '10.00' }])
    expect((await billing.app.inject({ method: 'PATCH', url: `/invoices/${cancelled.id}`, headers: billing.as('agent'), payload: { status: 'Cancelled' } })).statusCode).toBe(200)
    const late = await anInvoice([{ due_date: '2030-07-25', amount: '10.00' }])
    at('2030-08-01')
    await billing.app.reminders.remindNow()
    expect(await remindersOf(late, 1)).toEqual(['overdue 2030-07-25'])
    expect(await remindersOf(paid, 0)).toEqual([])
    expect(await remindersOf(cancelled, 0)).toEqual([])
  })

  it('sends each reminder once when two replicas run their rounds at the same moment', async () => {
    const invoices = await Promise.all(Array.from({ length: 30 }, async () => await anInvoice([{ due_date: '2030-09-03', amount: '5.00' }])))
    const other: ServiceApp = await buildApp(loadConfig({ ...billing.environment.env, AUTH_URL: billing.issuer.url, REMINDER_INTERVAL_MS: '86400000' }), { now: () => clock })
    try {
      await other.ready()
      at('2030-09-01')
      const [mine, theirs] = await Promise.all([billing.app.reminders.remindNow(), other.reminders.remindNow()])
      expect(mine + theirs).toBe(30)
      for (const invoice of invoices) expect(await remindersOf(invoice, 1)).toEqual(['due_soon 2030-09-03'])
    } finally {
      await other.close()
    }
  })
})
