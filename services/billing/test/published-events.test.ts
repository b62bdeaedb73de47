import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { CloudEvent, EVENT_CATALOGUE, type EventSubject, type Invoice } from '@travel-crm/contracts'
import { startBilling, type Billing } from './harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

describe('events for integrators', () => {
  it('publishes every change as a CloudEvent whose data keeps to the contract, in order, with rising versions', async () => {
    const agent = { ...billing.as('agent'), traceparent: TRACEPARENT }
    const trip = billing.crm.aTrip({ client_id: 77, currency: 'SEK' })
    const issued = await billing.app.inject({ method: 'POST', url: '/invoices', headers: agent, payload: { trip_id: trip.id, amount: '30.00', due_date: '2099-01-01' } })
    const invoice = issued.json<Invoice>()
    const paid = await billing.app.inject({ method: 'POST', url: '/payments', headers: agent, payload: { invoice_id: invoice.id, amount: '10.00', payment_method: 'card', reference: 'A-1' } })
    const payment = paid.json<{ id: number }>()
    await billing.app.inject({ method: 'PATCH', url: `/payments/${payment.id}`, headers: agent, payload: { amount: '30.00' } })
    await billing.app.inject({ method: 'DELETE', url: `/payments/${payment.id}`, headers: billing.as('admin') })
    await billing.app.inject({ method: 'DELETE', url: `/invoices/${invoice.id}`, headers: billing.as('admin') })
    await billing.feed.waitFor((event) => event.type === 'billing.invoice.deleted' && event.subject === `invoice/${invoice.id}`)

    const mine = billing.feed.events
      .map((event, index) => ({ event, wire: billing.feed.wireSubjects[index] }))
      .filter(({ event }) => event.subject === `invoice/${invoice.id}` || event.subject === `payment/${payment.id}`)
    expect(mine.map(({ event }) => `${event.type} ${event.subject}`)).toEqual([
      `billing.invoice.created invoice/${invoice.id}`,
      `billing.payment.recorded payment/${payment.id}`,
      `billing.invoice.updated invoice/${invoice.id}`,
      `billing.payment.updated payment/${payment.id}`,
      `billing.invoice.updated invoice/${invoice.id}`,
      `billing.invoice.paid invoice/${invoice.id}`,
      `billing.payment.deleted payment/${payment.id}`,
      `billing.invoice.updated invoice/${invoice.id}`,
      `billing.invoice.deleted invoice/${invoice.id}`
    ])
    for (const { event, wire } of mine) {
      expect(Value.Check(CloudEvent, event)).toBe(true)
      expect(wire).toBe(`${billing.environment.subjectPrefix}${event.type}`)
      expect(event).toMatchObject({ specversion: '1.0', source: 'travel-crm/billing', datacontenttype: 'application/json' })
      const schema = EVENT_CATALOGUE[event.type as EventSubject].payload
      expect(Value.Check(schema, event.data), `${event.type}: ${JSON.stringify([...Value.Errors(schema, event.data)])}`).toBe(true)
      expect(event.data).toMatchObject({ trip_id: trip.id, client_id: 77, currency: 'SEK' })
    }
    const created = mine[0]!.event
    expect(created).toMatchObject({ actorid: '2', requestid: issued.headers['x-request-id'], traceparent: TRACEPARENT })
    expect(created.data).toEqual(invoice)
    expect(mine[1]!.event.data).toEqual(paid.json())
    expect(mine[5]!.event.data).toMatchObject({ amount: '30.00', paid_amount: '30.00', status: 'Paid' })
    expect(mine[6]!.event.data).toMatchObject({ amount: '30.00', payment_method: 'card', reference: 'A-1' })

    for (const about of [`invoice/${invoice.id}`, `payment/${payment.id}`]) {
      const versions = mine.filter(({ event }) => event.subject === about && event.type !== 'billing.invoice.paid').map(({ event }) => (event.data as { version: number }).version)
      expect(versions).toEqual([...versions].sort((a, b) => a - b))
      expect(new Set(versions).size).toBe(versions.length)
    }
  })

  it('gives the status as of the moment of the event: an invoice issued after its due date is Overdue', async () => {
    const invoice = await billing.anInvoice({ issue_date: '2021-01-01', due_date: '2021-02-01' })
    const created = await billing.feed.waitFor((event) => event.type === 'billing.invoice.created' && event.subject === `invoice/${invoice.id}`)
    expect(created.data).toMatchObject({ status: 'Overdue', paid_amount: '0.00' })
  })

  it('writes and publishes nothing for a refused request', async () => {
    const invoice = await billing.anInvoice({ amount: '10.00' })
    const payment = await billing.aPayment(invoice.id, '4.00')
    const cancelledInvoice = await billing.anInvoice()
    await billing.app.inject({ method: 'PATCH', url: `/invoices/${cancelledInvoice.id}`, headers: billing.as('agent'), payload: { status: 'Cancelled' } })
    await billing.feed.waitFor((event) => event.type === 'billing.invoice.updated' && event.subject === `invoice/${cancelledInvoice.id}`)
    const published = billing.feed.events.length
    const stored = { invoices: await billing.count('invoice'), payments: await billing.count('payment'), outbox: await billing.count('outbox'), keys: await billing.count('idempotency_key') }

    const agent = billing.as('agent')
    const refusals: Array<{ method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers?: Record<string, string>, status: number }> = [
      { method: 'POST', url: '/invoices', payload: { trip_id: invoice.trip_id, amount: '1.005', due_date: '2099-01-01' }, status: 400 },
      { method: 'POST', url: '/invoices', payload: { trip_id: 777_777, amount: '1', due_date: '2099-01-01' }, status: 404 },
      { method: 'POST', url: '/payments', payload: { invoice_id: invoice.id, amount: '6.01', payment_method: 'card' }, headers: { 'idempotency-key': 'refused-1' }, status: 422 },
      { method: 'POST', url: '/payments', payload: { invoice_id: cancelledInvoice.id, amount: '1', payment_method: 'card' }, status: 422 },
      { method: 'PATCH', url: `/invoices/${invoice.id}`, payload: { amount: '3.99' }, status: 422 },
      { method: 'PATCH', url: `/invoices/${invoice.id}`, payload: { status: 'Cancelled' }, status: 422 },
      { method: 'PATCH', url: `/invoices/${invoice.id}`, payload: { amount: '20' }, headers: { 'if-match': '"1"' }, status: 412 },
      { method: 'PATCH', url: `/payments/${payment.id}`, payload: { amount: '10.01' }, status: 422 },
      { method: 'DELETE', url: `/payments/${payment.id}`, status: 403 },
      { method: 'DELETE', url: `/invoices/${invoice.id}`, status: 403 }
    ]
    for (const refusal of refusals) {
      const response = await billing.app.inject({ method: refusal.method, url: refusal.url, headers: { ...agent, ...refusal.headers }, ...(refusal.payload !== undefined ? { payload: refusal.payload } : {}) })
      expect(response.statusCode, `${refusal.method} ${refusal.url} ${JSON.stringify(refusal.payload)}`).toBe(refusal.status)
    }
    expect({ invoices: await billing.count('invoice'), payments: await billing.count('payment'), outbox: await billing.count('outbox'), keys: await billing.count('idempotency_key') }).toEqual(stored)

    // The next event on the stream is the next accepted change's: nothing refused slipped in before it.
    const sentinel = await billing.anInvoice()
    await billing.feed.waitFor((event) => event.subject === `invoice/${sentinel.id}`)
    expect(billing.feed.events.slice(published).map((event) => event.subject)).toEqual([`invoice/${sentinel.id}`])
  })
})
