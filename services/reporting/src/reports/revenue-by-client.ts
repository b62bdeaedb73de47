import { jsonBody, type ReportDatabase } from '../report-database.js'

// Ranked within each currency: a total in yen and one in euros are not comparable. Sorted at each read (10,000
// rows cost milliseconds) rather than read along an index: an index on the totals would make every payment's
// update of its client's total a non-HOT update (see ReportTotalsInPlace20261202000000).
const CLIENT_REVENUE = 'from revenue_by_client r left join client c on c.id = r.client_id'
const RANKING = 'order by r.currency, r.total_revenue desc, r.client_id'

const REVENUE_BY_CLIENT = `select r.client_id, c.name as client_name, r.currency, r.total_revenue ${CLIENT_REVENUE} ${RANKING}`

// The `RevenueByClient` body: one object per row, fields in the documented order, the total as text.
const REVENUE_BY_CLIENT_JSON = `select array_to_json(array(
    select line ${CLIENT_REVENUE},
      lateral (select r.client_id, c.name as client_name, r.currency, r.total_revenue::text as total_revenue) line
    ${RANKING}))::text as body`

/** Revenue by client as the JSON text of a `RevenueByClient` (about a megabyte at 10,000 clients). */
export async function revenueByClientJson (db: ReportDatabase): Promise<string> {
  return await jsonBody(db, REVENUE_BY_CLIENT_JSON)
}

export function revenueByClientRows (db: ReportDatabase): AsyncGenerator<object[]> {
  return db.batches(REVENUE_BY_CLIENT)
}

export const REVENUE_BY_CLIENT_COLUMNS = ['client_id', 'client_name', 'currency', 'total_revenue'] as const
