import { Migration } from '@travel-crm/service-kit'

/**
 * Billing's word that an invoice is overdue (`billing.invoice.overdue`), beside the reading date: billing's
 * clock may pass an installment's due date before reporting's does.
 *
 * `overdue_since` is the due date of the latest installment billing announced as overdue. It counts while the
 * invoice's next unpaid due date is that one or an earlier one: once a payment covers the installment, or its
 * due date moves later, the invoice's `due_date` passes it and the word no longer holds, whatever order the
 * events came in. `judged_due_date` is the date the overdue rule compares with today: the due date, or
 * -infinity (overdue on any day) while billing's word holds. The totals are grouped by it, so the summary
 * reads its amounts from `invoice_totals` as before, and the lists read an index of it the way they read
 * `invoice_open_by_due_date` before.
 */
export class OverdueEvents20261206030000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('alter table invoice add column overdue_since date null')
    this.addSql(`alter table invoice add column judged_due_date date generated always as (
      case when overdue_since >= due_date then '-infinity'::date else due_date end) stored not null`)
    this.addSql('create index invoice_open_by_judged_due_date on invoice (judged_due_date, id) where settlement = \'open\'')

    // As in ReportTotals20261201000100, with the judged due date as the group's date; every row so far has
    // no overdue_since, so the groups already stored are the same.
    this.addSql(`create or replace function count_invoice (i invoice, sign integer) returns void language plpgsql as $$
      begin
        insert into invoice_totals as t (settlement, due_date, currency, invoices, amount, paid)
          values (i.settlement, i.judged_due_date, i.currency, sign, sign * i.amount, sign * i.paid)
          on conflict (settlement, due_date, currency) do update
            set invoices = t.invoices + excluded.invoices, amount = t.amount + excluded.amount, paid = t.paid + excluded.paid;
        delete from invoice_totals t
          where t.settlement = i.settlement and t.due_date = i.judged_due_date and t.currency = i.currency and t.invoices = 0;
      end $$`)
    this.addSql(`create or replace function invoice_changed () returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (old.settlement, old.judged_due_date, old.currency, old.amount, old.paid)
          is not distinct from (new.settlement, new.judged_due_date, new.currency, new.amount, new.paid) then
          return null;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then perform count_invoice(old, -1); end if;
        if tg_op in ('INSERT', 'UPDATE') then perform count_invoice(new, 1); end if;
        return null;
      end $$`)
  }
}
