import { Migration } from '@travel-crm/service-kit'

/**
 * Installments: what of an invoice is due on which day, in the order payments fill them (`position`, oldest
 * first). What each has been paid is not stored: it follows from the invoice's paid_amount, so a payment can
 * never leave the two disagreeing. Every invoice so far gets its one installment; from now on `invoice.due_date`
 * holds the next unpaid installment's due date, which for one installment is the date it had.
 * The trip replica learns the trip's first day, which a payment schedule counts back from.
 */
export class Installments20261206100000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table installment (
      invoice_id integer not null references invoice (id) on delete cascade,
      position smallint not null check (position >= 0),
      due_date date not null,
      amount numeric(12,2) not null check (amount > 0),
      primary key (invoice_id, position))`)
    this.addSql('insert into installment (invoice_id, position, due_date, amount) select id, 0, due_date, amount from invoice')
    this.addSql('alter table trip add column start_date date null')
  }
}
