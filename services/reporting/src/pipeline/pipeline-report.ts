import { TRIP_STATUSES, type PipelineQuery } from '@travel-crm/contracts'
import { jsonBody, type ReportDatabase } from '../report-database.js'
import { BOOKED, CAME_IN_AS_INQUIRY } from './projection.js'

/**
 * The trips that came in over the period (created on a day from `$1` to `$2`, UTC, either open), read along the
 * index by creation time and counted in one pass per month, status now, currency and whether they came in as an
 * inquiry or a quote: a few hundred rows at most, which the report's parts are summed from. Deleted trips are
 * gone from the read model; archived ones are still here.
 */
const CAME_IN = `select date_trunc('month', created_at at time zone 'UTC') as month, status, currency,
    coalesce(created_status = any($4::text[]), false) as as_inquiry, count(*)::integer as trips, sum(price) as amount
  from trip
  where ($1::date is null or created_at >= $1::date::timestamp at time zone 'UTC')
    and ($2::date is null or created_at < ($2::date + 1)::timestamp at time zone 'UTC')
  group by 1, 2, 3, 4`

/** Per month the trips came in, from the first to the last: those that came as an inquiry or a quote, and where they stand now. */
const MONTHS = `select to_char(m, 'YYYY-MM') as month,
    coalesce(c.inquiries, 0)::integer as inquiries, coalesce(c.booked, 0)::integer as booked,
    coalesce(c.cancelled, 0)::integer as cancelled, coalesce(c.open, 0)::integer as open,
    case when coalesce(c.inquiries, 0) = 0 then null else round(c.booked::numeric * 100 / c.inquiries, 2)::text end as conversion_rate
  from (select min(month) as first, max(month) as last from came_in) bounds
  cross join generate_series(bounds.first, bounds.last, interval '1 month') m
  left join (select month, sum(trips) as inquiries,
      coalesce(sum(trips) filter (where status = any($5::text[])), 0) as booked,
      coalesce(sum(trips) filter (where status = 'cancelled'), 0) as cancelled,
      coalesce(sum(trips) filter (where status = any($4::text[])), 0) as open
    from came_in where as_inquiry group by month) c on c.month = m`

/**
 * `$1`, `$2`: the period; `$3`: the statuses in pipeline order; `$4`, `$5`: the statuses of an inquiry and of a
 * sale (the projection's). The export reads no sale (Postgres refuses a parameter it cannot type), so it takes
 * the first four.
 */
function values (query: PipelineQuery): unknown[] {
  return [query.from ?? null, query.to ?? null, TRIP_STATUSES, CAME_IN_AS_INQUIRY, BOOKED]
}

/**
 * The pipeline as the JSON text of a `PipelineReport`: every status in pipeline order with its trips and their
 * price summed per currency (in NUMERIC, given as text), and the months from the first to the last a trip came
 * in, gaps included, so that a chart of them needs no filling in.
 */
export async function pipelineJson (db: ReportDatabase, query: PipelineQuery): Promise<string> {
  return await jsonBody(db, `with came_in as materialized (${CAME_IN}),
    per_status as (select status, currency, sum(trips)::integer as trips, sum(amount) as amount from came_in group by status, currency)
    select json_build_object(
      'from', $1::date, 'to', $2::date,
      'statuses', (select json_agg(json_build_object(
          'status', s.status,
          'trips', coalesce((select sum(p.trips) from per_status p where p.status = s.status), 0)::integer,
          'value', coalesce((select json_agg(json_build_object('currency', p.currency, 'amount', p.amount::text) order by p.currency)
            from per_status p where p.status = s.status), '[]'::json)
        ) order by s.at) from unnest($3::text[]) with ordinality s(status, at)),
      'months', coalesce((select json_agg(to_json(r) order by r.month) from (${MONTHS}) r), '[]'::json)
    )::text as body`, values(query))
}

/**
 * The export, flat: one row per month the trips came in, status they are in now and currency, with their count,
 * price and how many of them came in as an inquiry or a quote. Summing rows gives the JSON's figures: a status's
 * over the months, a month's inquiries over its statuses, and its booked ones over booked and completed.
 */
export function pipelineRows (db: ReportDatabase, query: PipelineQuery): AsyncGenerator<object[]> {
  return db.batches(`with came_in as (${CAME_IN})
    select to_char(c.month, 'YYYY-MM') as month, c.status, c.currency, sum(c.trips)::integer as trips, sum(c.amount)::text as value,
      coalesce(sum(c.trips) filter (where c.as_inquiry), 0)::integer as inquiries
    from came_in c join unnest($3::text[]) with ordinality s(status, at) on s.status = c.status
    group by c.month, c.status, s.at, c.currency
    order by c.month, s.at, c.currency`, values(query).slice(0, 4))
}

export const PIPELINE_COLUMNS = ['month', 'status', 'currency', 'trips', 'value', 'inquiries'] as const
