import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { todayUtc, type Invoice, type Payment } from '@travel-crm/contracts'
import { startBilling, type Billing } from '../harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

async function pay (payload: object, role: 'admin' | 'agent' | 'analyst' = 'agent') {
  return await billing.app.inject({ method: 'POST', url: '/payments', headers: billing.as(role), payload })
}

async function get (url: string) {
  return await billing.app.inject({ method: 'GET', url, headers: billing.as('analyst') })
}

async function invoice (id: number): Promise<Invoice> {
  return (await get(`/invoices/${id}`)).json<Invoice>()
}

async function footprint () {
  return { invoices: await billing.count('invoice'), payments: await billing.count('payment'), outbox: await billing.count('outbox') }
}

describe('POST /payments', () => {
  it('records a payment with its invoice\'s trip, client and currency, and updates what the invoice has been paid', async () => {
    const trip = billing.crm.aTrip({ client_id: 31, currency: 'USD' })
    const issued = await billing.anInvoice({ trip, amount: '500.00' })
    const response = await pay({ invoice_id: issued.id, amount: '120.25', payment_method: '  bank transfer ', reference: '  ' })
    expect(response.statusCode).toBe(201)
    const payment = response.json<Payment>()
    expect(payment).toMatchObject({
      invoice_id: issued.id,
      trip_id: trip.id,
      client_id: 31,
      amount: '120.25',
      currency: 'USD',
      payment_date: todayUtc(),
      payment_method: 'bank transfer',
      reference: null,
      created_by: 2,
      version: 1
    })
    expect(response.headers['location']).toBe(`/payments/${payment.id}`)
    expect(response.headers['etag']).toBe('"1"')
    expect(await invoice(issued.id)).toMatchObject({ paid_amount: '120.25', status: 'Partially Paid', version: 2 })
  })

  it('adds 0.10 + 0.20 + 0.30 to exactly 0.60, paying an invoice of 0.60 and announcing it paid once', async () => {
    const issued = await billing.anInvoice({ amount: 0.6 })
    for (const amount of [0.1, '0.20', 0.3]) await billing.aPayment(issued.id, amount)
    expect(await invoice(issued.id)).toMatchObject({ amount: '0.60', paid_amount: '0.60', status: 'Paid' })
    const more = await pay({ invoice_id: issued.id, amount: '0.01', payment_method: 'cash' })
    expect(more.statusCode).toBe(422)
    expect(more.json()).toMatchObject({ code: 'BILLING_PAYMENT_EXCEEDS_BALANCE', balance: '0.00', currency: 'EUR' })
    const paid = await billing.feed.waitFor((event) => event.type === 'billing.invoice.paid' && event.subject === `invoice/${issued.id}`)
    expect(paid.data).toMatchObject({ paid_amount: '0.60', status: 'Paid', version: 4 })
    expect(billing.feed.about(`invoice/${issued.id}`).filter((event) => event.type === 'billing.invoice.paid')).toHaveLength(1)
  })

  it('refuses a payment above the open balance, saying the balance, and stores nothing', async () => {
    const issued = await billing.anInvoice({ amount: '100.00' })
    await billing.aPayment(issued.id, '40.00')
    const before = await footprint()
    const response = await pay({ invoice_id: issued.id, amount: '60.01', payment_method: 'card' })
    expect(response.statusCode).toBe(422)
    expect(response.json()).toMatchObject({ code: 'BILLING_PAYMENT_EXCEEDS_BALANCE', balance: '60.00', currency: 'EUR' })
    expect(response.json().detail).toContain('60.00')
    expect(await footprint()).toEqual(before)
    expect((await pay({ invoice_id: issued.id, amount: '60.00', payment_method: 'card' })).statusCode).toBe(201)
  })

  it('refuses bad amounts, methods and references, and unknown invoices', async () => {
    const issued = await billing.anInvoice()
    const before = await footprint()
    for (const amount of [1.005, -1, 0, 'abc', '0.001', null]) {
      const response = await pay({ invoice_id: issued.id, amount, payment_method: 'card' })
      expect(response.statusCode, `amount ${JSON.stringify(amount)}`).toBe(400)
    }
    for (const method of ['', '   ', 'x'.repeat(51), 7]) {
      expect((await pay({ invoice_id: issued.id, amount: '1', payment_method: method })).statusCode, `method ${JSON.stringify(method)}`).toBe(400)
    }
    expect((await pay({ invoice_id: issued.id, amount: '1', payment_method: 'card', reference: 'r'.repeat(101) })).statusCode).toBe(400)
    expect((await pay({ invoice_id: issued.id, amount: '1', payment_method: 'card', payment_date: '2027-13-01' })).statusCode).toBe(400)
    expect((await pay({ invoice_id: issued.id, amount: '1', payment_method: 'card', currency: 'EUR' })).statusCode).toBe(400)
    expect((await pay({ invoice_id: issued.id, amount: '1', payment_method: 'card' }, 'analyst')).statusCode).toBe(403)
    const missing = await pay({ invoice_id: 424242, amount: '1', payment_method: 'card' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('BILLING_INVOICE_NOT_FOUND')
    expect(await footprint()).toEqual(before)

    const longest = await pay({ invoice_id: issued.id, amount: '1', payment_method: ` ${'m'.repeat(50)} `, reference: ' TX-1 ' })
    expect(longest.statusCode).toBe(201)
    expect(longest.json()).toMatchObject({ payment_method: 'm'.repeat(50), reference: 'TX-1' })
  })

  it('never overpays an invoice when twenty payments arrive at once', async () => {
    const issued = await billing.anInvoice({ amount: '100.00' })
    const responses = await Promise.all(Array.from({ length: 20 }, async () => await pay({ invoice_id: issued.id, amount: '9.00', payment_method: 'card' })))
    const accepted = responses.filter((response) => response.statusCode === 201)
    const refused = responses.filter((response) => response.statusCode === 422)
    expect(accepted).toHaveLength(11)
    expect(refused).toHaveLength(9)
    for (const response of refused) expect(response.json()).toMatchObject({ code: 'BILLING_PAYMENT_EXCEEDS_BALANCE', balance: '1.00' })
    expect(await invoice(issued.id)).toMatchObject({ paid_amount: '99.00', status: 'Partially Paid', version: 12 })
    const listed = (await get(`/payments?invoice_id=${issued.id}`)).json<Payment[]>()
    expect(listed).toHaveLength(11)
  })

  it('pays an invoice exactly once when twenty payments that add up to more arrive at once', async () => {
    const issued = await billing.anInvoice({ amount: '60.00' })
    const responses = await Promise.all(Array.from({ length: 20 }, async () => await pay({ invoice_id: issued.id, amount: '5.00', payment_method: 'card' })))
    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(12)
    expect(await invoice(issued.id)).toMatchObject({ paid_amount: '60.00', status: 'Paid' })
    await billing.feed.waitFor((event) => event.type === 'billing.invoice.paid' && event.subject === `invoice/${issued.id}`)
    await billing.feed.waitFor((event) => event.type === 'billing.invoice.updated' && event.subject === `invoice/${issued.id}` && (event.data as Invoice).version === 13)
    expect(billing.feed.about(`invoice/${issued.id}`).filter((event) => event.type === 'billing.invoice.paid')).toHaveLength(1)
  })

  it('fills the installments as a change it waited for left them, not as they were when it arrived', async () => {
    const issued = await billing.anInvoice({ amount: '100.00', due_date: '2035-01-01' })
    const held = await billing.app.orm.em.fork().transactional(async (em) => {
      // What PATCH /invoices/:id with new installments writes, kept uncommitted while the payment arrives.
      await em.execute('select id from invoice where id = ? for update', [issued.id])
      await em.execute('delete from installment where invoice_id = ?', [issued.id])
      await em.execute(`insert into installment (invoice_id, position, due_date, amount) values (?, 0, '2034-03-01', 30.00), (?, 1, '2035-09-01', 70.00)`, [issued.id, issued.id])
      await em.execute(`update invoice set due_date = '2034-03-01', version = version + 1 where id = ?`, [issued.id])
      const payment = pay({ invoice_id: issued.id, amount: '40.00', payment_method: 'card' })
      await vi.waitFor(async () => {
        const [row] = await billing.app.orm.em.fork().execute<Array<{ waiting: number }>>(
          'select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = \'Lock\'')
        expect(row?.waiting).toBe(1)
      }, { timeout: 5000, interval: 20 })
      return { payment }
    })
    expect((await held.payment).statusCode).toBe(201)
    const expected = {
      paid_amount: '40.00',
      due_date: '2035-09-01',
      version: 3,
      installments: [{ due_date: '2034-03-01', paid: '30.00', balance: '0.00' }, { due_date: '2035-09-01', paid: '10.00', balance: '60.00' }]
    }
    expect(await invoice(issued.id)).toMatchObject(expected)
    const updated = await billing.feed.waitFor((event) => event.type === 'billing.invoice.updated' && event.subject === `invoice/${issued.id}`)
    expect(updated.data).toMatchObject(expected)
  })
})

describe('GET /payments', () => {
  it('gives one payment, also under the original /payment/:id path, and lists by invoice and date range', async () => {
    const issued = await billing.anInvoice({ amount: '100.00' })
    const march = await billing.aPayment(issued.id, '1.00', { payment_date: '2030-03-01' })
    const april = await billing.aPayment(issued.id, '2.00', { payment_date: '2030-04-01' })
    const may = await billing.aPayment(issued.id, '3.00', { payment_date: '2030-05-01' })
    const one = await get(`/payments/${april.id}`)
    expect(one.json()).toEqual(april)
    expect(one.headers['etag']).toBe('"1"')
    expect((await get(`/payment/${april.id}`)).json()).toEqual(april)
    const missing = await get('/payments/999999')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('BILLING_PAYMENT_NOT_FOUND')

    async function ids (query: string): Promise<number[]> {
      return (await get(`/payments?${query}`)).json<Payment[]>().map((payment) => payment.id)
    }
    expect(await ids(`invoice_id=${issued.id}`)).toEqual([march.id, april.id, may.id])
    expect(await ids(`invoice_id=${issued.id}&from=2030-04-01`)).toEqual([april.id, may.id])
    expect(await ids(`invoice_id=${issued.id}&to=2030-04-01`)).toEqual([march.id, april.id])
    expect(await ids(`invoice_id=${issued.id}&from=2030-03-02&to=2030-04-30`)).toEqual([april.id])
    const page = await get(`/payments?invoice_id=${issued.id}&limit=1&offset=1`)
    expect(page.json<Payment[]>().map((payment) => payment.id)).toEqual([april.id])
    expect(page.headers['x-total-count']).toBe('3')
    expect(page.headers['link']).toBe(`</payments?invoice_id=${issued.id}&limit=1&offset=2>; rel="next"`)
    expect((await get('/payments?from=yesterday')).statusCode).toBe(400)
  })
})

describe('PATCH /payments/:id', () => {
  it('changes a payment, keeping the invoice\'s paid amount exact and its balance respected', async () => {
    const issued = await billing.anInvoice({ amount: '100.00' })
    const payment = await billing.aPayment(issued.id, '30.00')
    await billing.aPayment(issued.id, '50.00')
    const patch = async (body: object, headers: Record<string, string> = {}) =>
      await billing.app.inject({ method: 'PATCH', url: `/payments/${payment.id}`, headers: { ...billing.as('agent'), ...headers }, payload: body })

    const above = await patch({ amount: '50.01' })
    expect(above.statusCode).toBe(422)
    expect(above.json()).toMatchObject({ code: 'BILLING_PAYMENT_EXCEEDS_BALANCE', balance: '50.00' })
    expect((await patch({ amount: '1' }, { 'if-match': '"9"' })).statusCode).toBe(412)
    expect((await patch({ invoice_id: 1 })).statusCode).toBe(400)
    expect(await invoice(issued.id)).toMatchObject({ paid_amount: '80.00', version: 3 })

    const lowered = await patch({ amount: '10.5', payment_method: 'cash', reference: 'R-9', payment_date: '2030-01-02' }, { 'if-match': '"1"' })
    expect(lowered.statusCode).toBe(200)
    expect(lowered.json()).toMatchObject({ amount: '10.50', payment_method: 'cash', reference: 'R-9', payment_date: '2030-01-02', version: 2 })
    expect(lowered.headers['etag']).toBe('"2"')
    expect(await invoice(issued.id)).toMatchObject({ paid_amount: '60.50', version: 4 })

    const settled = await patch({ amount: '50' })
    expect(settled.statusCode).toBe(200)
    expect(await invoice(issued.id)).toMatchObject({ paid_amount: '100.00', status: 'Paid', version: 5 })
    await billing.feed.waitFor((event) => event.type === 'billing.invoice.paid' && event.subject === `invoice/${issued.id}`)

    // Only the reference changes: the invoice is untouched.
    expect((await patch({ reference: null })).json()).toMatchObject({ reference: null, version: 4 })
    expect((await invoice(issued.id)).version).toBe(5)
  })
})

describe('DELETE /payments/:id', () => {
  it('is for admins; it takes the payment off the invoice', async () => {
    const issued = await billing.anInvoice({ amount: '20.00' })
    const first = await billing.aPayment(issued.id, '15.00')
    await billing.aPayment(issued.id, '5.00')
    expect((await invoice(issued.id)).status).toBe('Paid')
    expect((await billing.app.inject({ method: 'DELETE', url: `/payments/${first.id}`, headers: billing.as('agent') })).statusCode).toBe(403)
    const response = await billing.app.inject({ method: 'DELETE', url: `/payments/${first.id}`, headers: billing.as('admin') })
    expect(response.statusCode).toBe(204)
    expect(await invoice(issued.id)).toMatchObject({ paid_amount: '5.00', status: 'Partially Paid', version: 4 })
    expect((await get(`/payments/${first.id}`)).statusCode).toBe(404)
    const deleted = await billing.feed.waitFor((event) => event.type === 'billing.payment.deleted' && event.subject === `payment/${first.id}`)
    expect(deleted.data).toMatchObject({ id: first.id, amount: '15.00', version: 2, updated_by: 1 })
    expect((await billing.app.inject({ method: 'DELETE', url: `/payments/${first.id}`, headers: billing.as('admin') })).statusCode).toBe(404)
  })
})
