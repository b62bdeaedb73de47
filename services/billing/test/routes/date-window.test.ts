import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBilling, type Billing } from '../harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

const yearsFromNow = (years: number) => `${new Date().getUTCFullYear() + years}-06-30`

describe('the dates billing takes', () => {
  it('refuses invoice and payment dates before 2000 or more than ten years ahead, naming the field and the window', async () => {
    const trip = billing.crm.aTrip({ client_id: 41 })
    const post = async (url: string, payload: object) => await billing.app.inject({ method: 'POST', url, headers: billing.as('agent'), payload })
    for (const payload of [
      { trip_id: trip.id, due_date: '9999-12-31', amount: '10.00' },
      { trip_id: trip.id, issue_date: '1999-12-31', due_date: '2000-01-31', amount: '10.00' },
      { trip_id: trip.id, issue_date: yearsFromNow(11), due_date: yearsFromNow(11), amount: '10.00' }
    ]) {
      const refused = await post('/invoices', payload)
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400)
      expect(refused.json()).toMatchObject({ code: 'BILLING_DATE_OUT_OF_RANGE', detail: expect.stringMatching(/^The (issue|due)_date .* is outside \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/) })
    }
    const issued = await billing.anInvoice({ trip, amount: '100.00' })
    for (const date of ['9999-12-31', '1970-01-01', yearsFromNow(11)]) {
      const refused = await post('/payments', { invoice_id: issued.id, amount: '1.00', payment_method: 'card', payment_date: date })
      expect(refused.statusCode, date).toBe(400)
      expect(refused.json().code).toBe('BILLING_DATE_OUT_OF_RANGE')
    }
    const taken = await post('/payments', { invoice_id: issued.id, amount: '1.00', payment_method: 'card', payment_date: '2000-01-01' })
    expect(taken.statusCode, taken.body).toBe(201)
    const moved = await billing.app.inject({ method: 'PATCH', url: `/payments/${taken.json().id as number}`, headers: billing.as('agent'), payload: { payment_date: '9999-12-31' } })
    expect(moved.json().code).toBe('BILLING_DATE_OUT_OF_RANGE')
    expect((await post('/invoices', { trip_id: trip.id, due_date: yearsFromNow(9), amount: '10.00' })).statusCode).toBe(201)
  })
})
