import { INVOICE_STATUSES, type Language } from '@travel-crm/contracts'
import { formatDate, formatMonth, formatMoney } from './format.js'
import { documentWords } from './messages.js'
import { DocumentWriter, type DocumentAgency } from './pdf.js'

export const REPORT_NAMES = ['invoice-summary', 'invoices', 'monthly-revenue', 'revenue-by-client', 'unpaid-invoices', 'trip-margins', 'commissions', 'departures', 'pipeline'] as const
export type ReportName = (typeof REPORT_NAMES)[number]

/** How a report's column prints: money in the row's `currency`, a calendar day, a month, or as it is. */
export type ColumnKind = 'money' | 'date' | 'month' | 'status' | 'text'

export interface ReportColumn {
  key: string
  kind: ColumnKind
  width?: number
}

const MONEY_COLUMNS = new Set(['amount', 'paid', 'balance', 'total_revenue', 'price', 'sell', 'cost', 'commission', 'margin', 'expected', 'received', 'open', 'overdue', 'not_invoiced', 'value'])
const DATE_COLUMNS = new Set(['due_date', 'issue_date', 'payment_date', 'start_date', 'end_date'])

/** How a report's CSV column prints in its PDF, by the column's name (the same names in every report). */
export function columnKind (key: string): ColumnKind {
  if (MONEY_COLUMNS.has(key)) return 'money'
  if (DATE_COLUMNS.has(key)) return 'date'
  if (key === 'month') return 'month'
  if (key === 'status') return 'status'
  return 'text'
}

/**
 * A report's rows as a PDF table, written as the batches arrive: the report's CSV rows, the same columns, each
 * cell in the language's way (money with the row's currency). `doc` streams while rows are still being read.
 */
export function reportDocument (
  report: ReportName, columns: readonly string[], batches: AsyncIterable<Array<Record<string, unknown>>>,
  agency: DocumentAgency | undefined, language: Language, today: string
): PDFKit.PDFDocument {
  const t = documentWords(language)
  const writer = new DocumentWriter(language, agency, t(`report.${report}`))
  // The currency prints with each amount, and the month with its year: neither needs a column of its own.
  const shown = columns.filter((column) => !(column === 'currency' && columns.some((other) => MONEY_COLUMNS.has(other))) &&
    !(column === 'year' && columns.includes('month')))
  void (async () => {
    try {
      writer.header(t(`report.${report}`), t('report.generated', { date: formatDate(today, language) }))
      writer.startTable(shown.map((key) => ({ key, label: t(`column.${key}`, { defaultValue: key }), width: columnWidth(key), align: columnKind(key) === 'money' ? 'right' : 'left' })))
      let rows = 0
      for await (const batch of batches) {
        for (const row of batch) {
          writer.row(shown.map((key) => cell(row, key, language, t)))
          rows += 1
        }
      }
      writer.endTable()
      if (rows === 0) writer.paragraph(t('report.noRows'), { grey: true })
      writer.end()
    } catch (error) {
      writer.doc.destroy(error as Error)
    }
  })()
  return writer.doc
}

/** A column's share of the line: a date or an amount must not wrap, an id is short, a name is long. */
function columnWidth (key: string): number {
  const widths: Record<ColumnKind, number> = { money: 1.6, date: 1.5, month: 1.7, status: 1.4, text: key.endsWith('_id') ? 0.8 : 2 }
  return widths[columnKind(key)]
}

function cell (row: Record<string, unknown>, key: string, language: Language, t: ReturnType<typeof documentWords>): string {
  const value = row[key]
  if (value === null || value === undefined) return ''
  const text = String(value)
  switch (columnKind(key)) {
    case 'money': return typeof row['currency'] === 'string' ? formatMoney(text, row['currency'], language) : text
    case 'date': return formatDate(text, language)
    case 'month': return typeof row['year'] === 'number' || typeof row['year'] === 'string' ? formatMonth(Number(row['year']), Number(text), language) : text
    case 'status': return (INVOICE_STATUSES as readonly string[]).includes(text) ? t(`status.${text}`) : text
    default: return text
  }
}
