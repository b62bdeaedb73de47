import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CloudEvent, Invoice, Payment } from '@travel-crm/contracts'
import { startBilling, type Billing } from '../harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

/** Waits until billing's consumer has applied (or deliberately skipped) the event. */
async function applied (event: CloudEvent): Promise<void> {
  await vi.waitFor(async () => {
    const [row] = await billing.app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from inbox where event_id = ?', [event.id])
    expect(Number(row?.count)).toBe(1)
  }, { timeout: 10_000, interval: 20 })
}

async function replica (tripId: number) {
  const [row] = await billing.app.orm.em.fork().execute<Array<{ client_id: number, currency: string, version: number, deleted: boolean }>>(
    'select client_id, currency, version, deleted from trip where id = ?', [tripId])
  return row
}

async function get<Body> (url: string): Promise<{ statusCode: number, body: Body }> {
  const response = await billing.app.inject({ method: 'GET', url, headers: billing.as('analyst') })
  return { statusCode: response.statusCode, body: response.json<Body>() }
}

describe('the trip replica fed by crm.trip.*', () => {
  it('knows a trip from crm.trip.created and bills it without asking crm', async () => {
    const trip = billing.crm.aTrip({ client_id: 12, currency: 'GBP' })
    await applied(await billing.crm.announce('crm.trip.created', trip))
    const questions = billing.crm.questions
    const invoice = await billing.anInvoice({ trip })
    expect(invoice).toMatchObject({ client_id: 12, currency: 'GBP' })
    expect(billing.crm.questions).toBe(questions)
  })

  it('ignores an event older than the version it holds', async () => {
    const trip = billing.crm.aTrip({ currency: 'EUR' })
    await applied(await billing.crm.announce('crm.trip.created', trip))
    await applied(await billing.crm.announce('crm.trip.updated', { ...trip, currency: 'USD', version: 3 }))
    await applied(await billing.crm.announce('crm.trip.updated', { ...trip, currency: 'GBP', version: 2 }))
    expect(await replica(trip.id)).toMatchObject({ currency: 'USD', version: 3, deleted: false })
    expect((await billing.anInvoice({ trip })).currency).toBe('USD')
  })

  it('moves a trip\'s invoices and payments to its new client, once even when the event comes twice', async () => {
    const trip = billing.crm.aTrip({ client_id: 20 })
    const invoice = await billing.anInvoice({ trip })
    const payment = await billing.aPayment(invoice.id, '10.00')
    const moved = await billing.crm.announce('crm.trip.updated', { ...trip, client_id: 21, version: 2 })
    await applied(moved)
    await billing.crm.republish(moved)

    const updated = await billing.feed.waitFor((event) => event.type === 'billing.payment.updated' && event.subject === `payment/${payment.id}`)
    expect(updated.data).toMatchObject({ client_id: 21, version: 2 })
    expect(updated.actorid).toBe('2')
    expect((await get<Invoice>(`/invoices/${invoice.id}`)).body).toMatchObject({ client_id: 21, version: 3, updated_by: 2 })
    expect((await get<Payment>(`/payments/${payment.id}`)).body).toMatchObject({ client_id: 21, version: 2 })
    expect((await get<Invoice[]>('/invoices?client_id=21')).body.map((listed) => listed.id)).toEqual([invoice.id])

    // The second delivery finds the event in the inbox: versions stay where they are.
    const [row] = await billing.app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from inbox where event_id = ?', [moved.id])
    expect(Number(row?.count)).toBe(1)
    const marker = billing.crm.aTrip()
    await applied(await billing.crm.announce('crm.trip.created', marker))
    expect((await get<Invoice>(`/invoices/${invoice.id}`)).body.version).toBe(3)
  })

  it('removes a deleted trip\'s invoices without payments, announcing each, and bills it no more', async () => {
    const trip = billing.crm.aTrip()
    const first = await billing.anInvoice({ trip, amount: '100.00' })
    const second = await billing.anInvoice({ trip, amount: '50.00' })
    const other = await billing.anInvoice()

    await applied(await billing.crm.announce('crm.trip.deleted', { ...trip, version: 2 }, '1'))
    expect((await get<Invoice[]>(`/invoices?trip_id=${trip.id}`)).body).toEqual([])
    expect((await get(`/invoices/${other.id}`)).statusCode).toBe(200)

    const removed = await vi.waitFor(() => {
      const events = billing.feed.events.filter((event) => event.type.endsWith('.deleted') && (event.data as { trip_id: number }).trip_id === trip.id)
      expect(events).toHaveLength(2)
      return events
    }, { timeout: 10_000, interval: 20 })
    expect(removed.map((event) => event.subject)).toEqual([`invoice/${first.id}`, `invoice/${second.id}`])
    expect(removed.every((event) => event.actorid === '1')).toBe(true)

    // Neither crm's directory nor a late or replayed event brings the trip back.
    const questions = billing.crm.questions
    const refused = await billing.app.inject({ method: 'POST', url: '/invoices', headers: billing.as('agent'), payload: { trip_id: trip.id, amount: '1', due_date: '2035-01-01' } })
    expect(refused.statusCode).toBe(404)
    expect(billing.crm.questions).toBe(questions)
    await applied(await billing.crm.announce('crm.trip.created', trip))
    expect(await replica(trip.id)).toMatchObject({ deleted: true })
  })

  it('keeps the invoices with payments of a trip crm deleted before it heard of them: money received is not destroyed', async () => {
    const trip = billing.crm.aTrip()
    const paid = await billing.anInvoice({ trip, amount: '100.00' })
    const unpaid = await billing.anInvoice({ trip, amount: '50.00' })
    const payment = await billing.aPayment(paid.id, '30.00')

    await applied(await billing.crm.announce('crm.trip.deleted', { ...trip, version: 2 }, '1'))
    expect((await get<Invoice[]>(`/invoices?trip_id=${trip.id}`)).body.map((invoice) => invoice.id)).toEqual([paid.id])
    expect((await get<Payment>(`/payments/${payment.id}`)).body).toMatchObject({ amount: '30.00' })
    expect((await get(`/invoices/${unpaid.id}`)).statusCode).toBe(404)
    expect(billing.feed.events.some((event) => event.type === 'billing.payment.deleted' && event.subject === `payment/${payment.id}`)).toBe(false)
  })

  it('remembers a trip deleted before billing ever heard of it', async () => {
    const trip = billing.crm.aTrip()
    await applied(await billing.crm.announce('crm.trip.deleted', trip))
    const refused = await billing.app.inject({ method: 'POST', url: '/invoices', headers: billing.as('agent'), payload: { trip_id: trip.id, amount: '1', due_date: '2035-01-01' } })
    expect(refused.statusCode).toBe(404)
    expect(refused.json().code).toBe('BILLING_TRIP_NOT_FOUND')
  })
})
