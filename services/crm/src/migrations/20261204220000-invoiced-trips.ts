import { Migration } from '@travel-crm/service-kit'

/** Which trips billing has invoiced, from its events: a trip's currency is fixed once it has an invoice. */
export class InvoicedTrips20261204220000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('create table invoiced_trip (invoice_id integer primary key, trip_id integer not null)')
    this.addSql('create index invoiced_trip_by_trip on invoiced_trip (trip_id)')
  }
}
