import { describe, expect, it } from 'vitest'
import { installmentsSum, invoiceBody, type InvoiceFields } from '../../src/installment-plan.js'

const fields: InvoiceFields = {
  mode: 'single',
  amount: ' 1000.00 ',
  issue_date: '2027-01-10',
  due_date: '2027-02-09',
  schedule: { deposit_percent: ' 20 ', balance_days_before_departure: '45' },
  installments: [{ due_date: '2027-01-10', amount: '333.33' }, { due_date: '2027-03-01', amount: ' 666.67' }]
}

describe('the invoice form\'s installments', () => {
  it('adds the installments exactly, in cents, and says what is left to place', () => {
    expect(installmentsSum('1000', [{ amount: '0.1' }, { amount: '0.2' }])).toEqual({ sum: '0.30', left: '999.70' })
    expect(installmentsSum('1000.00', fields.installments)).toEqual({ sum: '1000.00', left: '0.00' })
    expect(installmentsSum('100', [{ amount: '60' }, { amount: '50.5' }])).toEqual({ sum: '110.50', left: '-10.50' })
  })

  it('has no sum while an amount is not money yet', () => {
    expect(installmentsSum('1000', [{ amount: '' }])).toBeUndefined()
    expect(installmentsSum('1000', [{ amount: '1.234' }])).toBeUndefined()
    expect(installmentsSum('abc', [{ amount: '1' }])).toBeUndefined()
  })

  it('sends billing exactly one way of falling due: the one chosen', () => {
    expect(invoiceBody(7, fields)).toEqual({ trip_id: 7, amount: '1000.00', issue_date: '2027-01-10', due_date: '2027-02-09' })
    expect(invoiceBody(7, { ...fields, mode: 'schedule' })).toEqual({
      trip_id: 7, amount: '1000.00', issue_date: '2027-01-10', schedule: { deposit_percent: '20', balance_days_before_departure: 45 }
    })
    expect(invoiceBody(7, { ...fields, mode: 'installments' })).toEqual({
      trip_id: 7, amount: '1000.00', issue_date: '2027-01-10',
      installments: [{ due_date: '2027-01-10', amount: '333.33' }, { due_date: '2027-03-01', amount: '666.67' }]
    })
  })
})
