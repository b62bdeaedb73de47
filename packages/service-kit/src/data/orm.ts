import { MikroORM, type EntitySchema, type Options } from '@mikro-orm/postgresql'
import { Migrator, Migration } from '@mikro-orm/migrations'
import type { MigrationObject } from '@mikro-orm/core'

export { Migration }
export type MigrationClass = MigrationObject['class']
export type ServiceMigration = MigrationObject

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

/**
 * Remembered answers to POSTs sent with an `Idempotency-Key` (idempotency.ts), for every service. Billing
 * made this very table in its own first migration before the kit owned it: `if not exists` adopts that one.
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

/** The kit's migrations, in order; they run before a service's own. */
const KIT_MIGRATIONS: ServiceMigration[] = [
  { name: 'KitTables20261126000000', class: KitTables20261126000000 },
  { name: 'KitIdempotency20261126010000', class: KitIdempotency20261126010000 }
]

export interface OrmOptions {
  url: string
  schema: string
  entities: EntitySchema<any, any>[]
  migrations: ServiceMigration[]
  poolMax?: number
  /** Where the ORM's own messages (migrations applied, warnings) go. */
  log: (message: string) => void
}

export async function createOrm (options: OrmOptions): Promise<MikroORM> {
  const config: Options = {
    clientUrl: options.url,
    schema: options.schema,
    entities: options.entities,
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      migrationsList: [...KIT_MIGRATIONS, ...options.migrations],
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false
    },
    pool: { min: 0, max: options.poolMax ?? 10, acquireTimeoutMillis: 5000, idleTimeoutMillis: 30_000 },
    // The role's search path is set by provisioning; it is set here too for roles a DBA made.
    driverOptions: { connection: { options: `-c search_path=${options.schema}`, connectionTimeoutMillis: 5000 } },
    allowGlobalContext: false,
    logger: options.log,
    colors: false
  }
  return await MikroORM.init(config)
}

/** Runs pending migrations; replicas starting together wait for each other on an advisory lock. */
export async function migrate (orm: MikroORM, schema: string): Promise<string[]> {
  return await orm.em.fork().transactional(async (em) => {
    // Held by this transaction's connection while the migrator works on its own.
    await em.execute('SELECT pg_advisory_xact_lock(hashtext(?))', [`travel-crm:migrate:${schema}`])
    const applied = await orm.getMigrator().up()
    return applied.map((migration) => migration.name)
  })
}
