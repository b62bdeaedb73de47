import { Migration } from '@travel-crm/service-kit'

/**
 * Money history: clients and trips are archived rather than deleted once money was received on them, and
 * crm keeps, from billing's events, which payments were received on which trip (it cannot read billing's
 * tables) so that it can refuse such a delete without asking billing.
 */
export class MoneyHistory20261205211000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('alter table client add column archived_at timestamptz null')
    this.addSql('alter table trip add column archived_at timestamptz null')
    this.addSql(`create table received_payment (
      payment_id integer primary key,
      invoice_id integer not null,
      trip_id integer not null)`)
    this.addSql('create index received_payment_by_trip on received_payment (trip_id)')
  }
}
