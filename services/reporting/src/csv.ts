import { Readable, pipeline } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { stringify } from 'csv-stringify'

/**
 * Rows as CSV, one column per named property, headed by the property names (the report's JSON field names).
 * RFC 4180 text (CRLF, fields quoted when they hold a comma, quote or line break), UTF-8 with a byte order
 * mark so that Excel does not read "Zoë Ødegård" as Latin-1, and a header row. A cell that starts with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so a spreadsheet shows it instead of running it as a
 * formula (OWASP CSV injection); numbers are left alone.
 */
export function toCsv (rows: AsyncIterable<object>, columns: readonly string[]): Readable {
  const stringifier = stringify({
    bom: true,
    header: true,
    columns: [...columns],
    record_delimiter: 'windows',
    escape_formulas: true
  })
  // pipeline destroys the source when the download is abandoned, which closes the cursor behind it. A failure
  // reaches Fastify through the returned stream: a problem+json if nothing was sent yet, else a cut connection.
  return pipeline(Readable.from(rows), stringifier, () => {})
}

export function sendCsv (reply: FastifyReply, filename: string, rows: AsyncIterable<object>, columns: readonly string[]): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(toCsv(rows, columns))
}
