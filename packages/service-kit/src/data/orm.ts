import { MikroORM, type Options } from '@mikro-orm/postgresql'
import { Migrator, Migration } from '@mikro-orm/migrations'
import type { MigrationObject } from '@mikro-orm/core'
import { KitIdempotency20261126010000 } from './migrations/20261126010000-kit-idempotency.js'
import { KitTables20261126000000 } from './migrations/20261126000000-kit-tables.js'

export { Migration }
export type ServiceMigration = MigrationObject

/** The kit's migrations, in order; they run before a service's own. */
const KIT_MIGRATIONS: ServiceMigration[] = [
  { name: 'KitTables20261126000000', class: KitTables20261126000000 },
  { name: 'KitIdempotency20261126010000', class: KitIdempotency20261126010000 }
]

export interface OrmOptions {
  url: string
  schema: string
  entities: NonNullable<Options['entities']>
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
