import { afterAll, beforeAll, describe, it } from 'vitest'
import type { Invoice, Payment } from '@travel-crm/contracts'
import { byNumber, byText, expectSortsBy } from '@travel-crm/testkit'
import { startBilling, type Billing } from '../harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

const list = (path: string) => async (query: string) => await billing.app.inject({ method: 'GET', url: `${path}?${query}`, headers: billing.as('analyst') })

describe('sorted lists', () => {
  it('GET /invoices sorts by each of its columns, ties by id', async () => {
    const client = 770_001
    const invoices: Invoice[] = []
    for (const [amount, issued, due] of [
      ['300.00', '2030-01-03', '2030-02-01'],
      ['1000.00', '2030-01-01', '2030-03-01'],
      ['99.99', '2030-01-03', '2030-01-15'],
      ['300.00', '2030-01-02', '2030-02-01']
    ] as const) {
      invoices.push(await billing.anInvoice({ trip: billing.crm.aTrip({ client_id: client }), amount, issue_date: issued, due_date: due }))
    }
    await billing.aPayment(invoices[0]!.id, '10.00')
    await billing.aPayment(invoices[2]!.id, '99.99')
    await expectSortsBy<Invoice>(list('/invoices'), `client_id=${client}`, {
      id: byNumber((invoice) => invoice.id),
      issue_date: byText((invoice) => invoice.issue_date),
      due_date: byText((invoice) => invoice.due_date),
      amount: byNumber((invoice) => invoice.amount),
      paid_amount: byNumber((invoice) => invoice.paid_amount),
      created_at: byText((invoice) => invoice.created_at),
      updated_at: byText((invoice) => invoice.updated_at)
    })
  })

  it('GET /payments sorts by each of its columns, ties by id', async () => {
    const invoice = await billing.anInvoice({ amount: '5000.00' })
    for (const [amount, day, method] of [
      ['250.00', '2030-04-02', 'card'],
      ['1000.00', '2030-04-01', 'bank transfer'],
      ['250.00', '2030-04-03', 'cash'],
      ['5.50', '2030-04-02', 'card']
    ] as const) {
      await billing.aPayment(invoice.id, amount, { payment_date: day, payment_method: method })
    }
    await expectSortsBy<Payment>(list('/payments'), `invoice_id=${invoice.id}`, {
      id: byNumber((payment) => payment.id),
      payment_date: byText((payment) => payment.payment_date),
      amount: byNumber((payment) => payment.amount),
      payment_method: byText((payment) => payment.payment_method),
      created_at: byText((payment) => payment.created_at),
      updated_at: byText((payment) => payment.updated_at)
    })
  })
})
