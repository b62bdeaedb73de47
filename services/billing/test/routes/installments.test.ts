import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { todayUtc, type Invoice } from '@travel-crm/contracts'
import { startBilling, type Billing } from '../harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

async function post (payload: object) {
  return await billing.app.inject({ method: 'POST', url: '/invoices', headers: billing.as('agent'), payload })
}

async function patch (id: number, payload: object) {
  return await billing.app.inject({ method: 'PATCH', url: `/invoices/${id}`, headers: billing.as('agent'), payload })
}

async function get (id: number): Promise<Invoice> {
  return (await billing.app.inject({ method: 'GET', url: `/invoices/${id}`, headers: billing.as('analyst') })).json<Invoice>()
}

async function footprint () {
  return { invoices: await billing.count('invoice'), outbox: await billing.count('outbox') }
}

const PAST = { issue_date: '2026-01-01', installments: [{ due_date: '2035-01-01', amount: '700.00' }, { due_date: '2026-02-01', amount: '300' }] }

describe('invoices in installments', () => {
  it('keeps the installments oldest first, adds them up to the amount and answers the next one\'s due date, also in the event', async () => {
    const response = await post({ trip_id: billing.crm.aTrip().id, ...PAST })
    expect(response.statusCode).toBe(201)
    const invoice = response.json<Invoice>()
    expect(invoice).toMatchObject({ amount: '1000.00', paid_amount: '0.00', due_date: '2026-02-01', status: 'Overdue' })
    expect(invoice.installments).toEqual([
      { due_date: '2026-02-01', amount: '300.00', paid: '0.00', balance: '300.00', status: 'Overdue' },
      { due_date: '2035-01-01', amount: '700.00', paid: '0.00', balance: '700.00', status: 'Pending' }
    ])
    const created = await billing.feed.waitFor((event) => event.type === 'billing.invoice.created' && event.subject === `invoice/${invoice.id}`)
    expect(created.data).toEqual(invoice)
    expect(await get(invoice.id)).toEqual(invoice)
    const listed = await billing.app.inject({ method: 'GET', url: `/invoices?trip_id=${invoice.trip_id}`, headers: billing.as('analyst') })
    expect(listed.json<Invoice[]>()[0]?.installments).toEqual(invoice.installments)
  })

  it('fills installments oldest first: the invoice stops being Overdue once the late one is paid', async () => {
    const invoice = (await post({ trip_id: billing.crm.aTrip().id, ...PAST })).json<Invoice>()
    await billing.aPayment(invoice.id, '250.00')
    expect(await get(invoice.id)).toMatchObject({ status: 'Overdue', due_date: '2026-02-01', installments: [{ paid: '250.00', balance: '50.00', status: 'Overdue' }, { paid: '0.00', status: 'Pending' }] })
    const payment = await billing.aPayment(invoice.id, '60.00')
    expect(await get(invoice.id)).toMatchObject({ status: 'Partially Paid', due_date: '2035-01-01', installments: [{ paid: '300.00', balance: '0.00', status: 'Paid' }, { paid: '10.00', balance: '690.00', status: 'Partially Paid' }] })
    const updated = await billing.feed.waitFor((event) => event.type === 'billing.invoice.updated' && event.subject === `invoice/${invoice.id}` && (event.data as Invoice).paid_amount === '310.00')
    expect(updated.data).toMatchObject({ due_date: '2035-01-01', status: 'Partially Paid' })
    // Taking the payment back opens the late installment again.
    const deleted = await billing.app.inject({ method: 'DELETE', url: `/payments/${payment.id}`, headers: billing.as('admin') })
    expect(deleted.statusCode).toBe(204)
    expect(await get(invoice.id)).toMatchObject({ status: 'Overdue', due_date: '2026-02-01' })
  })

  it('works a deposit and a balance out of a schedule, from the trip\'s start date, to the cent', async () => {
    const trip = billing.crm.aTrip({ start_date: '2030-06-01' })
    const response = await post({ trip_id: trip.id, issue_date: '2030-01-10', amount: '1200.55', schedule: { deposit_percent: 20, balance_days_before_departure: 45 } })
    expect(response.statusCode).toBe(201)
    expect(response.json<Invoice>()).toMatchObject({
      amount: '1200.55',
      due_date: '2030-01-10',
      installments: [{ due_date: '2030-01-10', amount: '240.11' }, { due_date: '2030-04-17', amount: '960.44' }]
    })
  })

  it('refuses unclear, missing or mismatched terms with a 400, storing nothing', async () => {
    const trip = billing.crm.aTrip()
    await post({ trip_id: trip.id, due_date: '2035-01-01', amount: '1' })
    const before = await footprint()
    const refusals: Array<[object, string]> = [
      [{ amount: '10.00' }, 'BILLING_DUE_DATES_UNCLEAR'],
      [{ due_date: '2035-01-01', installments: [{ due_date: '2035-01-01', amount: '10' }] }, 'BILLING_DUE_DATES_UNCLEAR'],
      [{ due_date: '2035-01-01' }, 'BILLING_AMOUNT_MISSING'],
      [{ schedule: { deposit_percent: 20, balance_days_before_departure: 30 } }, 'BILLING_AMOUNT_MISSING'],
      [{ amount: '10.00', installments: [{ due_date: '2035-01-01', amount: '4' }, { due_date: '2035-02-01', amount: '5.99' }] }, 'BILLING_INSTALLMENTS_MISMATCH'],
      [{ issue_date: '2030-01-10', installments: [{ due_date: '2030-01-09', amount: '4' }] }, 'BILLING_DUE_DATE_BEFORE_ISSUE_DATE'],
      [{ installments: [] }, 'VALIDATION_FAILED'],
      [{ installments: [{ due_date: '2035-01-01', amount: '0' }] }, 'VALIDATION_FAILED'],
      [{ installments: [{ due_date: '2035-01-01', amount: '1.005' }] }, 'VALIDATION_FAILED'],
      [{ amount: '10', schedule: { deposit_percent: 101, balance_days_before_departure: 30 } }, 'VALIDATION_FAILED'],
      [{ amount: '10', schedule: { deposit_percent: 20, balance_days_before_departure: -1 } }, 'VALIDATION_FAILED']
    ]
    for (const [terms, code] of refusals) {
      const response = await post({ trip_id: trip.id, ...terms })
      expect(response.statusCode, JSON.stringify(terms)).toBe(400)
      expect(response.json().code, JSON.stringify(terms)).toBe(code)
    }
    expect(await footprint()).toEqual(before)
  })
})

