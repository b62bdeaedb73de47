import { Migration } from '@travel-crm/service-kit'

/**
 * Bookings as crm's events last described them, for the margin reports, and commissions as billing's do, for
 * the commission report: only what the money needs. No foreign keys, as in every read model: a booking's
 * event may come before its trip's.
 */
export class MoneyReports20261205230000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table booking (
      id integer primary key,
      trip_id integer not null,
      supplier_id integer not null,
      status text not null,
      start_date date not null,
      end_date date not null,
      currency text not null,
      cost numeric(12,2) not null,
      sell_price numeric(12,2) not null,
      commission numeric(12,2) not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      created_by integer null,
      updated_by integer null,
      version integer not null)`)
    // Margins read the trips of a period by their start date.
    this.addSql('create index trip_by_start on trip (start_date, id)')
    this.addSql(`create table commission (
      id integer primary key,
      trip_id integer not null,
      supplier_id integer not null,
      currency text not null,
      expected numeric(12,2) not null,
      received numeric(12,2) not null,
      due_date date not null,
      cancelled boolean not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      created_by integer null,
      updated_by integer null,
      version integer not null)`)
    this.addSql('create index booking_by_trip on booking (trip_id, currency) include (cost, sell_price, commission) where status <> \'cancelled\'')
  }
}
