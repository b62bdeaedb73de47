import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { todayUtc, type Invoice } from '@travel-crm/contracts'
import { startBilling, type Billing } from '../harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

async function post (payload: unknown, role: 'admin' | 'agent' | 'analyst' = 'agent') {
  return await billing.app.inject({ method: 'POST', url: '/invoices', headers: billing.as(role), payload: payload as object })
}

async function patch (id: number, payload: object, headers: Record<string, string> = {}) {
  return await billing.app.inject({ method: 'PATCH', url: `/invoices/${id}`, headers: { ...billing.as('agent'), ...headers }, payload })
}

async function get (url: string) {
  return await billing.app.inject({ method: 'GET', url, headers: billing.as('analyst') })
}

/** Table sizes that a refused request must leave as they were. */
async function footprint () {
  return {
    invoices: await billing.count('invoice'),
    payments: await billing.count('payment'),
    outbox: await billing.count('outbox'),
    trips: await billing.count('trip')
  }
}

describe('POST /invoices', () => {
  it('issues an invoice for a trip crm created a moment ago, billing the trip\'s client in its currency', async () => {
    const trip = billing.crm.aTrip({ client_id: 42, currency: 'CHF' })
    const questions = billing.crm.questions
    const response = await post({ trip_id: trip.id, due_date: '2035-12-31', amount: 1250.5 })
    expect(response.statusCode).toBe(201)
    const invoice = response.json<Invoice>()
    expect(invoice).toMatchObject({
      trip_id: trip.id,
      client_id: 42,
      currency: 'CHF',
      issue_date: todayUtc(),
      due_date: '2035-12-31',
      amount: '1250.50',
      paid_amount: '0.00',
      status: 'Pending',
      created_by: 2,
      updated_by: 2,
      version: 1
    })
    expect(response.headers['location']).toBe(`/invoices/${invoice.id}`)
    expect(response.headers['etag']).toBe('"1"')
    expect(billing.crm.questions).toBe(questions + 1)

    // The answer is kept: the next invoice for the trip does not ask again.
    expect((await post({ trip_id: trip.id, due_date: '2035-12-31', amount: '10' })).statusCode).toBe(201)
    expect(billing.crm.questions).toBe(questions + 1)
  })

  it('refuses amounts that are not positive money with at most two decimals, storing nothing', async () => {
    const trip = billing.crm.aTrip()
    const before = await footprint()
    for (const amount of [1.005, '1.005', -1, '-1', 0, '0.00', 'abc', '', '1e3', null, true, 12345678901]) {
      const response = await post({ trip_id: trip.id, due_date: '2035-12-31', amount })
      expect(response.statusCode, `amount ${JSON.stringify(amount)}`).toBe(400)
      expect(response.headers['content-type']).toContain('application/problem+json')
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: expect.arrayContaining([expect.objectContaining({ path: 'body/amount' })]) })
    }
    // 1e309 is valid JSON but no finite number.
    const infinite = await billing.app.inject({
      method: 'POST',
      url: '/invoices',
      headers: { ...billing.as('agent'), 'content-type': 'application/json' },
      payload: `{"trip_id":${trip.id},"due_date":"2035-12-31","amount":1e309}`
    })
    expect(infinite.statusCode).toBe(400)
    expect(await footprint()).toEqual(before)
  })

  it('refuses a due date before the issue date, an impossible date, a typed-in status and unknown fields', async () => {
    const trip = billing.crm.aTrip()
    const before = await footprint()
    const early = await post({ trip_id: trip.id, issue_date: '2030-05-02', due_date: '2030-05-01', amount: '10' })
    expect(early.statusCode).toBe(400)
    expect(early.json().code).toBe('BILLING_DUE_DATE_BEFORE_ISSUE_DATE')
    expect((await post({ trip_id: trip.id, due_date: '2027-02-30', amount: '10' })).statusCode).toBe(400)
    expect((await post({ trip_id: trip.id, due_date: '2035-12-31', amount: '10', status: 'Paid' })).statusCode).toBe(400)
    expect((await post({ trip_id: trip.id, due_date: '2035-12-31', amount: '10', client_id: 3 })).statusCode).toBe(400)
    expect((await post({ trip_id: trip.id, amount: '10' })).statusCode).toBe(400)
    expect(await footprint()).toEqual(before)
  })

  it('answers 404 for a trip crm does not know, and 503 when crm does not answer', async () => {
    const before = await footprint()
    const missing = await post({ trip_id: 999_999, due_date: '2035-12-31', amount: '10' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('BILLING_TRIP_NOT_FOUND')

    const trip = billing.crm.aTrip()
    billing.crm.silentAbout.add(trip.id)
    const silent = await post({ trip_id: trip.id, due_date: '2035-12-31', amount: '10' })
    expect(silent.statusCode).toBe(503)
    expect(silent.json().code).toBe('SERVICE_UNAVAILABLE')
    expect(await footprint()).toEqual(before)
  })

  it('lets admins and agents issue invoices, not analysts or anonymous callers', async () => {
    const trip = billing.crm.aTrip()
    const body = { trip_id: trip.id, due_date: '2035-12-31', amount: '10' }
    expect((await post(body, 'analyst')).statusCode).toBe(403)
    expect((await billing.app.inject({ method: 'POST', url: '/invoices', payload: body })).statusCode).toBe(401)
    expect((await post(body, 'admin')).statusCode).toBe(201)
  })
})

