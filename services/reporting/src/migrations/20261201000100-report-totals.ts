import { Migration } from '@travel-crm/service-kit'

/**
 * Pre-aggregated totals, so that each report is a small indexed read at a million payments. Triggers keep
 * them in the transaction that changes the rows, whatever the path (an update, a delete cascading from a
 * client): a total can never drift from the rows it sums.
 */
export class ReportTotals20261201000100 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table revenue_by_client (
      client_id integer not null,
      currency text not null,
      total_revenue numeric(18,2) not null,
      payments integer not null,
      primary key (client_id, currency))`)
    this.addSql('create index revenue_by_client_ranking on revenue_by_client (currency, total_revenue desc, client_id)')

    // Payments whose trip is not known yet count once the trip arrives (see trip_changed).
    this.addSql(`create table revenue_by_month (
      year smallint not null,
      month smallint not null,
      destination text not null,
      currency text not null,
      total_revenue numeric(18,2) not null,
      payments integer not null,
      primary key (year, month, destination, currency))`)

    this.addSql(`create table invoice_totals (
      settlement text not null,
      due_date date not null,
      currency text not null,
      invoices integer not null,
      amount numeric(18,2) not null,
      paid numeric(18,2) not null,
      primary key (settlement, due_date, currency))`)

    this.addSql(`create function count_payment (p payment, sign integer) returns void language plpgsql as $$
      declare
        trip_destination text;
      begin
        insert into revenue_by_client as r (client_id, currency, total_revenue, payments)
          values (p.client_id, p.currency, sign * p.amount, sign)
          on conflict (client_id, currency) do update
            set total_revenue = r.total_revenue + excluded.total_revenue, payments = r.payments + excluded.payments;
        delete from revenue_by_client r where r.client_id = p.client_id and r.currency = p.currency and r.payments = 0;

        select t.destination into trip_destination from trip t where t.id = p.trip_id;
        if found then
          insert into revenue_by_month as r (year, month, destination, currency, total_revenue, payments)
            values (extract(year from p.payment_date), extract(month from p.payment_date), trip_destination, p.currency, sign * p.amount, sign)
            on conflict (year, month, destination, currency) do update
              set total_revenue = r.total_revenue + excluded.total_revenue, payments = r.payments + excluded.payments;
          delete from revenue_by_month r
            where r.year = extract(year from p.payment_date) and r.month = extract(month from p.payment_date)
              and r.destination = trip_destination and r.currency = p.currency and r.payments = 0;
        end if;

        update invoice i set paid = i.paid + sign * p.amount where i.id = p.invoice_id;
      end $$`)

    this.addSql(`create function payment_changed () returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (old.amount, old.currency, old.payment_date, old.client_id, old.trip_id, old.invoice_id)
          is not distinct from (new.amount, new.currency, new.payment_date, new.client_id, new.trip_id, new.invoice_id) then
          return null;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then perform count_payment(old, -1); end if;
        if tg_op in ('INSERT', 'UPDATE') then perform count_payment(new, 1); end if;
        return null;
      end $$`)
    this.addSql('create trigger payment_totals after insert or update or delete on payment for each row execute function payment_changed()')

    this.addSql(`create function count_trip_payments (of_trip integer, trip_destination text, sign integer) returns void language plpgsql as $$
      begin
        insert into revenue_by_month as r (year, month, destination, currency, total_revenue, payments)
          select extract(year from p.payment_date), extract(month from p.payment_date), trip_destination, p.currency,
                 sign * sum(p.amount), sign * count(*)
            from payment p where p.trip_id = of_trip
            group by 1, 2, 4
          on conflict (year, month, destination, currency) do update
            set total_revenue = r.total_revenue + excluded.total_revenue, payments = r.payments + excluded.payments;
        delete from revenue_by_month r where r.destination = trip_destination and r.payments = 0;
      end $$`)

    this.addSql(`create function trip_changed () returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and old.destination = new.destination then return null; end if;
        if tg_op in ('UPDATE', 'DELETE') then perform count_trip_payments(old.id, old.destination, -1); end if;
        if tg_op in ('INSERT', 'UPDATE') then perform count_trip_payments(new.id, new.destination, 1); end if;
        return null;
      end $$`)
    this.addSql('create trigger trip_revenue after insert or update or delete on trip for each row execute function trip_changed()')

    // Payments may have arrived before their invoice.
    this.addSql(`create function invoice_paid_so_far () returns trigger language plpgsql as $$
      begin
        new.paid := coalesce((select sum(p.amount) from payment p where p.invoice_id = new.id), 0);
        return new;
      end $$`)
    this.addSql('create trigger invoice_paid before insert on invoice for each row execute function invoice_paid_so_far()')

    this.addSql(`create function count_invoice (i invoice, sign integer) returns void language plpgsql as $$
      begin
        insert into invoice_totals as t (settlement, due_date, currency, invoices, amount, paid)
          values (i.settlement, i.due_date, i.currency, sign, sign * i.amount, sign * i.paid)
          on conflict (settlement, due_date, currency) do update
            set invoices = t.invoices + excluded.invoices, amount = t.amount + excluded.amount, paid = t.paid + excluded.paid;
        delete from invoice_totals t
          where t.settlement = i.settlement and t.due_date = i.due_date and t.currency = i.currency and t.invoices = 0;
      end $$`)

    this.addSql(`create function invoice_changed () returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (old.settlement, old.due_date, old.currency, old.amount, old.paid)
          is not distinct from (new.settlement, new.due_date, new.currency, new.amount, new.paid) then
          return null;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then perform count_invoice(old, -1); end if;
        if tg_op in ('INSERT', 'UPDATE') then perform count_invoice(new, 1); end if;
        return null;
      end $$`)
    this.addSql('create trigger invoice_totals after insert or update or delete on invoice for each row execute function invoice_changed()')

    // Timestamps leave the database as ISO 8601 UTC text, the form every response gives them in.
    this.addSql(`create function iso_utc (moment timestamptz) returns text language sql stable as $$
      select to_char(moment at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    $$`)
  }
}
