import { Migration } from '@travel-crm/service-kit'

/**
 * The reminders billing has sent: one row per installment, kind and due date, written in the transaction that
 * puts the reminder's event in the outbox. Its key is the claim: a second replica, or a run after a crash,
 * finds the row and sends nothing; a run that died before committing left no row, so nothing is skipped.
 * A changed due date is a new key, so the installment is reminded of again.
 */
export class InvoiceReminders20261206110000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table invoice_reminder (
      invoice_id integer not null references invoice (id) on delete cascade,
      position smallint not null,
      kind varchar(10) not null check (kind in ('due_soon', 'overdue')),
      due_date date not null,
      sent_on date not null,
      primary key (invoice_id, position, kind, due_date))`)
  }
}
