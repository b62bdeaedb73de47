import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addMoney, compareMoney, fromCents } from '@travel-crm/contracts'
import { scheduledInstallments } from '../../src/installments/schedule.js'

describe('scheduledInstallments', () => {
  it('takes the deposit on the issue date and the balance the given days before departure', () => {
    expect(scheduledInstallments('1200.50', '2030-01-10', '2030-06-01', { depositPercent: '20.00', balanceDaysBeforeDeparture: 45 })).toEqual([
      { dueDate: '2030-01-10', amount: '240.10' },
      { dueDate: '2030-04-17', amount: '960.40' }
    ])
  })

  it('rounds the deposit half up to the cent and gives the balance the rest', () => {
    // 33.33 % of 100.01 is 33.333333: 33.33 deposit, 66.68 balance. 12.5 % of 0.20 is 0.025: 0.03.
    expect(scheduledInstallments('100.01', '2030-01-10', '2030-06-01', { depositPercent: '33.33', balanceDaysBeforeDeparture: 0 }).map((part) => part.amount)).toEqual(['33.33', '66.68'])
    expect(scheduledInstallments('0.20', '2030-01-10', '2030-06-01', { depositPercent: '12.50', balanceDaysBeforeDeparture: 0 }).map((part) => part.amount)).toEqual(['0.03', '0.17'])
  })

  it('makes the balance due at once when the day it would be due has passed', () => {
    expect(scheduledInstallments('100.00', '2030-05-20', '2030-06-01', { depositPercent: '20.00', balanceDaysBeforeDeparture: 45 })[1]?.dueDate).toBe('2030-05-20')
  })

  it('leaves out a part of nothing (no deposit, or all of it)', () => {
    expect(scheduledInstallments('100.00', '2030-01-10', '2030-06-01', { depositPercent: '0.00', balanceDaysBeforeDeparture: 30 })).toEqual([{ dueDate: '2030-05-02', amount: '100.00' }])
    expect(scheduledInstallments('100.00', '2030-01-10', '2030-06-01', { depositPercent: '100.00', balanceDaysBeforeDeparture: 30 })).toEqual([{ dueDate: '2030-01-10', amount: '100.00' }])
  })

  it('always adds up to the amount exactly, with every part positive and none due before the issue date', () => {
    const percent = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => fromCents(BigInt(hundredths)))
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 999_999_999_999n }).map(fromCents), percent, fc.integer({ min: 0, max: 400 }), (amount, depositPercent, days) => {
      const parts = scheduledInstallments(amount, '2030-01-10', '2030-06-01', { depositPercent, balanceDaysBeforeDeparture: days })
      expect(addMoney(...parts.map((part) => part.amount))).toBe(amount)
      for (const part of parts) {
        expect(compareMoney(part.amount, '0.00')).toBe(1)
        expect(part.dueDate >= '2030-01-10').toBe(true)
      }
    }))
  })
})
