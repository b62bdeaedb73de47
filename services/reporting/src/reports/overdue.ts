import { invoiceStatusSql } from '@travel-crm/contracts'

/**
 * The one rule for what reporting counts as overdue: an open invoice whose next unpaid due date is before
 * today, or that billing announced overdue (`billing.invoice.overdue`) while that due date holds. Both are in
 * `judged_due_date` (see OverdueEvents20261206030000), so every report compares that column with today (`$1`):
 * the summary's groups, the status of the unpaid list, the invoice export and the client statement.
 */
export const JUDGED_DUE_DATE = 'judged_due_date'

/** Open invoices overdue as of `$1`, and the others open; `invoice` and `invoice_totals` both have these columns. */
export const OVERDUE = `settlement = 'open' and ${JUDGED_DUE_DATE} < $1`
export const PENDING = `settlement = 'open' and ${JUDGED_DUE_DATE} >= $1`

/** An invoice's status as of `today` by the contracts' rule, its due date the judged one; `invoice` is the table's alias. */
export function invoiceStatusOf (invoice: string, today: string): string {
  const column = (name: string) => invoice === '' ? name : `${invoice}.${name}`
  return invoiceStatusSql({ cancelled: column('cancelled'), amount: column('amount'), paid: column('paid'), dueDate: column(JUDGED_DUE_DATE), today })
}
