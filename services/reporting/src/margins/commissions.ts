import type { CommissionGroup, CommissionReportQuery } from '@travel-crm/contracts'
import { jsonBody, type ReportDatabase } from '../report-database.js'

const GROUPS: Record<CommissionGroup, { keys: string, groupBy: string, orderBy: string }> = {
  supplier: {
    keys: 'c.supplier_id, null::integer as year, null::integer as month',
    groupBy: 'c.supplier_id',
    orderBy: 'supplier_id'
  },
  month: {
    keys: 'null::integer as supplier_id, extract(year from c.due_date)::integer as year, extract(month from c.due_date)::integer as month',
    groupBy: 'year, month',
    orderBy: 'year, month'
  }
}

/**
 * Commissions not cancelled, summed per group and currency in NUMERIC, given as text, from their totals per
 * supplier, due date and currency (`commission_totals`, kept by a trigger on the commissions, see
 * MoneyTotals20261206040000). Open is what is not received yet (never below zero, per commission); overdue
 * is the open money of those due before `$1` (today).
 */
function commissionsSql (group: CommissionGroup): string {
  const { keys, groupBy } = GROUPS[group]
  return `select ${keys}, c.currency, sum(c.bookings)::integer as bookings,
      sum(c.expected)::text as expected, sum(c.received)::text as received, sum(c.open)::text as open,
      coalesce(sum(c.open) filter (where c.due_date < $1::date), 0)::numeric(14,2)::text as overdue
    from commission_totals c group by ${groupBy}, c.currency`
}

export function commissionGroup (query: CommissionReportQuery): CommissionGroup {
  return query.group_by ?? 'supplier'
}

/** The commission report as the JSON text of a `CommissionReport`, fields in the documented order. */
export async function commissionsJson (db: ReportDatabase, today: string, query: CommissionReportQuery): Promise<string> {
  const group = commissionGroup(query)
  return await jsonBody(db, `select array_to_json(array(
      select to_json(r) from (${commissionsSql(group)}) r order by ${GROUPS[group].orderBy}, currency))::text as body`, [today])
}

export function commissionRows (db: ReportDatabase, today: string, query: CommissionReportQuery): AsyncGenerator<object[]> {
  const group = commissionGroup(query)
  return db.batches(`select * from (${commissionsSql(group)}) r order by ${GROUPS[group].orderBy}, currency`, [today])
}

export const COMMISSION_COLUMNS = ['supplier_id', 'year', 'month', 'currency', 'bookings', 'expected', 'received', 'open', 'overdue'] as const
