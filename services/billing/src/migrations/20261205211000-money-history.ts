import { Migration } from '@travel-crm/service-kit'

/**
 * Money history: whether crm archived a trip or client (nothing new is billed on it), and every deleted
 * payment, whole, with who deleted it, when and why: money received is a fact even when its entry was a mistake.
 */
export class MoneyHistory20261205211000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('alter table trip add column archived boolean not null default false')
    this.addSql('alter table client add column archived boolean not null default false')
    this.addSql(`create table deleted_payment (
      payment_id integer primary key,
      invoice_id integer not null,
      trip_id integer not null,
      client_id integer not null,
      amount numeric(12,2) not null,
      currency char(3) not null,
      payment_date date not null,
      payment_method varchar(50) not null,
      reference varchar(100) null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      created_by integer null,
      updated_by integer null,
      version integer not null,
      deleted_by integer null,
      deleted_at timestamptz not null,
      deletion_reason text null)`)
    this.addSql('create index deleted_payment_by_invoice on deleted_payment (invoice_id)')
  }
}
