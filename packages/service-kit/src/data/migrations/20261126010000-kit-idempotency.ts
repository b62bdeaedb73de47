import { Migration } from '@mikro-orm/migrations'

/**
 * Remembered answers to POSTs sent with an `Idempotency-Key` (messaging/idempotency.ts), for every service.
 * `if not exists`: a schema that made this very table before the kit owned it keeps its own.
 */
export class KitIdempotency20261126010000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table if not exists idempotency_key (
      key varchar(255) primary key,
      fingerprint char(64) not null,
      status_code integer null,
      response_body text null,
      response_headers jsonb not null default '{}',
      created_at timestamptz not null default now())`)
    this.addSql('create index if not exists idempotency_key_created_at on idempotency_key (created_at)')
  }
}
