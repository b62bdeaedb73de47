import type { InvoiceForDocument } from '../src/index.js'

/** The README's sample invoice (`samples.unit.test.ts` renders it), printed by other tests as well. */
export const SAMPLE_INVOICE: InvoiceForDocument = {
  number: '2027-000123',
  issue_date: '2027-03-01',
  due_date: '2027-04-15',
  amount: '1850.00',
  paid_amount: '600.00',
  currency: 'EUR',
  status: 'Partially Paid',
  client: { id: 7, name: 'Małgorzata Dvořáková', email: 'malgorzata@example.pl', phone: '+48 22 555 01 02', company: 'Biuro Podróży Śląsk' },
  trip: { id: 42, destination: 'Θεσσαλονίκη' },
  installments: [
    { due_date: '2027-03-15', amount: '600.00', paid: '600.00', balance: '0.00', status: 'Paid' },
    { due_date: '2027-04-15', amount: '1250.00', paid: '0.00', balance: '1250.00', status: 'Pending' }
  ],
  payments: [
    { payment_date: '2027-03-05', payment_method: 'card', reference: 'Deposit', amount: '400.00' },
    { payment_date: '2027-03-28', payment_method: 'bank transfer', reference: 'Przelew 2027/03/28', amount: '200.00' }
  ]
}
