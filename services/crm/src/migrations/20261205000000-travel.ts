import { Migration } from '@travel-crm/service-kit'

/**
 * What makes the CRM an agency's: where each trip stands (its status), who travels (passport numbers sealed
 * with AES-256-GCM; the key id beside each, so a re-encryption finds the rows an old key sealed), and what was
 * booked with which supplier at what cost. A trip from before is one that was sold: `booked`.
 */
export class Travel20261205000000 extends Migration {
  override async up (): Promise<void> {
    const audit = `
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by integer null,
      updated_by integer null,
      version integer not null default 1 check (version >= 1)`

    this.addSql(`alter table trip
      add column status varchar(10) not null default 'booked'
        check (status in ('inquiry', 'quoted', 'booked', 'completed', 'cancelled')),
      add column status_changed_at timestamptz null`)
    this.addSql('update trip set status_changed_at = created_at')
    this.addSql('alter table trip alter column status_changed_at set not null, alter column status_changed_at set default now()')
    this.addSql('create index trip_status on trip (status, id)')

    this.addSql(`create table traveller (
      id integer generated always as identity primary key,
      trip_id integer not null references trip (id),
      client_id integer null references client (id),
      first_name varchar(100) not null check (length(trim(first_name)) >= 1),
      last_name varchar(100) not null check (length(trim(last_name)) >= 1),
      date_of_birth date null,
      nationality char(2) null,
      passport_number_sealed text null,
      passport_key_id varchar(32) null,
      passport_expiry date null,
      lead boolean not null default false,${audit},
      check ((passport_number_sealed is null) = (passport_key_id is null)))`)
    this.addSql('create index traveller_trip_id on traveller (trip_id, id)')
    this.addSql('create index traveller_client_id on traveller (client_id) where client_id is not null')
    this.addSql('create unique index traveller_one_lead_per_trip on traveller (trip_id) where lead')
    this.addSql('create index traveller_passport_key_id on traveller (passport_key_id) where passport_key_id is not null')

    this.addSql(`create table supplier (
      id integer generated always as identity primary key,
      name varchar(100) not null check (length(trim(name)) >= 1),
      kind varchar(10) not null check (kind in ('airline', 'hotel', 'transfer', 'tour', 'insurance', 'car', 'cruise', 'other')),
      email varchar(254) null,
      phone varchar(30) null,
      default_commission_rate numeric(5,2) not null default 0 check (default_commission_rate between 0 and 100),${audit})`)
    this.addSql('create index supplier_name_trgm on supplier using gin (name gin_trgm_ops)')
    this.addSql('create index supplier_name_bigrams on supplier using gin (bigrams(lower(name)))')

    this.addSql(`create table booking (
      id integer generated always as identity primary key,
      trip_id integer not null references trip (id),
      supplier_id integer not null references supplier (id),
      kind varchar(10) not null check (kind in ('airline', 'hotel', 'transfer', 'tour', 'insurance', 'car', 'cruise', 'other')),
      description varchar(500) not null check (length(trim(description)) >= 1),
      confirmation_ref varchar(50) null,
      start_date date not null,
      end_date date not null,
      status varchar(10) not null check (status in ('pending', 'confirmed', 'cancelled')),
      currency char(3) not null,
      cost numeric(12,2) not null check (cost >= 0),
      sell_price numeric(12,2) not null check (sell_price >= 0),
      commission numeric(12,2) not null check (commission >= 0),
      commission_rate numeric(5,2) null check (commission_rate between 0 and 100),${audit},
      check (end_date >= start_date))`)
    this.addSql('create index booking_trip_id on booking (trip_id, id)')
    this.addSql('create index booking_supplier_id on booking (supplier_id)')
  }
}
