import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addMoney, compareMoney, fromCents, installmentStates, invoiceStatus, nextDueDate, type InstallmentFacts } from '../src/index.js'

const TODAY = '2030-06-15'
const day = fc.integer({ min: 1, max: 28 }).map((d) => `2030-06-${String(d).padStart(2, '0')}`)
const money = fc.bigInt({ min: 1n, max: 1_000_000n }).map(fromCents)
const installments = fc.array(fc.record({ dueDate: day, amount: money }), { minLength: 1, maxLength: 8 })
/** Installments and an amount paid on them, from nothing to all of it. */
const paidOn = installments.chain((list) => fc.tuple(fc.constant(list), fc.bigInt({ min: 0n, max: list.reduce((sum, { amount }) => sum + BigInt(amount.replace('.', '')), 0n) }).map(fromCents)))

describe('installmentStates', () => {
  it('fills the oldest first: 150 paid on 100 due 06-01 and 100 due 06-20 pays the first and half the second', () => {
    const states = installmentStates([{ dueDate: '2030-06-20', amount: '100.00' }, { dueDate: '2030-06-01', amount: '100.00' }], { paid: '150.00', cancelled: false }, TODAY)
    expect(states).toEqual([
      { dueDate: '2030-06-01', amount: '100.00', paid: '100.00', balance: '0.00', status: 'Paid' },
      { dueDate: '2030-06-20', amount: '100.00', paid: '50.00', balance: '50.00', status: 'Partially Paid' }
    ])
  })

  it('keeps the given order of installments due the same day', () => {
    const states = installmentStates([{ dueDate: '2030-06-20', amount: '1.00' }, { dueDate: '2030-06-20', amount: '2.00' }], { paid: '1.00', cancelled: false }, TODAY)
    expect(states.map((state) => state.balance)).toEqual(['0.00', '2.00'])
  })

  it('marks every installment of a cancelled invoice Cancelled', () => {
    expect(installmentStates([{ dueDate: '2030-06-01', amount: '5.00' }], { paid: '0.00', cancelled: true }, TODAY)[0]?.status).toBe('Cancelled')
  })

  it('spreads exactly what was paid, each installment paid plus open equal to its amount, and opens none before a paid one', () => {
    fc.assert(fc.property(paidOn, ([list, paid]) => {
      const states = installmentStates(list, { paid, cancelled: false }, TODAY)
      expect(addMoney(...states.map((state) => state.paid))).toBe(paid)
      for (const state of states) expect(addMoney(state.paid, state.balance)).toBe(state.amount)
      const firstOpen = states.findIndex((state) => compareMoney(state.balance, '0.00') > 0)
      if (firstOpen !== -1) expect(states.slice(firstOpen + 1).every((state) => state.paid === '0.00')).toBe(true)
      for (let i = 1; i < states.length; i++) expect(states[i - 1]!.dueDate <= states[i]!.dueDate).toBe(true)
    }))
  })
})

describe('nextDueDate and the invoice status', () => {
  it('make the invoice Overdue exactly when an installment past its due date is not fully paid', () => {
    fc.assert(fc.property(paidOn, ([list, paid]) => {
      const amount = addMoney(...list.map((installment: InstallmentFacts) => installment.amount))
      const status = invoiceStatus({ cancelled: false, amount, paid, dueDate: nextDueDate(list, paid) }, TODAY)
      const lateAndOpen = installmentStates(list, { paid, cancelled: false }, TODAY).some((state) => state.dueDate < TODAY && state.balance !== '0.00')
      expect(status === 'Overdue').toBe(lateAndOpen)
    }))
  })

  it('is the last due date once everything is paid', () => {
    expect(nextDueDate([{ dueDate: '2030-06-01', amount: '1.00' }, { dueDate: '2030-07-01', amount: '1.00' }], '2.00')).toBe('2030-07-01')
    expect(nextDueDate([{ dueDate: '2030-06-01', amount: '1.00' }, { dueDate: '2030-07-01', amount: '1.00' }], '0.99')).toBe('2030-06-01')
  })
})
