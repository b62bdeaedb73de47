import type { InvoiceSummary } from '@travel-crm/contracts'
import type { ReportDatabase } from '../report-database.js'

// Open invoices due before today are overdue; due today is not yet. Cancelled ones are in no group.
const IDS = (condition: string) =>
  `(select coalesce(json_agg(id order by id), '[]') from invoice where ${condition})`
const SUM = (column: string, condition: string) =>
  `coalesce(sum(${column}) filter (where ${condition}), 0)::numeric(18,2)::text`
const PENDING = 'settlement = \'open\' and due_date >= $1'
const OVERDUE = 'settlement = \'open\' and due_date < $1'

// One statement, so the lists and the amounts come from one snapshot.
const SUMMARY = `select
  ${IDS('settlement = \'paid\'')} as paid_invoice_ids,
  ${IDS(PENDING)} as pending_invoice_ids,
  ${IDS(OVERDUE)} as overdue_invoice_ids,
  (select coalesce(json_agg(a order by a.currency), '[]') from (
    select currency,
      ${SUM('amount', 'settlement = \'paid\'')} as paid_amount,
      ${SUM('amount', PENDING)} as pending_amount,
      ${SUM('amount - paid', PENDING)} as pending_balance,
      ${SUM('amount', OVERDUE)} as overdue_amount,
      ${SUM('amount - paid', OVERDUE)} as overdue_balance
    from invoice_totals where settlement <> 'cancelled' group by currency) a) as amounts`

interface SummaryRow {
  paid_invoice_ids: number[]
  pending_invoice_ids: number[]
  overdue_invoice_ids: number[]
  amounts: InvoiceSummary['amounts']
}

export async function invoiceSummary (db: ReportDatabase, today: string): Promise<InvoiceSummary> {
  const [row] = await db.query<SummaryRow>(SUMMARY, [today])
  if (row === undefined) throw new Error('the invoice summary query returned no row')
  return {
    total_paid: row.paid_invoice_ids.length,
    paid_invoice_ids: row.paid_invoice_ids,
    total_pending: row.pending_invoice_ids.length,
    pending_invoice_ids: row.pending_invoice_ids,
    total_overdue: row.overdue_invoice_ids.length,
    overdue_invoice_ids: row.overdue_invoice_ids,
    amounts: row.amounts
  }
}

/** One row per invoice instead of the original's id lists in one cell, which spreadsheets cut at 32,767 characters. */
export function invoiceSummaryRows (db: ReportDatabase, today: string): AsyncGenerator<object[]> {
  return db.batches(`select
      case when settlement = 'paid' then 'Paid' when due_date < $1 then 'Overdue' else 'Pending' end as status,
      id as invoice_id, due_date, currency, amount, paid, amount - paid as balance
    from invoice where settlement <> 'cancelled' order by id`, [today])
}

export const INVOICE_SUMMARY_COLUMNS = ['status', 'invoice_id', 'due_date', 'currency', 'amount', 'paid', 'balance'] as const
