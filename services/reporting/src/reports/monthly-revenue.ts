import type { MonthlyRevenueQuery } from '@travel-crm/contracts'
import { containingPattern } from '@travel-crm/service-kit/data'
import { jsonBody, type ReportDatabase } from '../report-database.js'

const FILTERED = `where ($1::smallint is null or m.year = $1) and ($2::text is null or m.destination ilike $2)
  order by m.year, m.month, m.destination, m.currency`

/** `destination` matches any part of it, in any case, as in the original; `%` and `_` match themselves. */
function filterValues (filter: MonthlyRevenueQuery): unknown[] {
  return [filter.year ?? null, filter.destination === undefined ? null : containingPattern(filter.destination)]
}

/** Monthly revenue as the JSON text of a `MonthlyRevenue`: fields in the documented order, the total as text. */
export async function monthlyRevenueJson (db: ReportDatabase, filter: MonthlyRevenueQuery): Promise<string> {
  return await jsonBody(db, `select array_to_json(array(
      select line from revenue_by_month m,
        lateral (select m.year, m.month, m.destination, m.currency, m.total_revenue::text as total_revenue) line
      ${FILTERED}))::text as body`, filterValues(filter))
}

export function monthlyRevenueRows (db: ReportDatabase, filter: MonthlyRevenueQuery): AsyncGenerator<object[]> {
  return db.batches(`select m.year, m.month, m.destination, m.currency, m.total_revenue from revenue_by_month m ${FILTERED}`, filterValues(filter))
}

export const MONTHLY_REVENUE_COLUMNS = ['year', 'month', 'destination', 'currency', 'total_revenue'] as const
