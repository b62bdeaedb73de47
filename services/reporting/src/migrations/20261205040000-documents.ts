import { Migration } from '@travel-crm/service-kit'

/**
 * What the documents need beyond the reports: each invoice's number (null for events from before invoices
 * were numbered, until the invoice changes again) and the agency's details for the header, as billing
 * announces them.
 */
export class Documents20261205040000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('alter table invoice add column number text null')
    this.addSql(`create table agency (
      id integer primary key check (id = 1),
      details jsonb not null,
      version integer not null check (version >= 1))`)
  }
}
