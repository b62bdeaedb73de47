import { describe, expect, it } from 'vitest'
import type { ClientStatement } from '@travel-crm/contracts'
import { statementLines } from '../../src/pages/client-statement.js'

const invoice = (id: number, issued: string, amount: string, payments: Array<[number, string, string]>) => ({
  id, issue_date: issued, due_date: '2027-06-01', amount, paid: '0.00', balance: amount, currency: 'EUR', status: 'Pending' as never, // contracts types StatementInvoice.status as never (a union mapped from an array)
  payments: payments.map(([paymentId, day, paid]) => ({ id: paymentId, amount: paid, currency: 'EUR', payment_method: 'card', payment_date: day, reference: null }))
})

describe('the statement on the client\'s page', () => {
  it('lists invoices and payments of every trip by day, an invoice before a payment of the same day', () => {
    const statement: ClientStatement = {
      id: 1, name: 'Ana', email: 'ana@example.com', phone: '1', company: null, created_at: '2027-01-01T00:00:00Z', updated_at: '2027-01-01T00:00:00Z', notes: [],
      trips: [
        { id: 1, destination: 'Lisbon', start_date: '2027-05-01', end_date: '2027-05-08', price: '100.00', currency: 'EUR', notes: null, invoices: [invoice(7, '2027-03-02', '100.00', [[3, '2027-03-02', '40.00'], [4, '2027-03-01', '10.00']])] },
        { id: 2, destination: 'Oslo', start_date: '2027-06-01', end_date: '2027-06-08', price: '50.00', currency: 'EUR', notes: null, invoices: [invoice(8, '2027-03-01', '50.00', [])] }
      ]
    }
    expect(statementLines(statement).map((line) => `${line.day} ${line.kind} ${line.invoiceId} ${line.amount}`)).toEqual([
      '2027-03-01 invoice 8 50.00',
      '2027-03-01 payment 7 10.00',
      '2027-03-02 invoice 7 100.00',
      '2027-03-02 payment 7 40.00'
    ])
  })
})
