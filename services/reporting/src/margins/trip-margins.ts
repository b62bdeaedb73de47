import type { TripMarginGroup, TripMarginsQuery } from '@travel-crm/contracts'
import { jsonBody, type ReportDatabase } from '../report-database.js'

/** Per group: the columns it sets (the others null, so that every grouping has the same columns), and its order. */
const GROUPS: Record<TripMarginGroup, { keys: string, groupBy: string, orderBy: string }> = {
  trip: {
    keys: 'p.trip_id, p.destination, p.start_date, null::integer as year, null::integer as month',
    groupBy: 'p.trip_id, p.destination, p.start_date',
    orderBy: 'start_date, trip_id'
  },
  destination: {
    keys: 'null::integer as trip_id, p.destination, null::date as start_date, null::integer as year, null::integer as month',
    groupBy: 'p.destination',
    orderBy: 'destination'
  },
  month: {
    keys: `null::integer as trip_id, null::text as destination, null::date as start_date,
      extract(year from p.start_date)::integer as year, extract(month from p.start_date)::integer as month`,
    groupBy: 'year, month',
    orderBy: 'year, month'
  }
}

/**
 * The bookings (not cancelled) of trips starting in `from`..`to`, as `trip_money` sums them per trip and
 * currency (kept by a trigger on the bookings, see MoneyTotals20261206040000), then per group and currency,
 * in NUMERIC and given as text: one small row per trip, so counting the trips of a group is a count. Margin is
 * sell - cost + commission, as crm gives a trip's. Trips without a booking have no money to show and no row.
 */
function marginsSql (group: TripMarginGroup): string {
  const { keys, groupBy } = GROUPS[group]
  return `select ${keys}, p.currency, count(*)::integer as trips,
      sum(p.sell)::text as sell, sum(p.cost)::text as cost, sum(p.commission)::text as commission,
      (sum(p.sell) - sum(p.cost) + sum(p.commission))::text as margin
    from (select t.id as trip_id, t.destination, t.start_date, m.currency, m.sell, m.cost, m.commission
      from trip_money m join trip t on t.id = m.trip_id
      where ($1::date is null or t.start_date >= $1) and ($2::date is null or t.start_date <= $2)) p
    group by ${groupBy}, p.currency`
}

function values (query: TripMarginsQuery): unknown[] {
  return [query.from ?? null, query.to ?? null]
}

export function marginGroup (query: TripMarginsQuery): TripMarginGroup {
  return query.group_by ?? 'trip'
}

/** Trip margins as the JSON text of a `TripMargins`, fields in the documented order. */
export async function tripMarginsJson (db: ReportDatabase, query: TripMarginsQuery): Promise<string> {
  const group = marginGroup(query)
  return await jsonBody(db, `select array_to_json(array(
      select to_json(r) from (${marginsSql(group)}) r order by ${GROUPS[group].orderBy}, currency))::text as body`, values(query))
}

export function tripMarginRows (db: ReportDatabase, query: TripMarginsQuery): AsyncGenerator<object[]> {
  const group = marginGroup(query)
  return db.batches(`select * from (${marginsSql(group)}) r order by ${GROUPS[group].orderBy}, currency`, values(query))
}

export const TRIP_MARGIN_COLUMNS = [
  'trip_id', 'destination', 'start_date', 'year', 'month', 'currency', 'trips', 'sell', 'cost', 'commission', 'margin'
] as const
