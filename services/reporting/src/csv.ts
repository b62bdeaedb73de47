import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { stringify } from 'csv-stringify/sync'

/**
 * Rows as CSV, one column per named property, headed by the property names (the report's JSON field names).
 * RFC 4180 text (CRLF, fields quoted when they hold a comma, quote or line break), UTF-8 with a byte order
 * mark so that Excel does not read "Zoë Ødegård" as Latin-1, and a header row. A cell that starts with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so a spreadsheet shows it instead of running it as a
 * formula (OWASP CSV injection); numbers are left alone, negative amounts
 * given as decimal text (a negative margin) included.
 *
 * Each batch of rows becomes one chunk of text: a chunk per row would cost a socket write per row. The next
 * batch is read only when the client has taken the last one, and abandoning the download closes the cursor.
 */
/** A column by its property name, headed by that name or by `header` (a column name in the reader's language). */
export type CsvColumn = string | { key: string, header: string }

/** What a spreadsheet would run as a formula; a negative amount (`-25.00`) starts with `-` too but is a number. */
const FORMULA_START = /^[=+\-@\t\r]/
const NEGATIVE_DECIMAL = /^-\d+(\.\d+)?$/

function neutralised (value: string): string {
  return FORMULA_START.test(value) && !NEGATIVE_DECIMAL.test(value) ? `'${value}` : value
}

export function toCsv (batches: AsyncIterable<object[]>, columns: readonly CsvColumn[]): Readable {
  const options = {
    columns: [...columns],
    record_delimiter: 'windows',
    // Given a record delimiter, csv-stringify would quote only fields holding CRLF; a lone CR or LF breaks rows too.
    quote_record_delimiter: true,
    cast: { string: neutralised }
  } as const
  async function * text (): AsyncGenerator<string> {
    let first = true
    for await (const batch of batches) {
      if (batch.length === 0) continue
      yield stringify(batch, { ...options, header: first, bom: first })
      first = false
    }
    if (first) yield stringify([], { ...options, header: true, bom: true })
  }
  return Readable.from(text())
}

export function sendCsv (reply: FastifyReply, filename: string, batches: AsyncIterable<object[]>, columns: readonly CsvColumn[]): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(toCsv(batches, columns))
}
