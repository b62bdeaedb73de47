import { Migration } from '@travel-crm/service-kit'

/**
 * Who erased which client's personal data, when and why (GDPR article 17 asks the agency to show it did).
 * Nothing personal: the client is its id.
 */
export class ClientErasure20261205200000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table client_erasure (
      client_id integer primary key,
      erased_at timestamptz not null,
      erased_by integer null,
      reason text not null)`)
  }
}
