import type { RevenueByClientRow } from '@travel-crm/contracts'
import type { ReportDatabase } from '../report-database.js'

// Ranked within each currency: a total in yen and one in euros are not comparable.
const REVENUE_BY_CLIENT = `select r.client_id, c.name as client_name, r.currency, r.total_revenue
  from revenue_by_client r left join client c on c.id = r.client_id
  order by r.currency, r.total_revenue desc, r.client_id`

export async function revenueByClient (db: ReportDatabase): Promise<RevenueByClientRow[]> {
  return await db.query<RevenueByClientRow>(REVENUE_BY_CLIENT)
}

export function revenueByClientRows (db: ReportDatabase): AsyncGenerator<object[]> {
  return db.batches(REVENUE_BY_CLIENT)
}

export const REVENUE_BY_CLIENT_COLUMNS = ['client_id', 'client_name', 'currency', 'total_revenue'] as const
