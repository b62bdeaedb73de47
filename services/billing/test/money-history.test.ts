import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Value } from 'typebox/value'
import { DeletedPaymentPayload, type CloudEvent, type ClientPayload } from '@travel-crm/contracts'
import { buildEnvelope } from '@travel-crm/service-kit/messaging'
import { startBilling, type Billing } from './harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

async function applied (event: CloudEvent): Promise<void> {
  await vi.waitFor(async () => {
    const [row] = await billing.app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from inbox where event_id = ?', [event.id])
    expect(Number(row?.count)).toBe(1)
  }, { timeout: 10_000, interval: 20 })
}

async function refused (method: 'POST' | 'DELETE', url: string, payload: object | undefined, status: number, code: string): Promise<void> {
  const response = await billing.app.inject({ method, url, headers: billing.as('admin'), ...(payload === undefined ? {} : { payload }) })
  expect(response.statusCode, response.body).toBe(status)
  expect(response.json().code).toBe(code)
}

async function clientEvent (subject: 'crm.client.archived' | 'crm.client.restored', client: ClientPayload): Promise<CloudEvent> {
  const envelope = buildEnvelope('crm', { subject, about: `client/${client.id}`, data: client }, { actorId: '2' })
  await billing.crm.republish(envelope)
  return envelope
}

describe('an archived trip or client takes no new invoice or payment', () => {
  it('refuses invoices and payments on an archived trip (409 BILLING_TRIP_ARCHIVED) until it is restored', async () => {
    const trip = billing.crm.aTrip()
    const invoice = await billing.anInvoice({ trip })
    const archivedAt = new Date().toISOString()
    await applied(await billing.crm.announce('crm.trip.archived', { ...trip, archived_at: archivedAt, version: 2 }))
    await refused('POST', '/invoices', { trip_id: trip.id, amount: '10.00', due_date: '2035-01-01' }, 409, 'BILLING_TRIP_ARCHIVED')
    await refused('POST', '/payments', { invoice_id: invoice.id, amount: '10.00', payment_method: 'card' }, 409, 'BILLING_TRIP_ARCHIVED')
    // What is already there stays readable.
    expect((await billing.app.inject({ method: 'GET', url: `/invoices/${invoice.id}`, headers: billing.as('analyst') })).statusCode).toBe(200)

    await applied(await billing.crm.announce('crm.trip.restored', { ...trip, archived_at: null, version: 3 }))
    await billing.aPayment(invoice.id, '10.00')
    await billing.anInvoice({ trip })
  })

  it('refuses a trip crm answers for as archived, when billing has not heard of it yet', async () => {
    const trip = billing.crm.aTrip({ archived_at: new Date().toISOString() })
    await refused('POST', '/invoices', { trip_id: trip.id, amount: '10.00', due_date: '2035-01-01' }, 409, 'BILLING_TRIP_ARCHIVED')
  })

  it('refuses invoices and payments for an archived client\'s trips (409 BILLING_CLIENT_ARCHIVED)', async () => {
    const client = await billing.crm.aClient()
    const trip = billing.crm.aTrip({ client_id: client.id })
    const invoice = await billing.anInvoice({ trip })
    await applied(await clientEvent('crm.client.archived', { ...client, archived_at: new Date().toISOString(), version: 2 }))
    await refused('POST', '/invoices', { trip_id: trip.id, amount: '10.00', due_date: '2035-01-01' }, 409, 'BILLING_CLIENT_ARCHIVED')
    await refused('POST', '/payments', { invoice_id: invoice.id, amount: '10.00', payment_method: 'card' }, 409, 'BILLING_CLIENT_ARCHIVED')
    await applied(await clientEvent('crm.client.restored', { ...client, archived_at: null, version: 3 }))
    await billing.aPayment(invoice.id, '10.00')
  })
})

describe('DELETE /payments/:id keeps what was deleted', () => {
  it('records the whole payment, who deleted it, when and why, and says all of it in billing.payment.deleted', async () => {
    const invoice = await billing.anInvoice({ amount: '200.00' })
    const payment = await billing.aPayment(invoice.id, '75.50')
    const deleted = await billing.app.inject({ method: 'DELETE', url: `/payments/${payment.id}?reason=${encodeURIComponent('  entered twice ')}`, headers: billing.as('admin') })
    expect(deleted.statusCode, deleted.body).toBe(204)

    const event = await billing.feed.waitFor((published) => published.type === 'billing.payment.deleted' && published.subject === `payment/${payment.id}`)
    expect(Value.Check(DeletedPaymentPayload, event.data)).toBe(true)
    const data = event.data as DeletedPaymentPayload
    expect(data).toMatchObject({
      id: payment.id, invoice_id: invoice.id, amount: '75.50', currency: payment.currency, payment_date: payment.payment_date,
      payment_method: 'card', created_at: payment.created_at, version: payment.version + 1, deletion_reason: 'entered twice'
    })
    expect(data.deleted_by).toEqual(expect.any(Number))
    expect(data.deleted_at).toBe(data.updated_at)

    const [row] = await billing.app.orm.em.fork().execute<Array<Record<string, unknown>>>('select * from deleted_payment where payment_id = ?', [payment.id])
    expect(row).toMatchObject({ invoice_id: invoice.id, trip_id: invoice.trip_id, amount: '75.50', payment_method: 'card', deletion_reason: 'entered twice', deleted_by: data.deleted_by })
    expect(new Date(String(row?.['deleted_at'])).toISOString()).toBe(data.deleted_at)
    expect((await billing.app.inject({ method: 'GET', url: `/payments/${payment.id}`, headers: billing.as('admin') })).statusCode).toBe(404)
  })

  it('records a delete without a reason as null, and the payments an invoice\'s delete takes with it', async () => {
    const invoice = await billing.anInvoice({ amount: '200.00' })
    const alone = await billing.aPayment(invoice.id, '10.00')
    const withInvoice = await billing.aPayment(invoice.id, '20.00')
    expect((await billing.app.inject({ method: 'DELETE', url: `/payments/${alone.id}`, headers: billing.as('admin') })).statusCode).toBe(204)
    expect((await billing.app.inject({ method: 'DELETE', url: `/invoices/${invoice.id}`, headers: billing.as('admin') })).statusCode).toBe(204)
    const rows = await billing.app.orm.em.fork().execute<Array<{ payment_id: number, deletion_reason: string | null }>>(
      'select payment_id, deletion_reason from deleted_payment where invoice_id = ? order by payment_id', [invoice.id])
    expect(rows).toEqual([{ payment_id: alone.id, deletion_reason: null }, { payment_id: withInvoice.id, deletion_reason: `deleted with invoice ${invoice.id}` }])
  })

  it('refuses a blank or overlong reason (400) and deletes nothing', async () => {
    const invoice = await billing.anInvoice()
    const payment = await billing.aPayment(invoice.id, '10.00')
    for (const reason of ['   ', 'x'.repeat(2001)]) {
      await refused('DELETE', `/payments/${payment.id}?reason=${reason}`, undefined, 400, 'VALIDATION_FAILED')
    }
    expect((await billing.app.inject({ method: 'GET', url: `/payments/${payment.id}`, headers: billing.as('admin') })).statusCode).toBe(200)
  })
})
