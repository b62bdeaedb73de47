import { Migration } from '@travel-crm/service-kit'

/**
 * Money totals for the margin and commission reports, kept by triggers in the transaction that changes the
 * rows, as the report totals are (ReportTotals20261201000100): a total can never drift from the rows it sums,
 * whatever the path (an update, a trip's deletion taking its bookings), and a rebuild makes them again because
 * it replays the rows.
 *
 * `trip_money`: per trip and currency, the bookings not cancelled and their sell, cost and commission. The
 * margin reports read one small row per trip (20,000 at full size) instead of joining and summing every
 * booking (60,000) each time. A row goes when its last booking does, so a trip without money has none.
 *
 * `commission_totals`: per supplier, due date and currency, the commissions not cancelled, what they expect,
 * what was received and what is open (each commission's own `greatest(expected - received, 0)`, summed). Overdue is
 * the open money of the dates before the day the report is asked, so the report sums the totals of those
 * dates: about a thousand rows at full size instead of 36,000 commissions.
 *
 * The departures report reads each departing trip's travellers and pending bookings along an index by trip:
 * those indexes now hold what it reads of them, so that the report does not also visit each row's page.
 *
 * Sums are NUMERIC with two decimals, the rows' scale: the reports give the same text as when they summed the
 * rows, but for a group of only commissions received beyond what they expect, whose open money the rows' sum
 * gave as `0` (`greatest`'s integer zero), not the `0.00` of a DecimalString.
 */
export class MoneyTotals20261206040000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table trip_money (
      trip_id integer not null,
      currency text not null,
      bookings integer not null,
      sell numeric(18,2) not null,
      cost numeric(18,2) not null,
      commission numeric(18,2) not null,
      primary key (trip_id, currency)) with (fillfactor = 90)`)

    this.addSql(`create function count_booking (b booking, sign integer) returns void language plpgsql as $$
      begin
        if b.status = 'cancelled' then return; end if;
        insert into trip_money as m (trip_id, currency, bookings, sell, cost, commission)
          values (b.trip_id, b.currency, sign, sign * b.sell_price, sign * b.cost, sign * b.commission)
          on conflict (trip_id, currency) do update
            set bookings = m.bookings + excluded.bookings, sell = m.sell + excluded.sell,
                cost = m.cost + excluded.cost, commission = m.commission + excluded.commission;
        delete from trip_money m where m.trip_id = b.trip_id and m.currency = b.currency and m.bookings = 0;
      end $$`)

    // A booking's description or dates changing moves no money: nothing to do.
    this.addSql(`create function booking_changed () returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (old.status = 'cancelled', old.trip_id, old.currency, old.sell_price, old.cost, old.commission)
          is not distinct from (new.status = 'cancelled', new.trip_id, new.currency, new.sell_price, new.cost, new.commission) then
          return null;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then perform count_booking(old, -1); end if;
        if tg_op in ('INSERT', 'UPDATE') then perform count_booking(new, 1); end if;
        return null;
      end $$`)
    this.addSql('create trigger booking_money after insert or update or delete on booking for each row execute function booking_changed()')

    this.addSql(`create table commission_totals (
      supplier_id integer not null,
      due_date date not null,
      currency text not null,
      bookings integer not null,
      expected numeric(18,2) not null,
      received numeric(18,2) not null,
      open numeric(18,2) not null,
      primary key (supplier_id, due_date, currency)) with (fillfactor = 90)`)

    this.addSql(`create function count_commission (c commission, sign integer) returns void language plpgsql as $$
      begin
        if c.cancelled then return; end if;
        insert into commission_totals as t (supplier_id, due_date, currency, bookings, expected, received, open)
          values (c.supplier_id, c.due_date, c.currency, sign, sign * c.expected, sign * c.received, sign * greatest(c.expected - c.received, 0))
          on conflict (supplier_id, due_date, currency) do update
            set bookings = t.bookings + excluded.bookings, expected = t.expected + excluded.expected,
                received = t.received + excluded.received, open = t.open + excluded.open;
        delete from commission_totals t
          where t.supplier_id = c.supplier_id and t.due_date = c.due_date and t.currency = c.currency and t.bookings = 0;
      end $$`)

    this.addSql(`create function commission_changed () returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (old.cancelled, old.supplier_id, old.due_date, old.currency, old.expected, old.received)
          is not distinct from (new.cancelled, new.supplier_id, new.due_date, new.currency, new.expected, new.received) then
          return null;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then perform count_commission(old, -1); end if;
        if tg_op in ('INSERT', 'UPDATE') then perform count_commission(new, 1); end if;
        return null;
      end $$`)
    this.addSql('create trigger commission_money after insert or update or delete on commission for each row execute function commission_changed()')

    this.addSql('drop index traveller_by_trip')
    this.addSql('create index traveller_by_trip on traveller (trip_id, id) include (first_name, last_name, has_passport_number, passport_expiry)')
    this.addSql('drop index booking_pending_by_trip')
    this.addSql(`create index booking_pending_by_trip on booking (trip_id, start_date, id) include (supplier_id, kind, description)
      where status = 'pending'`)

    // The rows stored before this migration.
    this.addSql(`insert into trip_money (trip_id, currency, bookings, sell, cost, commission)
      select trip_id, currency, count(*), sum(sell_price), sum(cost), sum(commission)
        from booking where status <> 'cancelled' group by trip_id, currency`)
    this.addSql(`insert into commission_totals (supplier_id, due_date, currency, bookings, expected, received, open)
      select supplier_id, due_date, currency, count(*), sum(expected), sum(received), sum(greatest(expected - received, 0))
        from commission where not cancelled group by supplier_id, due_date, currency`)
  }
}