describe('changing installments', () => {
  it('never lets new installments add up to less than is paid (409); exactly that much is Paid', async () => {
    const invoice = (await post({ trip_id: billing.crm.aTrip().id, ...PAST })).json<Invoice>()
    await billing.aPayment(invoice.id, '400.00')
    const before = await footprint()
    const below = await patch(invoice.id, { installments: [{ due_date: '2035-01-01', amount: '399.99' }] })
    expect(below.statusCode).toBe(409)
    expect(below.json()).toMatchObject({ code: 'BILLING_INSTALLMENTS_BELOW_PAID', paid_amount: '400.00', currency: 'EUR' })
    const fewer = await patch(invoice.id, { amount: '500.00', installments: [{ due_date: '2035-01-01', amount: '400' }, { due_date: '2026-03-01', amount: '99.99' }] })
    expect(fewer.statusCode).toBe(400)
    expect(fewer.json().code).toBe('BILLING_INSTALLMENTS_MISMATCH')
    expect(await footprint()).toEqual(before)

    const exact = await patch(invoice.id, { installments: [{ due_date: '2026-03-01', amount: '150' }, { due_date: '2035-01-01', amount: '250' }] })
    expect(exact.statusCode).toBe(200)
    expect(exact.json<Invoice>()).toMatchObject({ amount: '400.00', paid_amount: '400.00', status: 'Paid', installments: [{ balance: '0.00' }, { balance: '0.00' }] })
    await billing.feed.waitFor((event) => event.type === 'billing.invoice.paid' && event.subject === `invoice/${invoice.id}`)
  })

  it('moves the next unpaid installment with due_date and puts a new amount into the last one', async () => {
    const invoice = (await post({ trip_id: billing.crm.aTrip().id, ...PAST })).json<Invoice>()
    await billing.aPayment(invoice.id, '300.00')
    const moved = await patch(invoice.id, { due_date: '2034-01-01' })
    expect(moved.statusCode).toBe(200)
    expect(moved.json<Invoice>().installments.map((installment) => [installment.due_date, installment.amount])).toEqual([['2026-02-01', '300.00'], ['2034-01-01', '700.00']])
    expect(moved.json()).toMatchObject({ due_date: '2034-01-01', status: 'Partially Paid' })

    const raised = await patch(invoice.id, { amount: '1100.00' })
    expect(raised.json<Invoice>().installments.map((installment) => installment.amount)).toEqual(['300.00', '800.00'])
    const tooLow = await patch(invoice.id, { amount: '300.00' })
    expect(tooLow.statusCode).toBe(400)
    expect(tooLow.json().code).toBe('BILLING_LAST_INSTALLMENT_NOT_POSITIVE')
    const belowPaid = await patch(invoice.id, { amount: '299.99' })
    expect(belowPaid.statusCode).toBe(422)
    expect(belowPaid.json().code).toBe('BILLING_AMOUNT_BELOW_PAID')
  })

  it('replaces the installments with a schedule, keeping the amount, and answers the same as a new invoice would', async () => {
    const trip = billing.crm.aTrip({ start_date: '2031-03-01' })
    const invoice = (await post({ trip_id: trip.id, due_date: '2031-02-01', amount: '500.00' })).json<Invoice>()
    const response = await patch(invoice.id, { schedule: { deposit_percent: '10', balance_days_before_departure: 30 } })
    expect(response.statusCode).toBe(200)
    expect(response.json<Invoice>()).toMatchObject({
      amount: '500.00',
      due_date: todayUtc(),
      installments: [{ due_date: todayUtc(), amount: '50.00' }, { due_date: '2031-01-30', amount: '450.00' }]
    })
  })
})
