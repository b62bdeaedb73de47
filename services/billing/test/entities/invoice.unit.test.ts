import { describe, expect, it } from 'vitest'
import { isFullyPaid, statusOf } from '../../src/entities/invoice.js'

const today = '2030-06-15'

function facts (fields: Partial<{ amount: string, paidAmount: string, dueDate: string, cancelled: boolean }>) {
  return { amount: '100.00', paidAmount: '0.00', dueDate: '2030-06-15', cancelled: false, ...fields }
}

describe('statusOf', () => {
  it('derives the status from what is paid, the due date and the cancelled flag', () => {
    expect(statusOf(facts({}), today)).toBe('Pending')
    expect(statusOf(facts({ paidAmount: '0.01' }), today)).toBe('Partially Paid')
    expect(statusOf(facts({ paidAmount: '100.00' }), today)).toBe('Paid')
    expect(statusOf(facts({ cancelled: true }), today)).toBe('Cancelled')
  })

  it('calls an unpaid invoice Overdue from the day after its due date, also when partly paid', () => {
    expect(statusOf(facts({ dueDate: '2030-06-15' }), today)).toBe('Pending')
    expect(statusOf(facts({ dueDate: '2030-06-14' }), today)).toBe('Overdue')
    expect(statusOf(facts({ dueDate: '2030-06-14', paidAmount: '99.99' }), today)).toBe('Overdue')
    expect(statusOf(facts({ dueDate: '2030-06-14', paidAmount: '100.00' }), today)).toBe('Paid')
  })

  it('compares money exactly, never as floats', () => {
    expect(isFullyPaid({ amount: '0.30', paidAmount: '0.30' })).toBe(true)
    expect(isFullyPaid({ amount: '9999999999.99', paidAmount: '9999999999.98' })).toBe(false)
  })
})
