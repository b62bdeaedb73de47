import type { MonthlyRevenueQuery, MonthlyRevenueRow } from '@travel-crm/contracts'
import { containingPattern } from '@travel-crm/service-kit'
import type { ReportDatabase } from '../report-database.js'

/** `destination` matches any part of it, in any case, as in the original; `%` and `_` match themselves. */
function monthlyRevenueQuery (filter: MonthlyRevenueQuery): { text: string, values: unknown[] } {
  const destination = filter.destination === undefined ? null : containingPattern(filter.destination)
  return {
    text: `select year, month, destination, currency, total_revenue from revenue_by_month
      where ($1::smallint is null or year = $1) and ($2::text is null or destination ilike $2)
      order by year, month, destination, currency`,
    values: [filter.year ?? null, destination]
  }
}

export async function monthlyRevenue (db: ReportDatabase, filter: MonthlyRevenueQuery): Promise<MonthlyRevenueRow[]> {
  const { text, values } = monthlyRevenueQuery(filter)
  return await db.query<MonthlyRevenueRow>(text, values)
}

export function monthlyRevenueRows (db: ReportDatabase, filter: MonthlyRevenueQuery): AsyncGenerator<object[]> {
  const { text, values } = monthlyRevenueQuery(filter)
  return db.batches(text, values)
}

export const MONTHLY_REVENUE_COLUMNS = ['year', 'month', 'destination', 'currency', 'total_revenue'] as const
