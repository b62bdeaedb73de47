import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addMoney, compareMoney, fromCents } from '@travel-crm/contracts'
import { commissionAt } from '../src/bookings.js'
import { maskedPassport, passportShownTo, passportWarnings } from '../src/passports.js'

describe('passportWarnings', () => {
  it('warns for an expiry before the day six months after the trip, not on it, and not without one', () => {
    const travellers = [{ id: 1, passportExpiry: '2028-02-28' }, { id: 2, passportExpiry: '2028-02-29' }, { id: 3, passportExpiry: null }, { id: 4 }]
    expect(passportWarnings('2027-08-31', travellers)).toEqual([{ code: 'PASSPORT_EXPIRES_TOO_SOON', traveller_id: 1 }])
  })
})

describe('passport masking', () => {
  it('shows the last four characters to analysts only, the whole number to the others', () => {
    expect(maskedPassport('CB1234567')).toBe('•••••4567')
    expect(passportShownTo('analyst', 'CB1234567')).toBe('•••••4567')
    expect(passportShownTo('agent', 'CB1234567')).toBe('CB1234567')
    expect(passportShownTo('admin', 'CB1234567')).toBe('CB1234567')
    expect(passportShownTo('analyst', null)).toBeNull()
  })
})

describe('commissionAt', () => {
  it.each([
    ['10.00', '480.00', '48.00'],
    ['10.00', '33.35', '3.34'],
    ['12.50', '33.35', '4.17'],
    ['7.25', '0.01', '0.00'],
    ['100.00', '9999999999.99', '9999999999.99'],
    ['0.00', '1000.00', '0.00']
  ])('%s %% of %s is %s', (rate, sell, expected) => {
    expect(commissionAt(rate, sell)).toBe(expected)
  })

  it('never exceeds the sell price and is within half a cent of the exact share', () => {
    const cents = fc.bigInt({ min: 0n, max: 999_999_999_999n })
    const basisPoints = fc.bigInt({ min: 0n, max: 10_000n })
    fc.assert(fc.property(cents, basisPoints, (sell, rate) => {
      const commission = commissionAt(fromCents(rate), fromCents(sell))
      expect(compareMoney(commission, fromCents(sell))).toBeLessThanOrEqual(0)
      // |commission * 10000 - sell * rate| <= 5000 (in hundredths of a cent times 100)
      const difference = BigInt(addMoney(commission).replace('.', '')) * 10_000n - sell * rate
      expect(difference <= 5000n && difference > -5000n).toBe(true)
    }), { seed: 20261205, numRuns: 500 })
  })
})
