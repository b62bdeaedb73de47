import { Migration } from '@travel-crm/service-kit'

/**
 * Endpoints, the events they are to receive, and every delivery and attempt. A delivery is a row that some
 * replica's dispatcher sends. Live deliveries carry the stream sequence of their event (replicas read the stream
 * in parallel, so the order rows are written in is not stream order); replays and pings have none, and their
 * rows are written in the order they are to go.
 */
export class EndpointsDeliveries20261204120000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table endpoint (
      id integer generated always as identity primary key,
      url varchar(2000) not null,
      events jsonb not null,
      description varchar(500) null,
      enabled boolean not null default true,
      disabled_reason text null,
      failing_since timestamptz null,
      secret text not null,
      previous_secret text null,
      previous_secret_expires_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by integer null,
      updated_by integer null,
      version integer not null default 1 check (version >= 1))`)

    // One row per endpoint that a dispatcher locks (FOR UPDATE SKIP LOCKED) while it sends to that endpoint:
    // one sender per endpoint at a time keeps its order, and a killed sender's lock goes with its connection.
    // A row of its own, so that editing the endpoint never waits for a slow receiver.
    this.addSql(`create table delivery_lane (
      endpoint_id integer primary key references endpoint (id) on delete cascade)`)

    // The events as they were published, once, however many endpoints receive them.
    this.addSql(`create table event (
      id uuid primary key,
      type text not null,
      body text not null,
      received_at timestamptz not null default now())`)

    this.addSql(`create table delivery (
      id bigint generated always as identity primary key,
      endpoint_id integer not null references endpoint (id) on delete cascade,
      event_id uuid not null references event (id),
      stream_sequence bigint null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'parked')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      delivered_at timestamptz null)`)
    this.addSql(`create index delivery_pending on delivery (endpoint_id, next_attempt_at, id) where status = 'pending'`)
    this.addSql(`create index delivery_parked on delivery (endpoint_id) where status = 'parked'`)
    this.addSql('create index delivery_event on delivery (event_id)')

    this.addSql(`create table attempt (
      id bigint generated always as identity primary key,
      delivery_id bigint not null references delivery (id) on delete cascade,
      endpoint_id integer not null references endpoint (id) on delete cascade,
      attempt integer not null check (attempt >= 1),
      attempted_at timestamptz not null,
      status_code integer null,
      error text null,
      duration_ms integer not null,
      response_body text null,
      outcome text not null check (outcome in ('delivered', 'retrying', 'parked')),
      next_retry_at timestamptz null)`)
    this.addSql('create index attempt_by_endpoint on attempt (endpoint_id, id desc)')
  }
}
