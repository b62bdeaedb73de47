import { Migration } from '@mikro-orm/migrations'

/** Outbox, inbox and dead-letter tables: every service gets them, in its own schema, before its own tables. */
export class KitTables20261126000000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table outbox (
      position bigserial primary key,
      id uuid not null unique,
      subject text not null,
      envelope jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz null)`)
    this.addSql('create index outbox_unpublished on outbox (position) where published_at is null')
    this.addSql(`create table inbox (
      consumer text not null,
      event_id uuid not null,
      subject text not null,
      applied_at timestamptz not null default now(),
      primary key (consumer, event_id))`)
    this.addSql(`create table dead_letter (
      id bigserial primary key,
      consumer text not null,
      subject text not null,
      event_id text null,
      payload text not null,
      error text not null,
      deliveries integer not null,
      failed_at timestamptz not null default now())`)
  }
}
