import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { DEFAULT_INVOICE_NUMBER_FORMAT, InvoiceNumberFormat, formatInvoiceNumber, isInvoiceNumberFormat } from '../src/index.js'

describe('invoice numbers', () => {
  it('writes the year of issue and the place in that year, padded as the format says', () => {
    expect(formatInvoiceNumber(DEFAULT_INVOICE_NUMBER_FORMAT, 2027, 123)).toBe('2027-000123')
    expect(formatInvoiceNumber('INV/{year}/{seq:3}', 2027, 4567)).toBe('INV/2027/4567')
    expect(formatInvoiceNumber('{seq}-{year}', 2028, 7)).toBe('7-2028')
  })

  it('accepts only formats holding the year and the sequence once each', () => {
    for (const format of [DEFAULT_INVOICE_NUMBER_FORMAT, 'INV/{year}/{seq:5}', 'Faktura {year}-{seq}']) {
      expect(isInvoiceNumberFormat(format), format).toBe(true)
      expect(Value.Check(InvoiceNumberFormat, format), format).toBe(true)
    }
    for (const format of ['{seq:6}', 'INV-{year}', '{year}{year}-{seq}', '{year}-{seq}-{seq}', '{year}-{seq}{', '{year}-{sequence}', '{year}<{seq}>']) {
      expect(isInvoiceNumberFormat(format), format).toBe(false)
    }
  })
})
