import { Migration } from '@travel-crm/service-kit'

/**
 * Clients, their trips and notes. Searches are substring matches in any case (`ilike '%…%'`), which only
 * trigram indexes can serve; pg_trgm is created in this schema by provisioning (persistence.extensions).
 */
export class ClientsTripsNotes20261127000000 extends Migration {
  override async up (): Promise<void> {
    const audit = `
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by integer null,
      updated_by integer null,
      version integer not null default 1 check (version >= 1)`

    this.addSql(`create table client (
      id integer generated always as identity primary key,
      name varchar(100) not null check (length(trim(name)) >= 1),
      email varchar(254) not null,
      phone varchar(30) not null,
      company varchar(100) null,${audit})`)
    this.addSql('create unique index client_email_unique on client (lower(email))')
    for (const column of ['name', 'email', 'phone', 'company']) {
      this.addSql(`create index client_${column}_trgm on client using gin (${column} gin_trgm_ops)`)
    }

    this.addSql(`create table trip (
      id integer generated always as identity primary key,
      client_id integer not null references client (id),
      destination varchar(100) not null check (length(trim(destination)) >= 1),
      start_date date not null,
      end_date date not null,
      price numeric(12,2) not null check (price >= 0),
      currency char(3) not null,
      notes text null check (length(notes) <= 5000),${audit},
      check (end_date >= start_date))`)
    this.addSql('create index trip_client_id on trip (client_id)')
    this.addSql('create index trip_start_date on trip (start_date)')
    this.addSql('create index trip_destination_trgm on trip using gin (destination gin_trgm_ops)')

    this.addSql(`create table client_note (
      id integer generated always as identity primary key,
      client_id integer not null references client (id),
      note text not null check (length(note) between 1 and 5000),${audit})`)
    this.addSql('create index client_note_client_id on client_note (client_id, id)')
  }
}
