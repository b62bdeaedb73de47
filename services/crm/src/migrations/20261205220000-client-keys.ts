import { Migration } from '@travel-crm/service-kit'

/**
 * The keys that seal each client's personal fields in the stream (crypto-shredding). An erasure deletes the
 * client's rows; a key is never made again under the same id.
 */
export class ClientKeys20261205220000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table client_key (
      key_id varchar(32) primary key,
      client_id integer not null,
      key text not null,
      created_at timestamptz not null default now())`)
    this.addSql('create index client_key_by_client on client_key (client_id, created_at desc)')
  }
}
