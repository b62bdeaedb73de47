import { Migration } from '@travel-crm/service-kit'

/**
 * What suppliers owe the agency: one row per crm booking (from crm.booking.* events, ordered by the booking's
 * version; a deleted booking stays as a cancelled tombstone so that a late event cannot revive it), and the
 * commission payments suppliers made. The checks repeat the money rules, as for client payments.
 */
export class Commissions20261206120000 extends Migration {
  override async up (): Promise<void> {
    const audit = `
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by integer null,
      updated_by integer null,
      version integer not null default 1 check (version >= 1)`
    this.addSql(`create table commission (
      booking_id integer primary key,
      trip_id integer not null,
      supplier_id integer not null,
      currency char(3) not null,
      expected numeric(12,2) not null check (expected >= 0),
      received numeric(12,2) not null default 0 check (received >= 0),
      due_date date not null,
      cancelled boolean not null default false,
      deleted boolean not null default false,
      booking_version integer not null check (booking_version >= 1),${audit})`)
    this.addSql('create index commission_supplier_due on commission (supplier_id, due_date)')
    this.addSql('create index commission_due on commission (due_date, booking_id)')
    this.addSql(`create table commission_payment (
      id integer generated always as identity primary key,
      booking_id integer not null references commission (booking_id),
      amount numeric(12,2) not null check (amount > 0),
      received_date date not null,${audit})`)
    this.addSql('create index commission_payment_booking on commission_payment (booking_id)')
  }
}
