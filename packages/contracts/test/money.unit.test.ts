import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addMoney, compareMoney, fromCents, MAX_MONEY, parseMoney, subtractMoney, toCents } from '../src/money.js'

describe('parseMoney', () => {
  it.each([
    [12, '12.00'],
    ['12.5', '12.50'],
    [0.1, '0.10'],
    [0, '0.00'],
    ['0.05', '0.05'],
    [1250, '1250.00'],
    [' 99.90 ', '99.90'],
    [MAX_MONEY, MAX_MONEY],
    [9999999999.99, '9999999999.99']
  ])('accepts %j as %s', (input, expected) => {
    expect(parseMoney(input)).toBe(expected)
  })

  it.each([
    ['a third decimal', 1.005],
    ['a third decimal in a string', '1.005'],
    ['a negative number', -1],
    ['a negative string', '-1.00'],
    ['letters', 'abc'],
    ['an overflowing number (1e309)', Number('1e309')],
    ['Infinity', Infinity],
    ['NaN', Number.NaN],
    ['exponent notation in a string', '1e3'],
    ['a number whose shortest form uses an exponent', 1e21],
    ['a tiny number in exponent form', 1e-7],
    ['a float sum', 0.1 + 0.2],
    ['eleven digits before the point', '12345678901'],
    ['eleven digits as a number', 12345678901],
    ['a leading zero', '012'],
    ['a trailing point', '12.'],
    ['a bare fraction', '.5'],
    ['a comma as decimal separator', '12,50'],
    ['an empty string', ''],
    ['null', null],
    ['a boolean', true],
    ['an object', { amount: 12 }]
  ])('rejects %s', (_case, input) => {
    expect(parseMoney(input)).toBeUndefined()
  })

  it('gives every accepted amount back in the canonical two-decimal form', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999n }), (cents) => {
      const canonical = fromCents(cents)
      expect(canonical).toMatch(/^\d+\.\d{2}$/)
      expect(parseMoney(canonical)).toBe(canonical)
      expect(toCents(canonical)).toBe(cents)
    }))
  })
})

describe('money arithmetic', () => {
  it('adds exactly where floats would not', () => {
    expect(addMoney('0.10', '0.20', '0.30')).toBe('0.60')
    expect(addMoney('0.10', '0.20')).toBe('0.30')
    expect(addMoney()).toBe('0.00')
    expect(addMoney('9999999999.99', '0.01')).toBe('10000000000.00')
  })

  it('subtracts into negative balances without losing cents', () => {
    expect(subtractMoney('100.00', '33.33')).toBe('66.67')
    expect(subtractMoney('10.00', '10.01')).toBe('-0.01')
    expect(toCents('-0.01')).toBe(-1n)
    expect(fromCents(-105n)).toBe('-1.05')
  })

  it('compares amounts by value, not by text', () => {
    expect(compareMoney('10.00', '9.99')).toBe(1)
    expect(compareMoney('9.99', '10.00')).toBe(-1)
    expect(compareMoney('5.50', '5.5')).toBe(0)
    expect(compareMoney('0.10', '0.2')).toBe(-1)
    expect(compareMoney('-1.00', '0.00')).toBe(-1)
  })

  it('sums any list of amounts to the sum of their cents', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: -99_999_999n, max: 99_999_999n }), { maxLength: 30 }), (cents) => {
      const total = cents.reduce((sum, value) => sum + value, 0n)
      expect(addMoney(...cents.map(fromCents))).toBe(fromCents(total))
    }))
  })
})
