import type { UnpaidInvoice } from '@travel-crm/contracts'
import type { ReportDatabase } from '../report-database.js'
import { invoiceStatusOf } from './overdue.js'

// Soonest due first, read along the partial index of open invoices.
const UNPAID = `select id as invoice_id, trip_id, client_id, issue_date, due_date, currency, amount, paid, amount - paid as balance,
    ${invoiceStatusOf('', '$1')} as status
  from invoice where settlement = 'open' order by due_date, id`

export interface Page {
  limit: number
  offset: number
}

export async function unpaidInvoices (db: ReportDatabase, today: string, page: Page): Promise<{ invoices: UnpaidInvoice[], total: number }> {
  const [invoices, [count]] = await Promise.all([
    db.query<UnpaidInvoice>(`${UNPAID} limit $2 offset $3`, [today, page.limit, page.offset]),
    db.query<{ total: number }>('select coalesce(sum(invoices), 0)::integer as total from invoice_totals where settlement = \'open\'')
  ])
  return { invoices, total: count?.total ?? 0 }
}

export function unpaidInvoiceRows (db: ReportDatabase, today: string): AsyncGenerator<object[]> {
  return db.batches(UNPAID, [today])
}

export const UNPAID_INVOICE_COLUMNS = [
  'invoice_id', 'trip_id', 'client_id', 'issue_date', 'due_date', 'currency', 'amount', 'paid', 'balance', 'status'
] as const
