import { jsonBody, type ReportDatabase } from '../report-database.js'
import { invoiceStatusOf, JUDGED_DUE_DATE, OVERDUE, PENDING } from './overdue.js'

// Open invoices due before today, or announced overdue by billing, are overdue; due today is not yet.
// Cancelled ones are in no group.
const IDS = (condition: string) => `array(select id from invoice where ${condition} order by id)`
const SUM = (column: string, condition: string) =>
  `coalesce(sum(${column}) filter (where ${condition}), 0)::numeric(18,2)::text`

// One statement, so the lists and the amounts come from one snapshot. It writes the whole `InvoiceSummary`
// body (fields in the documented order, ids as numbers, money as text); the lists are materialised once
// and read twice, for the counts and for the ids.
const SUMMARY = `with lists as materialized (
    select ${IDS('settlement = \'paid\'')} as paid, ${IDS(PENDING)} as pending, ${IDS(OVERDUE)} as overdue
  )
  select row_to_json(summary)::text as body from (select
    cardinality(paid) as total_paid, array_to_json(paid) as paid_invoice_ids,
    cardinality(pending) as total_pending, array_to_json(pending) as pending_invoice_ids,
    cardinality(overdue) as total_overdue, array_to_json(overdue) as overdue_invoice_ids,
    array_to_json(array(select amounts from (select currency,
        ${SUM('amount', 'settlement = \'paid\'')} as paid_amount,
        ${SUM('amount', PENDING)} as pending_amount,
        ${SUM('amount - paid', PENDING)} as pending_balance,
        ${SUM('amount', OVERDUE)} as overdue_amount,
        ${SUM('amount - paid', OVERDUE)} as overdue_balance
      from (select settlement, due_date as ${JUDGED_DUE_DATE}, currency, amount, paid from invoice_totals) totals
      where settlement <> 'cancelled' group by currency) amounts order by currency)) as amounts
  from lists) summary`

/** The invoice summary as the JSON text of an `InvoiceSummary` (about a megabyte at 100,000 invoices). */
export async function invoiceSummaryJson (db: ReportDatabase, today: string): Promise<string> {
  return await jsonBody(db, SUMMARY, [today])
}

/**
 * The summary's export in the original's shape: one row per status (the summary's groups: paid, pending,
 * overdue; cancelled invoices are in none) with its invoice ids and their count. A status without invoices
 * still has its row.
 */
export function invoiceSummaryRows (db: ReportDatabase, today: string): AsyncGenerator<object[]> {
  return db.batches(`select status.name as "Status",
      coalesce(string_agg(grouped.id::text, ', ' order by grouped.id), '') as "Invoice IDs",
      count(grouped.id) as "Total Count"
    from (values (1, 'Paid'), (2, 'Pending'), (3, 'Overdue')) as status (position, name)
    left join (select id, case when settlement = 'paid' then 'Paid' when ${OVERDUE} then 'Overdue' else 'Pending' end as name
      from invoice where settlement in ('paid', 'open')) as grouped on grouped.name = status.name
    group by status.position, status.name order by status.position`, [today])
}

export const INVOICE_SUMMARY_COLUMNS = ['Status', 'Invoice IDs', 'Total Count'] as const

/**
 * One row per invoice (`/reports/invoices/export`): what the summary's export gave before it took the
 * original's shape again, and what a spreadsheet can take at any size (a cell holds at most 32,767 characters).
 */
export function invoiceRows (db: ReportDatabase, today: string): AsyncGenerator<object[]> {
  return db.batches(`select
      ${invoiceStatusOf('', '$1')} as status,
      id as invoice_id, due_date, currency, amount, paid, amount - paid as balance
    from invoice where settlement <> 'cancelled' order by id`, [today])
}

export const INVOICE_COLUMNS = ['status', 'invoice_id', 'due_date', 'currency', 'amount', 'paid', 'balance'] as const