describe('GET /invoices', () => {
  it('gives one invoice with its ETag, also under the original /invoice/:id path', async () => {
    const invoice = await billing.anInvoice({ amount: '99.99' })
    const response = await get(`/invoices/${invoice.id}`)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(invoice)
    expect(response.headers['etag']).toBe('"1"')
    const alias = await get(`/invoice/${invoice.id}`)
    expect(alias.json()).toEqual(invoice)
    const missing = await get('/invoices/987654')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('BILLING_INVOICE_NOT_FOUND')
    expect((await get('/invoices/abc')).statusCode).toBe(400)
  })

  it('filters by trip, client, status and due date, and pages with X-Total-Count and Link', async () => {
    const client = 5001
    const trip = billing.crm.aTrip({ client_id: client })
    const pending = await billing.anInvoice({ trip, due_date: '2035-01-10' })
    const overdue = await billing.anInvoice({ trip: billing.crm.aTrip({ client_id: client }), issue_date: '2020-01-01', due_date: '2020-02-01' })
    const partlyPaid = await billing.anInvoice({ trip, due_date: '2035-01-20' })
    await billing.aPayment(partlyPaid.id, '10.00')
    const paid = await billing.anInvoice({ trip, amount: '10.00', due_date: '2035-01-30' })
    await billing.aPayment(paid.id, '10.00')
    const cancelled = await billing.anInvoice({ trip, due_date: '2035-02-10' })
    expect((await patch(cancelled.id, { status: 'Cancelled' })).statusCode).toBe(200)

    async function ids (query: string): Promise<number[]> {
      const response = await get(`/invoices?${query}`)
      expect(response.statusCode).toBe(200)
      return response.json<Invoice[]>().map((invoice) => invoice.id)
    }
    expect(await ids(`client_id=${client}`)).toEqual([pending.id, overdue.id, partlyPaid.id, paid.id, cancelled.id])
    expect(await ids(`trip_id=${trip.id}`)).toEqual([pending.id, partlyPaid.id, paid.id, cancelled.id])
    expect(await ids(`client_id=${client}&status=Pending`)).toEqual([pending.id])
    expect(await ids(`client_id=${client}&status=Overdue`)).toEqual([overdue.id])
    expect(await ids(`client_id=${client}&status=Partially%20Paid`)).toEqual([partlyPaid.id])
    expect(await ids(`client_id=${client}&status=Paid`)).toEqual([paid.id])
    expect(await ids(`client_id=${client}&status=Cancelled`)).toEqual([cancelled.id])
    expect(await ids(`client_id=${client}&due_before=2035-01-20`)).toEqual([pending.id, overdue.id])
    expect(await ids(`client_id=${client}&due_after=2035-01-20&due_before=2035-02-10`)).toEqual([paid.id])

    const first = await get(`/invoices?client_id=${client}&limit=2`)
    expect(first.headers['x-total-count']).toBe('5')
    expect(first.headers['link']).toBe(`</invoices?client_id=${client}&limit=2&offset=2>; rel="next"`)
    const last = await get(`/invoices?client_id=${client}&limit=2&offset=4`)
    expect(last.json<Invoice[]>().map((invoice) => invoice.id)).toEqual([cancelled.id])
    expect(last.headers['link']).toBeUndefined()
  })

  it('refuses bad filters', async () => {
    for (const query of ['status=Unpaid', 'limit=0', 'limit=501', 'due_before=2027-02-30', 'client_id=x', 'colour=red']) {
      expect((await get(`/invoices?${query}`)).statusCode, query).toBe(400)
    }
  })
})

