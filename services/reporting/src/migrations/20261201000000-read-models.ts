import { Migration } from '@travel-crm/service-kit'

/**
 * The records the reports read, as the events last described them. No foreign keys: events of different
 * services arrive in any order (a payment before its trip), and a delete cascades by the ids each row carries.
 */
export class ReadModels20261201000000 extends Migration {
  override async up (): Promise<void> {
    const audit = `created_at timestamptz not null,
      updated_at timestamptz not null,
      created_by integer null,
      updated_by integer null,
      version integer not null`

    this.addSql(`create table client (
      id integer primary key,
      name text not null,
      email text not null,
      phone text not null,
      company text null,
      ${audit})`)

    this.addSql(`create table note (
      id integer primary key,
      client_id integer not null,
      note text not null,
      ${audit})`)
    this.addSql('create index note_by_client on note (client_id, id)')

    this.addSql(`create table trip (
      id integer primary key,
      client_id integer not null,
      destination text not null,
      start_date date not null,
      end_date date not null,
      price numeric(12,2) not null,
      currency text not null,
      notes text null,
      ${audit})`)
    this.addSql('create index trip_by_client on trip (client_id, id)')

    // `paid` is the sum of the payments held here, so that reports agree with revenue to the cent; whether an
    // invoice is overdue depends on the day it is asked, so only paid / open / cancelled is stored.
    this.addSql(`create table invoice (
      id integer primary key,
      trip_id integer not null,
      client_id integer not null,
      issue_date date not null,
      due_date date not null,
      amount numeric(12,2) not null,
      currency text not null,
      cancelled boolean not null,
      paid numeric(14,2) not null default 0,
      settlement text generated always as (
        case when cancelled then 'cancelled' when paid >= amount then 'paid' else 'open' end
      ) stored,
      ${audit})`)
    this.addSql('create index invoice_by_trip on invoice (trip_id)')
    this.addSql('create index invoice_by_client on invoice (client_id, trip_id, id)')
    this.addSql('create index invoice_open_by_due_date on invoice (due_date, id) where settlement = \'open\'')
    this.addSql('create index invoice_paid on invoice (id) where settlement = \'paid\'')

    this.addSql(`create table payment (
      id integer primary key,
      invoice_id integer not null,
      trip_id integer not null,
      client_id integer not null,
      amount numeric(12,2) not null,
      currency text not null,
      payment_date date not null,
      payment_method text not null,
      reference text null,
      ${audit})`)
    this.addSql('create index payment_by_invoice on payment (invoice_id)')
    this.addSql('create index payment_by_trip on payment (trip_id)')
    this.addSql('create index payment_by_client on payment (client_id, trip_id, invoice_id, id)')

    // Ids are never reused, so a deleted record stays deleted: events about it or anything under it that
    // arrive late (another replica, a slower service) are ignored instead of bringing it back.
    this.addSql(`create table removed (
      kind text not null,
      id integer not null,
      version integer not null,
      primary key (kind, id))`)
  }
}
