import { Migration } from '@travel-crm/service-kit'

/**
 * Invoices and payments, and the trip replica they hang on. The checks repeat the money rules so that even a
 * bug in the service cannot overpay an invoice. (This migration also made `idempotency_key` until the kit
 * took that table over in KitIdempotency20261126010000, which runs first and adopts the table where this
 * migration made it.)
 */
export class InvoicesPayments20261127100000 extends Migration {
  override async up (): Promise<void> {
    const audit = `
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by integer null,
      updated_by integer null,
      version integer not null default 1 check (version >= 1)`

    // What billing knows of crm's trips, from crm.trip.* events and crm.query.trip answers. A deleted trip
    // stays as a tombstone so that a late or replayed event cannot bring it back.
    this.addSql(`create table trip (
      id integer primary key,
      client_id integer not null,
      destination varchar(100) not null,
      currency char(3) not null,
      version integer not null check (version >= 1),
      deleted boolean not null default false)`)

    this.addSql(`create table invoice (
      id integer generated always as identity primary key,
      trip_id integer not null references trip (id),
      client_id integer not null,
      issue_date date not null,
      due_date date not null,
      amount numeric(12,2) not null check (amount > 0),
      paid_amount numeric(12,2) not null default 0 check (paid_amount >= 0),
      currency char(3) not null,
      cancelled boolean not null default false,${audit},
      check (due_date >= issue_date),
      check (paid_amount <= amount),
      check (not (cancelled and paid_amount > 0)))`)
    this.addSql('create index invoice_trip_id on invoice (trip_id)')
    this.addSql('create index invoice_client_id on invoice (client_id)')
    this.addSql('create index invoice_due_date on invoice (due_date)')

    this.addSql(`create table payment (
      id integer generated always as identity primary key,
      invoice_id integer not null references invoice (id) on delete cascade,
      payment_date date not null,
      amount numeric(12,2) not null check (amount > 0),
      payment_method varchar(50) not null check (length(trim(payment_method)) >= 1),
      reference varchar(100) null,${audit})`)
    this.addSql('create index payment_invoice_id on payment (invoice_id)')
    this.addSql('create index payment_payment_date on payment (payment_date)')
  }
}
