import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { BookingPayload, Commission, CommissionPayment, EventSubject } from '@travel-crm/contracts'
import { buildEnvelope } from '@travel-crm/service-kit/messaging'
import { startBilling, type Billing } from '../harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

let nextBooking = 1
let nextSupplier = 900

/** A booking crm has just written, announced on the stream as crm's relay would. */
async function aBooking (fields: Partial<BookingPayload> = {}, subject: EventSubject = 'crm.booking.created'): Promise<BookingPayload> {
  const now = new Date().toISOString()
  const booking: BookingPayload = {
    id: nextBooking++,
    trip_id: 1,
    supplier_id: nextSupplier++,
    kind: 'hotel',
    description: 'Hotel Avenida, 7 nights',
    confirmation_ref: null,
    start_date: '2030-06-01',
    end_date: '2030-06-08',
    status: 'confirmed',
    currency: 'EUR',
    cost: '800.00',
    sell_price: '880.00',
    commission: '42.00',
    commission_rate: null,
    created_at: now,
    updated_at: now,
    created_by: 2,
    updated_by: 2,
    version: 1,
    ...fields
  }
  await announce(booking, subject)
  return booking
}

async function announce (booking: BookingPayload, subject: EventSubject): Promise<void> {
  await billing.crm.republish(buildEnvelope('crm', { subject, about: `booking/${booking.id}`, data: booking }, { actorId: '2' }))
}

async function commissionsOf (supplierId: number, query = ''): Promise<Commission[]> {
  const response = await billing.app.inject({ method: 'GET', url: `/commissions?supplier_id=${supplierId}${query}`, headers: billing.as('analyst') })
  expect(response.statusCode).toBe(200)
  return response.json<Commission[]>()
}

/** Waits until billing holds the supplier's commission in the state `match` describes. */
async function eventuallyCommission (supplierId: number, match: Partial<Commission>): Promise<Commission> {
  return await vi.waitFor(async () => {
    const [commission] = await commissionsOf(supplierId)
    expect(commission).toMatchObject(match)
    return commission!
  }, { timeout: 10_000, interval: 50 })
}

async function pay (payload: object, key?: string) {
  return await billing.app.inject({ method: 'POST', url: '/commission-payments', headers: { ...billing.as('agent'), ...(key === undefined ? {} : { 'idempotency-key': key }) }, payload })
}

