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

/**
 * What a spreadsheet would run as a formula; a negative amount (`-25.00`) starts with `-` too but is a number.
 * Written once as pattern text for both writers of CSV, this one and Postgres's (`csvRecordSql`): JavaScript
 * and Postgres read these patterns alike (`[0-9]`, not `\d`, which in Postgres takes other digits too).
 */
const FORMULA_START_PATTERN = String.raw`^[=+@\t\r-]`
const NEGATIVE_DECIMAL_PATTERN = String.raw`^-[0-9]+(\.[0-9]+)?$`
const FORMULA_START = new RegExp(FORMULA_START_PATTERN)
const NEGATIVE_DECIMAL = new RegExp(NEGATIVE_DECIMAL_PATTERN)

function neutralised (value: string): string {
  return FORMULA_START.test(value) && !NEGATIVE_DECIMAL.test(value) ? `'${value}` : value
}

function stringifyOptions (columns: readonly CsvColumn[]) {
  return {
    columns: [...columns],
    record_delimiter: 'windows',
    // Given a record delimiter, csv-stringify would quote only fields holding CRLF; a lone CR or LF breaks rows too.
    quote_record_delimiter: true,
    cast: { string: neutralised }
  } as const
}

export function toCsv (batches: AsyncIterable<object[]>, columns: readonly CsvColumn[]): Readable {
  const options = stringifyOptions(columns)
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

/**
 * The same text as `toCsv`, its records written by Postgres (`csvRecordSql`): each chunk is the records of one
 * batch, sent as they come. For exports of a million rows, where reading each row into an object and
 * formatting it here cost ten times what Postgres spends on the query.
 */
export function recordsToCsv (records: AsyncIterable<string>, columns: readonly CsvColumn[]): Readable {
  async function * text (): AsyncGenerator<string> {
    yield stringify([], { ...stringifyOptions(columns), header: true, bom: true })
    yield* records
  }
  return Readable.from(text())
}

/** A standard SQL string literal: Postgres's regular expressions read `\t`, `\r` and `\n` in it themselves. */
function sqlString (text: string): string {
  return `'${text.replaceAll('\'', '\'\'')}'`
}

const SQL_FORMULA_START = sqlString(FORMULA_START_PATTERN)
const SQL_NEGATIVE_DECIMAL = sqlString(NEGATIVE_DECIMAL_PATTERN)
/** The fields `toCsv` quotes (csv-stringify's rule with `quote_record_delimiter`); the test holds the two together. */
const NEEDS_QUOTES_PATTERN = String.raw`[",\r\n]`
const SQL_NEEDS_QUOTES = sqlString(NEEDS_QUOTES_PATTERN)
/** Either rule applies: the cheap test most cells fail, before the two that decide. */
const SQL_NEEDS_CARE = sqlString(`${FORMULA_START_PATTERN}|${NEEDS_QUOTES_PATTERN}`)

/**
 * A text cell as `toCsv` writes it, as an SQL expression over `value` (a column, as it is evaluated up to four
 * times): empty for null, neutralised as `neutralised` does, then quoted when it holds a comma, quote, CR or LF.
 */
function textCellSql (value: string): string {
  const cell = `case when ${value} ~ ${SQL_FORMULA_START} and ${value} !~ ${SQL_NEGATIVE_DECIMAL} then '''' || ${value} else ${value} end`
  const quoted = `case when ${value} ~ ${SQL_NEEDS_QUOTES} then '"' || replace(${cell}, '"', '""') || '"' else ${cell} end`
  return `case when ${value} ~ ${SQL_NEEDS_CARE} then ${quoted} else coalesce(${value}, '') end`
}

/** An escape-string literal, so that CR and LF can be written in it. */
function sqlLiteral (text: string): string {
  return `E'${text.replaceAll('\\', '\\\\').replaceAll('\'', '\\\'').replaceAll('\r', '\\r').replaceAll('\n', '\\n')}'`
}

/**
 * One record of `toCsv`'s text, its CRLF included, as an SQL text expression: `cells` gives a column's SQL
 * (absent: an empty cell). `text` names the columns of free text, which get `toCsv`'s neutralising and
 * quoting; every other cell must be a number, a date, a time stamp or a fixed word, which never need either
 * (a negative amount included: `toCsv` leaves it alone too).
 */
export function csvRecordSql (columns: readonly string[], cells: Partial<Record<string, string>>, text: ReadonlySet<string>): string {
  const parts: string[] = []
  // Empty cells and the commas between cells are one literal each run, so Postgres joins no more than it must.
  let literal = ''
  columns.forEach((column, index) => {
    if (index > 0) literal += ','
    const value = cells[column]
    if (value === undefined) return
    if (literal !== '') parts.push(sqlLiteral(literal))
    literal = ''
    parts.push(text.has(column) ? textCellSql(value) : `coalesce((${value})::text, '')`)
  })
  parts.push(sqlLiteral(`${literal}\r\n`))
  return parts.join(' || ')
}

export function sendCsv (reply: FastifyReply, filename: string, batches: AsyncIterable<object[]>, columns: readonly CsvColumn[]): FastifyReply {
  return sendCsvText(reply, filename, toCsv(batches, columns))
}

export function sendCsvText (reply: FastifyReply, filename: string, csv: Readable): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(csv)
}
