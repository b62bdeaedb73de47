import { Migration } from '@travel-crm/service-kit'

/**
 * The audit trail: one entry per event, with who, when, which request and which fields changed from what to
 * what. `audit_record` is each record as its last event described it, to tell what the next one changed.
 */
export class AuditTrail20261205210000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table audit_entry (
      id bigserial primary key,
      event_id uuid not null unique,
      at timestamptz not null,
      entity text not null,
      entity_id integer not null,
      action text not null,
      actor_id integer null,
      request_id text null,
      client_id integer null,
      reason text null,
      changes jsonb not null)`)
    this.addSql('create index audit_entry_by_record on audit_entry (entity, entity_id, at desc, id desc)')
    this.addSql('create index audit_entry_by_actor on audit_entry (actor_id, at desc, id desc) where actor_id is not null')
    this.addSql('create index audit_entry_by_client on audit_entry (client_id, at desc, id desc) where client_id is not null')
    this.addSql('create index audit_entry_by_time on audit_entry (at desc, id desc)')
    this.addSql(`create table audit_record (
      entity text not null,
      entity_id integer not null,
      client_id integer null,
      record jsonb not null,
      primary key (entity, entity_id))`)
  }
}
