import { describe, expect, it } from 'vitest'
import { CONSUMER } from '../../src/app.js'
import { aClient, aNote, aPayment, aTrip, anInvoice, changed } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

async function rows<Row> (sql: string, values: unknown[] = []): Promise<Row[]> {
  return await reporting.app.orm.em.fork().execute<Row[]>(sql, values)
}

async function revenueOf (clientId: number) {
  return await rows<{ currency: string, total_revenue: string, payments: number }>(
    'select currency, total_revenue, payments from revenue_by_client where client_id = ? order by currency', [clientId])
}

describe('projections', () => {
  it('applies an event delivered twice only once', async () => {
    const client = aClient()
    const trip = aTrip(client)
    const invoice = anInvoice(trip)
    const payment = aPayment(invoice, { amount: '250.00' })
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('billing.invoice.created', invoice)
    const recorded = await reporting.publish('billing.payment.recorded', payment)
    await reporting.publish('billing.payment.recorded', payment, recorded)
    await reporting.settled()

    expect(await revenueOf(client.id)).toEqual([{ currency: 'EUR', total_revenue: '250.00', payments: 1 }])
    const [stored] = await rows<{ paid: string }>('select paid from invoice where id = ?', [invoice.id])
    expect(stored?.paid).toBe('250.00')
    // One row: the read models and the audit trail are applied by one consumer.
    const inbox = await rows<{ consumer: string }>('select consumer from inbox where event_id = ?', [recorded.id])
    expect(inbox).toEqual([{ consumer: CONSUMER }])
  })

  it('keeps the newest version when an older event arrives after it', async () => {
    const client = aClient({ name: 'First name' })
    const trip = aTrip(client)
    const invoice = anInvoice(trip)
    const payment = aPayment(invoice, { amount: '100.00' })
    await reporting.publish('crm.client.updated', changed(client, { name: 'Second name' }))
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('billing.invoice.created', invoice)
    await reporting.publish('billing.payment.updated', changed(payment, { amount: '80.00' }))
    await reporting.publish('billing.payment.recorded', payment)
    // Same version again under a new event id (a re-emitted event): nothing changes.
    await reporting.publish('billing.payment.updated', { ...changed(payment, { amount: '999.00' }), version: 2 })
    await reporting.settled()

    const [stored] = await rows<{ name: string, version: number }>('select name, version from client where id = ?', [client.id])
    expect(stored).toEqual({ name: 'Second name', version: 2 })
    expect(await revenueOf(client.id)).toEqual([{ currency: 'EUR', total_revenue: '80.00', payments: 1 }])
  })

  it('counts payments that arrive before their trip and invoice once those arrive', async () => {
    const client = aClient()
    const trip = aTrip(client, { destination: 'Reykjavik' })
    const invoice = anInvoice(trip, { amount: '300.00' })
    const payment = aPayment(invoice, { amount: '300.00', payment_date: '2031-03-20' })
    await reporting.publish('billing.payment.recorded', payment)
    await reporting.publish('billing.invoice.created', invoice)
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('crm.client.created', client)
    await reporting.settled()

    const months = await rows('select year, month, currency, total_revenue from revenue_by_month where destination = ?', ['Reykjavik'])
    expect(months).toEqual([{ year: 2031, month: 3, currency: 'EUR', total_revenue: '300.00' }])
    const [stored] = await rows<{ paid: string, settlement: string }>('select paid, settlement from invoice where id = ?', [invoice.id])
    expect(stored).toEqual({ paid: '300.00', settlement: 'paid' })
  })

  it('moves a trip\'s revenue when its destination changes', async () => {
    const client = aClient()
    const trip = aTrip(client, { destination: 'Oslo' })
    const invoice = anInvoice(trip)
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('billing.invoice.created', invoice)
    await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: '40.00', payment_date: '2031-04-02' }))
    await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: '60.00', payment_date: '2031-04-28' }))
    await reporting.publish('crm.trip.updated', changed(trip, { destination: 'Bergen' }))
    await reporting.settled()

    const months = await rows('select destination, total_revenue, payments from revenue_by_month where destination in (?, ?)', ['Oslo', 'Bergen'])
    expect(months).toEqual([{ destination: 'Bergen', total_revenue: '100.00', payments: 2 }])
  })

  it('deletes a client with its notes, trips, invoices and payments, and keeps late events from bringing them back', async () => {
    const client = aClient()
    const note = aNote(client)
    const trip = aTrip(client, { destination: 'Nairobi' })
    const invoice = anInvoice(trip, { due_date: '2031-01-31' })
    const payment = aPayment(invoice, { amount: '500.00' })
    for (const [subject, data] of [
      ['crm.client.created', client], ['crm.note.created', note], ['crm.trip.created', trip],
      ['billing.invoice.created', invoice], ['billing.payment.recorded', payment]
    ] as const) await reporting.publish(subject, data)
    await reporting.settled()
    expect(await revenueOf(client.id)).toHaveLength(1)

    await reporting.publish('crm.client.deleted', changed(client, {}))
    // Late events from billing about records under the deleted client.
    await reporting.publish('billing.payment.updated', changed(payment, { amount: '450.00' }))
    await reporting.publish('billing.invoice.updated', changed(invoice, { amount: '1300.00' }))
    await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: '10.00' }))
    await reporting.settled()

    for (const [table, column] of [['client', 'id'], ['note', 'client_id'], ['trip', 'client_id'], ['invoice', 'client_id'], ['payment', 'client_id'], ['revenue_by_client', 'client_id']]) {
      expect(await rows(`select 1 from ${table} where ${column} = ?`, [client.id]), table).toEqual([])
    }
    expect(await rows('select 1 from revenue_by_month where destination = ?', ['Nairobi'])).toEqual([])
    expect(await rows('select 1 from invoice_totals where due_date = ?', ['2031-01-31'])).toEqual([])
  })

  it('deletes an invoice with its payments, and a payment alone', async () => {
    const client = aClient()
    const trip = aTrip(client)
    const kept = anInvoice(trip)
    const dropped = anInvoice(trip)
    const keptPayment = aPayment(kept, { amount: '70.00' })
    const droppedPayment = aPayment(kept, { amount: '5.00' })
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('billing.invoice.created', kept)
    await reporting.publish('billing.invoice.created', dropped)
    await reporting.publish('billing.payment.recorded', keptPayment)
    await reporting.publish('billing.payment.recorded', droppedPayment)
    await reporting.publish('billing.payment.recorded', aPayment(dropped, { amount: '20.00' }))
    await reporting.publish('billing.invoice.deleted', changed(dropped, {}))
    await reporting.publish('billing.payment.deleted', changed(droppedPayment, {}))
    await reporting.publish('billing.payment.recorded', droppedPayment)
    await reporting.settled()

    expect(await rows('select id from invoice where client_id = ?', [client.id])).toEqual([{ id: kept.id }])
    expect(await rows('select id from payment where client_id = ?', [client.id])).toEqual([{ id: keptPayment.id }])
    expect(await revenueOf(client.id)).toEqual([{ currency: 'EUR', total_revenue: '70.00', payments: 1 }])
    const [invoice] = await rows<{ paid: string }>('select paid from invoice where id = ?', [kept.id])
    expect(invoice?.paid).toBe('70.00')
  })

  it('keeps the invoice totals equal to the invoices they group as payments come and go', async () => {
    const client = aClient()
    const trip = aTrip(client, { price: '300.00' })
    // A due date of its own, so that its groups hold this test's invoices alone.
    const invoice = anInvoice(trip, { amount: '300.00', due_date: '2031-07-17' })
    const other = anInvoice(trip, { amount: '50.00', due_date: '2031-07-17' })
    const first = aPayment(invoice, { amount: '30.00' })
    const second = aPayment(invoice, { amount: '20.00' })
    const grouped = 'select settlement, due_date::text, currency, count(*)::int as invoices, sum(amount)::text as amount, sum(paid)::text as paid from invoice where due_date = ? group by 1, 2, 3 order by 1'
    const totals = 'select settlement, due_date::text, currency, invoices, amount::text, paid::text from invoice_totals where due_date = ? order by 1'
    const expectTotalsToMatch = async (): Promise<void> => {
      await reporting.settled()
      expect(await rows(totals, ['2031-07-17'])).toEqual(await rows(grouped, ['2031-07-17']))
    }
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('billing.invoice.created', invoice)
    await reporting.publish('billing.invoice.created', other)
    // Partial payments leave the invoice in its group: only the group's paid amount moves.
    await reporting.publish('billing.payment.recorded', first)
    await reporting.publish('billing.payment.recorded', second)
    await expectTotalsToMatch()
    expect(await rows(totals, ['2031-07-17'])).toEqual([{ settlement: 'open', due_date: '2031-07-17', currency: 'EUR', invoices: 2, amount: '350.00', paid: '50.00' }])
    await reporting.publish('billing.payment.deleted', changed(first, {}))
    await expectTotalsToMatch()
    // Paid in full: the invoice moves to the paid group, and the open group keeps the other one alone.
    await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: '280.00' }))
    await expectTotalsToMatch()
    expect(await rows(totals, ['2031-07-17'])).toEqual([
      { settlement: 'open', due_date: '2031-07-17', currency: 'EUR', invoices: 1, amount: '50.00', paid: '0.00' },
      { settlement: 'paid', due_date: '2031-07-17', currency: 'EUR', invoices: 1, amount: '300.00', paid: '300.00' }
    ])
    // The other invoice's amount changes in place, then it is deleted: its group goes with it.
    await reporting.publish('billing.invoice.updated', changed(other, { amount: '60.00' }))
    await expectTotalsToMatch()
    await reporting.publish('billing.invoice.deleted', changed(other, { version: other.version + 2 }))
    await expectTotalsToMatch()
    expect(await rows(totals, ['2031-07-17'])).toEqual([{ settlement: 'paid', due_date: '2031-07-17', currency: 'EUR', invoices: 1, amount: '300.00', paid: '300.00' }])
  })

  it('parks an event whose payload breaks the contract in dead_letter and goes on', async () => {
    const client = aClient()
    await reporting.publish('crm.client.created', { id: client.id, name: 42 } as never)
    await reporting.publish('crm.client.created', client)
    await reporting.settled()

    expect(await rows('select id from client where id = ?', [client.id])).toEqual([{ id: client.id }])
    const parked = await rows<{ subject: string }>('select subject from dead_letter where consumer = ?', ['reporting'])
    expect(parked).toEqual([{ subject: 'crm.client.created' }])
  }, 30_000)
})
