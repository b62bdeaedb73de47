import { Migration } from '@travel-crm/service-kit'

/**
 * What the departures report needs beside trips, invoices and bookings: the travellers of each trip (never a
 * passport number, only whether there is one and when it expires), the suppliers' names, and what a booking
 * is. Rows stored before this migration have no booking kind or description: `pnpm --filter reporting
 * rebuild` fills them in.
 */
export class Departures20261206020000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table traveller (
      id integer primary key,
      trip_id integer not null,
      client_id integer null,
      first_name text not null,
      last_name text not null,
      has_passport_number boolean not null,
      passport_expiry date null,
      lead boolean not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      created_by integer null,
      updated_by integer null,
      version integer not null)`)
    this.addSql('create index traveller_by_trip on traveller (trip_id, id)')
    this.addSql(`create table supplier (
      id integer primary key,
      name text not null,
      kind text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      created_by integer null,
      updated_by integer null,
      version integer not null)`)
    this.addSql('alter table booking add column kind text null, add column description text null')
    // The departures report lists each trip's bookings still waiting for the supplier.
    this.addSql('create index booking_pending_by_trip on booking (trip_id, start_date, id) where status = \'pending\'')
  }
}
