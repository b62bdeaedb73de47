import { describe, expect, it } from 'vitest'
import { addDays, balancesByCurrency, compareMoney, formatDay, formatMoney, formatMonth, formatPercent, lastTwelveMonths, subtractMoney } from '../../src/format.js'

const spaces = (text: string) => text.replace(/\s/g, ' ')

describe('formatting in the reader\'s language', () => {
  it('formats money in the record\'s currency, exactly as the decimal string says', () => {
    expect(formatMoney('1234.50', 'EUR', 'en')).toBe('€1,234.50')
    expect(spaces(formatMoney('1234.50', 'EUR', 'sv'))).toBe('1 234,50 €')
    expect(spaces(formatMoney('1234.50', 'SEK', 'sv'))).toBe('1 234,50 kr')
    expect(spaces(formatMoney('1234.50', 'USD', 'es'))).toBe('1234,50 US$')
    // Beyond a double's exact integers, still to the cent.
    expect(formatMoney('90071992547409.93', 'EUR', 'en')).toBe('€90,071,992,547,409.93')
  })

  it('formats a rate the API gives as a decimal string as a percentage in the language\'s way', () => {
    expect(formatPercent('33.33', 'en')).toBe('33.33%')
    expect(spaces(formatPercent('33.33', 'sv'))).toBe('33,33 %')
    expect(spaces(formatPercent('100.00', 'es'))).toBe('100,00 %')
    expect(formatPercent('0.00', 'en')).toBe('0.00%')
  })

  it('formats a calendar day without a time zone moving it', () => {
    expect(formatDay('2027-05-01', 'en')).toBe('May 1, 2027')
    expect(formatDay('2027-05-01', 'sv')).toBe('1 maj 2027')
    expect(formatDay('2027-12-31', 'es')).toBe('31 dic 2027')
    expect(formatMonth(2027, 3, 'en')).toBe('Mar 2027')
  })

  it('subtracts, adds and compares money in whole cents', () => {
    expect(subtractMoney('1000.00', '400.00')).toBe('600.00')
    expect(subtractMoney('0.30', '0.10')).toBe('0.20')
    expect(subtractMoney('100', '100.01')).toBe('-0.01')
    expect(compareMoney('1000.01', '1000.00')).toBe(1)
    expect(compareMoney('1000.00', '1000')).toBe(0)
    expect(compareMoney('999.99', '1000.00')).toBe(-1)
  })

  it('sums open balances per currency, never across currencies', () => {
    expect(balancesByCurrency([
      { amount: '100.10', paid_amount: '0.00', currency: 'EUR' },
      { amount: '0.20', paid_amount: '0.00', currency: 'EUR' },
      { amount: '500.00', paid_amount: '125.50', currency: 'SEK' }
    ])).toEqual([{ currency: 'EUR', balance: '100.30' }, { currency: 'SEK', balance: '374.50' }])
  })

  it('lays monthly revenue out as the last twelve months, one series per currency', () => {
    const { months, currencies } = lastTwelveMonths([
      { year: 2026, month: 3, currency: 'EUR', total_revenue: '100.00' },
      { year: 2026, month: 3, currency: 'EUR', total_revenue: '50.25' },
      { year: 2027, month: 2, currency: 'SEK', total_revenue: '900.00' },
      { year: 2025, month: 12, currency: 'EUR', total_revenue: '1.00' }
    ], { year: 2027, month: 2 })
    expect(currencies).toEqual(['EUR', 'SEK'])
    expect(months).toHaveLength(12)
    expect(months[0]).toEqual({ year: 2026, month: 3, EUR: 150.25, SEK: 0 })
    expect(months[11]).toEqual({ year: 2027, month: 2, EUR: 0, SEK: 900 })
  })

  it('counts days across months and years', () => {
    expect(addDays('2027-12-25', 14)).toBe('2028-01-08')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
  })
})
