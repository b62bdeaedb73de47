import { PASSPORT_VALIDITY_MONTHS, DEPARTURE_DAYS_DEFAULT, type DeparturesQuery } from '@travel-crm/contracts'
import { jsonBody, type ReportDatabase } from '../report-database.js'

/**
 * Trips starting from `$1` (today) to `$2` days later that still depart: any status but cancelled or completed
 * (an inquiry or quote starting soon is listed, as it is work still to do). One row each with its lists as JSON. Each trip's
 * invoices, bookings and travellers are read once, along an index by trip: per currency, what its invoices not
 * cancelled ask and what is still open on them (amount - paid of the open ones); its pending bookings with
 * their supplier's name; its travellers, with a warning for those whose passport is not known or expires less
 * than `$3` months after the trip ends (contracts' passport rule: a month without the day ends at its last
 * day, as in `passportNeededUntil`).
 */
const DEPARTURES_SQL = `select t.id as trip_id, t.destination, t.start_date, t.end_date, t.status,
    t.client_id, c.name as client_name, t.currency, t.price::text as price,
    greatest(t.price - coalesce(m.invoiced, 0), 0)::numeric(14,2)::text as not_invoiced,
    coalesce(m.balance, '[]'::json) as balance,
    coalesce(p.travellers, 0) as travellers,
    coalesce((select json_agg(json_build_object('booking_id', b.id, 'supplier_id', b.supplier_id, 'supplier_name', s.name,
        'kind', b.kind, 'description', b.description, 'start_date', b.start_date) order by b.start_date, b.id)
      from booking b left join supplier s on s.id = b.supplier_id
      where b.trip_id = t.id and b.status = 'pending'), '[]'::json) as unconfirmed_bookings,
    coalesce(p.warnings, '[]'::json) as passport_warnings
  from trip t left join client c on c.id = t.client_id
  left join lateral (
    select sum(x.invoiced) filter (where x.currency = t.currency) as invoiced,
      json_agg(json_build_object('currency', x.currency, 'open', x.open::text) order by x.currency) filter (where x.open is not null) as balance
    from (select i.currency, sum(i.amount) filter (where not i.cancelled) as invoiced,
        sum(i.amount - i.paid) filter (where i.settlement = 'open')::numeric(14,2) as open
      from invoice i where i.trip_id = t.id group by i.currency) x) m on true
  left join lateral (
    select count(*)::integer as travellers,
      json_agg(json_build_object('traveller_id', w.id, 'name', w.name, 'code', w.code) order by w.id) filter (where w.code is not null) as warnings
    from (select v.id, v.first_name || ' ' || v.last_name as name,
        case when not v.has_passport_number or v.passport_expiry is null then 'PASSPORT_MISSING'
          when v.passport_expiry < (t.end_date + make_interval(months => $3::integer))::date then 'PASSPORT_EXPIRES_TOO_SOON' end as code
      from traveller v where v.trip_id = t.id) w) p on true
  where t.start_date between $1::date and $1::date + $2::integer and t.status not in ('cancelled', 'completed')`

function values (today: string, query: DeparturesQuery): unknown[] {
  return [today, query.days ?? DEPARTURE_DAYS_DEFAULT, PASSPORT_VALIDITY_MONTHS]
}

/** The departures report as the JSON text of a `Departures`, soonest first. */
export async function departuresJson (db: ReportDatabase, today: string, query: DeparturesQuery): Promise<string> {
  return await jsonBody(db, `select array_to_json(array(
      select to_json(r) from (${DEPARTURES_SQL}) r order by start_date, trip_id))::text as body`, values(today, query))
}

/**
 * One CSV row per trip: the lists as counts, and as one text each (`; ` between entries) for a reader; the
 * open balance reads `EUR 120.00; USD 5.00`, the bookings `<supplier>, <kind>: <description> (<start date>)`, the warnings `<name>: <code>`.
 */
export function departureRows (db: ReportDatabase, today: string, query: DeparturesQuery): AsyncGenerator<object[]> {
  return db.batches(`select r.trip_id, r.destination, r.start_date, r.end_date, r.status, r.client_id, r.client_name, r.currency,
      r.price, r.not_invoiced,
      (select string_agg((e->>'currency') || ' ' || (e->>'open'), '; ') from json_array_elements(r.balance) e) as open_balance,
      r.travellers,
      json_array_length(r.unconfirmed_bookings) as unconfirmed_bookings,
      (select string_agg(coalesce(e->>'supplier_name', 'supplier ' || (e->>'supplier_id')) || coalesce(', ' || (e->>'kind'), '')
          || coalesce(': ' || (e->>'description'), '') || ' (' || (e->>'start_date') || ')', '; ')
        from json_array_elements(r.unconfirmed_bookings) e) as unconfirmed_booking_list,
      json_array_length(r.passport_warnings) as passport_warnings,
      (select string_agg((e->>'name') || ': ' || (e->>'code'), '; ') from json_array_elements(r.passport_warnings) e) as passport_warning_list
    from (${DEPARTURES_SQL}) r order by r.start_date, r.trip_id`, values(today, query))
}

export const DEPARTURE_COLUMNS = [
  'trip_id', 'destination', 'start_date', 'end_date', 'status', 'client_id', 'client_name', 'currency', 'price', 'not_invoiced', 'open_balance',
  'travellers', 'unconfirmed_bookings', 'unconfirmed_booking_list', 'passport_warnings', 'passport_warning_list'
] as const