describe('PATCH /invoices/:id', () => {
  it('changes dates and amount under a new version, honouring If-Match', async () => {
    const invoice = await billing.anInvoice({ amount: '100.00', issue_date: '2030-01-01', due_date: '2030-02-01' })
    const stale = await patch(invoice.id, { amount: '1' }, { 'if-match': '"7"' })
    expect(stale.statusCode).toBe(412)
    expect(stale.json()).toMatchObject({ code: 'BILLING_STALE_VERSION', detail: expect.stringContaining(`Invoice ${invoice.id} is at version 1`) })
    const response = await patch(invoice.id, { amount: '120.5', due_date: '2030-03-01' }, { 'if-match': '"1"' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ amount: '120.50', due_date: '2030-03-01', issue_date: '2030-01-01', version: 2 })
    expect(response.headers['etag']).toBe('"2"')
    const early = await patch(invoice.id, { issue_date: '2030-03-02' })
    expect(early.statusCode).toBe(400)
    expect(early.json().code).toBe('BILLING_DUE_DATE_BEFORE_ISSUE_DATE')
    expect((await patch(invoice.id, {})).statusCode).toBe(400)
    expect((await patch(invoice.id, { status: 'Paid' })).statusCode).toBe(400)
    expect((await patch(invoice.id, { trip_id: 3 })).statusCode).toBe(400)
    expect((await get(`/invoices/${invoice.id}`)).json().version).toBe(2)
  })

  it('never lowers the amount below what is paid; lowering it to exactly that makes the invoice Paid', async () => {
    const invoice = await billing.anInvoice({ amount: '100.00' })
    await billing.aPayment(invoice.id, '60.00')
    const below = await patch(invoice.id, { amount: '59.99' })
    expect(below.statusCode).toBe(422)
    expect(below.json()).toMatchObject({ code: 'BILLING_AMOUNT_BELOW_PAID', paid_amount: '60.00', currency: 'EUR' })
    const exact = await patch(invoice.id, { amount: '60' })
    expect(exact.statusCode).toBe(200)
    expect(exact.json()).toMatchObject({ amount: '60.00', paid_amount: '60.00', status: 'Paid' })
    const paid = await billing.feed.waitFor((event) => event.type === 'billing.invoice.paid' && event.subject === `invoice/${invoice.id}`)
    expect(paid.data).toEqual(exact.json())
  })

  it('cancels an invoice without payments; a cancelled invoice takes no payment and no other change', async () => {
    const invoice = await billing.anInvoice()
    const cancelled = await patch(invoice.id, { status: 'Cancelled' })
    expect(cancelled.statusCode).toBe(200)
    expect(cancelled.json()).toMatchObject({ status: 'Cancelled', version: 2 })

    const before = await footprint()
    const payment = await billing.app.inject({ method: 'POST', url: '/payments', headers: billing.as('agent'), payload: { invoice_id: invoice.id, amount: '1', payment_method: 'cash' } })
    expect(payment.statusCode).toBe(422)
    expect(payment.json().code).toBe('BILLING_INVOICE_CANCELLED')
    const change = await patch(invoice.id, { amount: '5' })
    expect(change.statusCode).toBe(422)
    expect(change.json().code).toBe('BILLING_INVOICE_CANCELLED')
    expect(await footprint()).toEqual(before)

    // Cancelling again changes nothing.
    const again = await patch(invoice.id, { status: 'Cancelled' })
    expect(again.statusCode).toBe(200)
    expect(again.json().version).toBe(2)
  })

  it('does not cancel an invoice that has payments', async () => {
    const invoice = await billing.anInvoice()
    await billing.aPayment(invoice.id, '0.01')
    const response = await patch(invoice.id, { status: 'Cancelled' })
    expect(response.statusCode).toBe(422)
    expect(response.json().code).toBe('BILLING_INVOICE_HAS_PAYMENTS')
    expect((await get(`/invoices/${invoice.id}`)).json().status).toBe('Partially Paid')
  })
})

describe('DELETE /invoices/:id', () => {
  it('is for admins; it removes the invoice with its payments, announcing each', async () => {
    const invoice = await billing.anInvoice({ amount: '50.00' })
    const first = await billing.aPayment(invoice.id, '20.00')
    const second = await billing.aPayment(invoice.id, '30.00')
    expect((await billing.app.inject({ method: 'DELETE', url: `/invoices/${invoice.id}`, headers: billing.as('agent') })).statusCode).toBe(403)
    const stale = await billing.app.inject({ method: 'DELETE', url: `/invoices/${invoice.id}`, headers: { ...billing.as('admin'), 'if-match': '"1"' } })
    expect(stale.statusCode).toBe(412)

    const response = await billing.app.inject({ method: 'DELETE', url: `/invoices/${invoice.id}`, headers: { ...billing.as('admin'), 'if-match': '"3"' } })
    expect(response.statusCode).toBe(204)
    expect((await get(`/invoices/${invoice.id}`)).statusCode).toBe(404)
    expect((await get(`/payments/${first.id}`)).statusCode).toBe(404)
    expect((await get(`/payments?invoice_id=${invoice.id}`)).json()).toEqual([])

    const deleted = await billing.feed.waitFor((event) => event.type === 'billing.invoice.deleted' && event.subject === `invoice/${invoice.id}`)
    expect(deleted.data).toMatchObject({ id: invoice.id, paid_amount: '50.00', version: 4 })
    expect(deleted.actorid).toBe('1')
    const removals = billing.feed.events.filter((event) => event.type === 'billing.payment.deleted' && [first.id, second.id].includes((event.data as { id: number }).id))
    const gone = { version: 2, updated_by: 1, updated_at: expect.any(String), deleted_by: 1, deleted_at: expect.any(String), deletion_reason: `deleted with invoice ${invoice.id}` }
    expect(removals.map((event) => event.data)).toEqual([{ ...first, ...gone }, { ...second, ...gone }])
    expect(billing.feed.events.indexOf(removals[1]!)).toBeLessThan(billing.feed.events.indexOf(deleted))
    expect((await billing.app.inject({ method: 'DELETE', url: `/invoices/${invoice.id}`, headers: billing.as('admin') })).statusCode).toBe(404)
  })
})