describe('commissions from crm\'s bookings', () => {
  it('expects a booking\'s commission by its end date plus 30 days, and takes supplier payments exactly, once per key, never more', async () => {
    const booking = await aBooking()
    const commission = await eventuallyCommission(booking.supplier_id, {
      booking_id: booking.id, trip_id: 1, currency: 'EUR', expected: '42.00', received: '0.00', balance: '42.00', due_date: '2030-07-08', status: 'Expected'
    })
    expect((await billing.feed.waitFor((event) => event.type === 'billing.commission.updated' && event.subject === `commission/${booking.id}`)).data).toEqual(commission)

    const first = await pay({ booking_id: booking.id, amount: '20', received_date: '2030-07-01' }, 'supplier-remittance-1')
    expect(first.statusCode).toBe(201)
    expect(first.json<CommissionPayment>()).toMatchObject({ booking_id: booking.id, supplier_id: booking.supplier_id, amount: '20.00', currency: 'EUR', received_date: '2030-07-01' })
    const retry = await pay({ booking_id: booking.id, amount: '20', received_date: '2030-07-01' }, 'supplier-remittance-1')
    expect(retry.body).toBe(first.body)
    expect(await eventuallyCommission(booking.supplier_id, { received: '20.00', balance: '22.00', status: 'Partially Received' })).toBeDefined()

    const over = await pay({ booking_id: booking.id, amount: '22.01' })
    expect(over.statusCode).toBe(422)
    expect(over.json()).toMatchObject({ code: 'BILLING_COMMISSION_EXCEEDS_BALANCE', balance: '22.00', currency: 'EUR' })
    for (const amount of ['0', '-1', '1.005', 'abc']) expect((await pay({ booking_id: booking.id, amount })).statusCode, amount).toBe(400)
    expect((await pay({ booking_id: booking.id, amount: '22.00' })).statusCode).toBe(201)
    expect(await eventuallyCommission(booking.supplier_id, { received: '42.00', balance: '0.00', status: 'Received' })).toBeDefined()
    // Two payments, the retried one once.
    await vi.waitFor(() => {
      const received = billing.feed.events.filter((event) => event.type === 'billing.commission.received' && (event.data as CommissionPayment).booking_id === booking.id)
      expect(received.map((event) => (event.data as CommissionPayment).amount)).toEqual(['20.00', '22.00'])
    })
  })

  it('never takes more than is expected when payments arrive together', async () => {
    const booking = await aBooking({ commission: '42.00' })
    await eventuallyCommission(booking.supplier_id, { expected: '42.00' })
    const answers = await Promise.all(Array.from({ length: 10 }, async () => await pay({ booking_id: booking.id, amount: '10.00' })))
    expect(answers.filter((answer) => answer.statusCode === 201)).toHaveLength(4)
    expect(answers.filter((answer) => answer.statusCode === 422)).toHaveLength(6)
    expect(await eventuallyCommission(booking.supplier_id, { received: '40.00', balance: '2.00' })).toBeDefined()
  })

  it('follows the booking\'s later versions only, is Cancelled with it, and refuses payments then', async () => {
    const booking = await aBooking()
    await eventuallyCommission(booking.supplier_id, { expected: '42.00' })
    await announce({ ...booking, commission: '50.00', end_date: '2030-06-10', version: 3 }, 'crm.booking.updated')
    await eventuallyCommission(booking.supplier_id, { expected: '50.00', due_date: '2030-07-10' })
    // An older version arriving late changes nothing.
    await announce({ ...booking, commission: '1.00', version: 2 }, 'crm.booking.updated')
    await announce({ ...booking, commission: '50.00', end_date: '2030-06-10', status: 'cancelled', version: 4 }, 'crm.booking.updated')
    await eventuallyCommission(booking.supplier_id, { expected: '50.00', status: 'Cancelled' })
    const refused = await pay({ booking_id: booking.id, amount: '1.00' })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().code).toBe('BILLING_COMMISSION_CANCELLED')

    const deleted = await aBooking()
    await eventuallyCommission(deleted.supplier_id, { status: 'Expected' })
    await announce({ ...deleted, version: 2 }, 'crm.booking.deleted')
    await eventuallyCommission(deleted.supplier_id, { status: 'Cancelled' })
    // A late update does not bring a deleted booking back.
    await announce({ ...deleted, version: 3 }, 'crm.booking.updated')
    await announce({ ...(await aBooking()), version: 1 }, 'crm.booking.updated')
    expect((await commissionsOf(deleted.supplier_id))[0]?.status).toBe('Cancelled')
  })

  it('is Overdue once its due date has passed with money open, lists by status and pages, and answers 404 for a booking without commission', async () => {
    const late = await aBooking({ end_date: '2020-01-01', start_date: '2019-12-24' })
    await eventuallyCommission(late.supplier_id, { due_date: '2020-01-31', status: 'Overdue' })
    const overdue = await billing.app.inject({ method: 'GET', url: '/commissions?status=Overdue&limit=1', headers: billing.as('agent') })
    expect(overdue.json<Commission[]>().map((commission) => commission.booking_id)).toEqual([late.id])
    expect(overdue.headers['x-total-count']).toBe('1')
    expect((await commissionsOf(late.supplier_id, '&status=Expected'))).toEqual([])

    // A booking without commission is kept (to order later versions) but owes nothing and is listed nowhere.
    const none = await aBooking({ commission: '0.00' })
    await vi.waitFor(async () => {
      expect(await billing.app.orm.em.fork().execute('select booking_id from commission where booking_id = ?', [none.id])).toHaveLength(1)
    })
    expect(await commissionsOf(none.supplier_id)).toEqual([])
    const missing = await pay({ booking_id: none.id, amount: '1.00' })
    expect(missing.statusCode).toBe(404)
    expect((await pay({ booking_id: 999_999, amount: '1.00' })).json().code).toBe('BILLING_COMMISSION_NOT_FOUND')
    expect((await billing.app.inject({ method: 'GET', url: '/commissions?status=Lost', headers: billing.as('agent') })).statusCode).toBe(400)
  })
})
