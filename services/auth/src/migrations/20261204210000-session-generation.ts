import { Migration } from '@travel-crm/service-kit'

export class SessionGeneration20261204210000 extends Migration {
  override async up (): Promise<void> {
    // Tokens issued before this column existed carry no generation and count as generation 0.
    this.addSql('alter table users add column session_generation integer not null default 0')
  }
}
