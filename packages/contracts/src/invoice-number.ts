import { Type } from 'typebox'

/**
 * How invoice numbers are written: `{year}` is the year of issue and `{seq}` the invoice's place in that year,
 * `{seq:6}` zero-padded to six digits. Both are required: without the year, the first invoice of every year
 * would repeat the first of the year before.
 */
export const DEFAULT_INVOICE_NUMBER_FORMAT = '{year}-{seq:6}'

const TOKEN = /\{(year|seq)(?::(\d{1,2}))?\}/g

export function isInvoiceNumberFormat (format: string): boolean {
  const tokens = [...format.matchAll(TOKEN)].map((match) => match[1])
  const literal = format.replace(TOKEN, '')
  return tokens.filter((token) => token === 'year').length === 1 &&
    tokens.filter((token) => token === 'seq').length === 1 &&
    !/[{}]/.test(literal) && /^[\p{L}\p{N} ./_#-]*$/u.test(literal)
}

/** The number of the `sequence`th invoice issued in `year`, written in `format`. */
export function formatInvoiceNumber (format: string, year: number, sequence: number): string {
  return format.replace(TOKEN, (_token, name: string, width: string | undefined) => {
    const value = String(name === 'year' ? year : sequence)
    return width === undefined ? value : value.padStart(Number(width), '0')
  })
}

export const InvoiceNumberFormat = Type.Refine(
  Type.String({ minLength: 9, maxLength: 30, examples: [DEFAULT_INVOICE_NUMBER_FORMAT, 'INV/{year}/{seq:5}'] }),
  (value) => isInvoiceNumberFormat(value),
  () => 'must hold {year} and {seq} (or {seq:N}, padded to N digits) once each, with letters, digits, spaces or . / _ # - between them'
)
