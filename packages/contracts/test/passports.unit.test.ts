import { describe, expect, it } from 'vitest'
import { monthsAfter, PASSPORT_VALIDITY_MONTHS, passportExpiresTooSoon, passportNeededUntil, passportWarning } from '../src/passports.js'

describe('passportNeededUntil', () => {
  it.each([
    ['2027-05-08', '2027-11-08'],
    ['2027-08-31', '2028-02-29'],
    ['2026-08-31', '2027-02-28'],
    ['2027-07-01', '2028-01-01'],
    ['2027-12-31', '2028-06-30']
  ])('%s → %s', (date, expected) => {
    expect(PASSPORT_VALIDITY_MONTHS).toBe(6)
    expect(passportNeededUntil(date)).toBe(expected)
  })

  it('counts any number of months, the last day of a shorter month standing in', () => {
    expect(monthsAfter('2027-01-31', 1)).toBe('2027-02-28')
    expect(monthsAfter('2027-10-15', 15)).toBe('2029-01-15')
    expect(monthsAfter('2027-03-31', 0)).toBe('2027-03-31')
  })
})

describe('passportWarning', () => {
  it('warns for an expiry before the day six months after the trip, not on it', () => {
    expect(passportExpiresTooSoon('2027-08-31', '2028-02-28')).toBe(true)
    expect(passportExpiresTooSoon('2027-08-31', '2028-02-29')).toBe(false)
    expect(passportWarning('2027-08-31', { hasPassportNumber: true, passportExpiry: '2028-02-28' })).toBe('PASSPORT_EXPIRES_TOO_SOON')
    expect(passportWarning('2027-08-31', { hasPassportNumber: true, passportExpiry: '2028-02-29' })).toBeNull()
  })

  it('warns when the number or the expiry is not known yet', () => {
    expect(passportWarning('2027-08-31', { hasPassportNumber: false, passportExpiry: '2030-01-01' })).toBe('PASSPORT_MISSING')
    expect(passportWarning('2027-08-31', { hasPassportNumber: true, passportExpiry: null })).toBe('PASSPORT_MISSING')
    expect(passportWarning('2027-08-31', { hasPassportNumber: false, passportExpiry: null })).toBe('PASSPORT_MISSING')
  })
})
