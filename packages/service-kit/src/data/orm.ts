import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { MikroORM, type Options } from '@mikro-orm/postgresql'
import type { Migration as MikroMigration } from '@mikro-orm/migrations'
import type { MigrationObject } from '@mikro-orm/core'

/**
 * The migrations' base class, from its own file: the package's entry point loads the migrator with it (umzug,
 * its command line, ajv, about 5 MB of a process's heap), which a process starting on a migrated schema never
 * uses. The package lists only its entry point, so the file is found beside it.
 */
const require = createRequire(import.meta.url)
const migrationsEntry = require.resolve('@mikro-orm/migrations')
export const Migration = (require(join(dirname(migrationsEntry), 'Migration.js')) as { Migration: typeof MikroMigration }).Migration
export type Migration = MikroMigration
export type ServiceMigration = MigrationObject

/**
 * The kit's migrations, in order; they run before a service's own. Each is imported only to run it: their files
 * import the migrator's package entry point, which a process on a migrated schema does without.
 */
const KIT_MIGRATIONS: Array<{ name: string, load: () => Promise<ServiceMigration['class']> }> = [
  { name: 'KitTables20261126000000', load: async () => (await import('./migrations/20261126000000-kit-tables.js')).KitTables20261126000000 },
  { name: 'KitIdempotency20261126010000', load: async () => (await import('./migrations/20261126010000-kit-idempotency.js')).KitIdempotency20261126010000 }
]

/** Each ORM's service migrations, after the kit's (`migrate` puts the two lists together). */
const serviceMigrations = new WeakMap<MikroORM, ServiceMigration[]>()

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
    migrations: {
      migrationsList: [],
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
  const orm = await MikroORM.init(config)
  serviceMigrations.set(orm, options.migrations)
  return orm
}

/** The names of the migrations the schema has not run yet, read with one plain query (no migrator). */
async function pendingMigrations (orm: MikroORM, schema: string): Promise<string[]> {
  const wanted = [...KIT_MIGRATIONS, ...serviceMigrations.get(orm) ?? []].map((migration) => migration.name)
  let applied: Array<{ name: string }>
  try {
    applied = await orm.em.fork().execute(`select name from "${schema.replace(/"/g, '""')}".mikro_orm_migrations`)
  } catch (error) {
    // 42P01 undefined_table: a new schema, where every migration is still to run.
    if ((error as { code?: string }).code === '42P01') return wanted
    throw error
  }
  const done = new Set(applied.map((row) => row.name))
  return wanted.filter((name) => !done.has(name))
}

/**
 * Runs pending migrations; replicas starting together wait for each other on an advisory lock. The migrator is
 * loaded only when a migration is pending: a restart on a migrated schema costs one query.
 */
export async function migrate (orm: MikroORM, schema: string): Promise<string[]> {
  if ((await pendingMigrations(orm, schema)).length === 0) return []
  const kit = await Promise.all(KIT_MIGRATIONS.map(async ({ name, load }) => ({ name, class: await load() })))
  orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList: [...kit, ...serviceMigrations.get(orm) ?? []] })
  const { Migrator } = await import('@mikro-orm/migrations')
  Migrator.register(orm)
  return await orm.em.fork().transactional(async (em) => {
    // Held by this transaction's connection while the migrator works on its own.
    await em.execute('SELECT pg_advisory_xact_lock(hashtext(?))', [`travel-crm:migrate:${schema}`])
    const applied = await orm.getMigrator().up()
    return applied.map((migration) => migration.name)
  })
}
