import { describe, expect, it } from 'vitest'
import { isCalendarDate, todayUtc } from '../src/dates.js'

describe('isCalendarDate', () => {
  it.each(['2028-02-29', '2000-02-29', '2027-01-01', '2027-12-31', '2027-04-30'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true)
  })

  it.each([
    '2027-02-30',
    '2027-02-29',
    '2100-02-29',
    '2027-04-31',
    '2027-13-01',
    '2027-00-10',
    '2027-01-00',
    '2027-1-1',
    '27-01-01',
    '2027-01-01T00:00:00Z',
    ' 2027-01-01',
    '2027/01/01',
    ''
  ])('rejects %j', (value) => {
    expect(isCalendarDate(value)).toBe(false)
  })
})

describe('todayUtc', () => {
  it('is the UTC date, whatever the local time zone says', () => {
    expect(todayUtc(new Date('2027-03-01T23:30:00-05:00'))).toBe('2027-03-02')
    expect(todayUtc(new Date('2027-03-01T00:10:00+02:00'))).toBe('2027-02-28')
  })
})
