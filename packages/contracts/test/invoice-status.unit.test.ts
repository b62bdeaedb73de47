import { describe, expect, it } from 'vitest'
import { commissionStatus, commissionStatusCondition, commissionStatusSql, invoiceStatus, invoiceStatusCondition, invoiceStatusSql, type InvoiceFacts } from '../src/index.js'

const TODAY = '2030-06-15'
const anInvoice = (facts: Partial<InvoiceFacts>): InvoiceFacts => ({ cancelled: false, amount: '100.00', paid: '0.00', dueDate: '2030-06-20', ...facts })
const COLUMNS = { cancelled: 'i.cancelled', amount: 'i.amount', paid: 'i.paid', dueDate: 'i.due_date', today: '$1' }

describe('invoiceStatus', () => {
  it.each([
    ['Pending', {}],
    ['Partially Paid', { paid: '0.01' }],
    ['Paid', { paid: '100.00' }],
    ['Paid', { paid: '100.00', dueDate: '2030-06-01' }],
    ['Overdue', { dueDate: '2030-06-14' }],
    ['Overdue', { dueDate: '2030-06-14', paid: '99.99' }],
    ['Pending', { dueDate: TODAY }],
    ['Cancelled', { cancelled: true, dueDate: '2030-01-01' }]
  ] as const)('is %s for %j', (status, facts) => {
    expect(invoiceStatus(anInvoice(facts), TODAY)).toBe(status)
  })
})

describe('the rule in SQL', () => {
  it('is one case expression with the branches in the rule\'s order', () => {
    expect(invoiceStatusSql(COLUMNS)).toBe(
      'case when (i.cancelled) then \'Cancelled\' when (i.paid >= i.amount) then \'Paid\' when (i.due_date < $1) then \'Overdue\' ' +
      'when (i.paid > 0) then \'Partially Paid\' else \'Pending\' end'
    )
  })

  it('filters a status by its own test and the negation of every test before it', () => {
    expect(invoiceStatusCondition('Cancelled', COLUMNS)).toBe('(i.cancelled)')
    expect(invoiceStatusCondition('Overdue', COLUMNS)).toBe('not (i.cancelled) and not (i.paid >= i.amount) and (i.due_date < $1)')
    expect(invoiceStatusCondition('Pending', COLUMNS)).toBe(
      'not (i.cancelled) and not (i.paid >= i.amount) and not (i.due_date < $1) and not (i.paid > 0)'
    )
  })
})

describe('a supplier\'s commission', () => {
  const commission = (facts: Partial<InvoiceFacts>): InvoiceFacts => ({ cancelled: false, amount: '42.00', paid: '0.00', dueDate: '2030-06-20', ...facts })

  it.each([
    ['Expected', {}],
    ['Partially Received', { paid: '0.01' }],
    ['Received', { paid: '42.00', dueDate: '2030-06-01' }],
    ['Overdue', { dueDate: '2030-06-14', paid: '41.99' }],
    ['Cancelled', { cancelled: true, paid: '10.00' }]
  ] as const)('is %s for %j, by the invoice\'s rule under its own names', (status, facts) => {
    expect(commissionStatus(commission(facts), TODAY)).toBe(status)
  })

  it('is judged in SQL by the same tests', () => {
    expect(commissionStatusSql(COLUMNS)).toBe(invoiceStatusSql(COLUMNS).replace('\'Paid\'', '\'Received\'').replace('\'Partially Paid\'', '\'Partially Received\'').replace('\'Pending\'', '\'Expected\''))
    expect(commissionStatusCondition('Received', COLUMNS)).toBe(invoiceStatusCondition('Paid', COLUMNS))
    expect(commissionStatusCondition('Expected', COLUMNS)).toBe(invoiceStatusCondition('Pending', COLUMNS))
  })
})
