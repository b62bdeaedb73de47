import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { MikroORM, Options } from '@mikro-orm/postgresql'
import type { ServiceName } from '@travel-crm/contracts'
import { HTTP_LAYER, type HttpApp } from '../http/app.js'
import type { ServiceConfig } from '../http/config.js'
import { provisionServiceSchema } from './database.js'
import { createOrm, migrate, type ServiceMigration } from './orm.js'

/** What a service keeps in its schema: entities, the migrations that create them, extensions they need. */
export interface Persistence {
  entities: NonNullable<Options['entities']>
  migrations: ServiceMigration[]
  /** Postgres extensions the schema needs (created by the provisioning superuser). */
  extensions?: string[]
}

export interface DataOptions {
  service: ServiceName
  config: Pick<ServiceConfig, 'DATABASE_URL' | 'SERVICE_DB_PASSWORD' | 'DB_POOL_MAX' | 'serviceDatabaseUrl'>
  persistence: Persistence
}

export const DATA_LAYER = '@travel-crm/data'

/** What the data layer adds to an app. */
export interface DataDecorators {
  orm: MikroORM
}

export type DataApp = HttpApp & DataDecorators

async function serviceDatabase ({ service, config, persistence }: DataOptions) {
  if (config.serviceDatabaseUrl !== undefined) return { url: config.serviceDatabaseUrl, schema: service }
  return await provisionServiceSchema(config.DATABASE_URL, service, config.SERVICE_DB_PASSWORD, persistence.extensions)
}

/** `pnpm migrate`: provisions and migrates a service's schema without starting it, and says how many ran. */
export async function migrateService (options: DataOptions): Promise<string[]> {
  const database = await serviceDatabase(options)
  const orm = await createOrm({ ...database, ...options.persistence, log: (message) => { process.stdout.write(`[${options.service}] ${message}\n`) } })
  try {
    const applied = await migrate(orm, database.schema)
    process.stdout.write(`${options.service}: ${applied.length} migration(s) applied\n`)
    return applied
  } finally {
    await orm.close(true)
  }
}

/**
 * A one-off command on a service's schema, outside the service (a re-encryption with a new key): the schema is
 * provisioned and migrated first, as the service would find it, and the connection closed after.
 */
export async function runOnServiceSchema<Result> (options: DataOptions, work: (orm: MikroORM) => Promise<Result>): Promise<Result> {
  const database = await serviceDatabase(options)
  const orm = await createOrm({ ...database, ...options.persistence, log: (message) => { process.stdout.write(`[${options.service}] ${message}\n`) } })
  try {
    await migrate(orm, database.schema)
    return await work(orm)
  } finally {
    await orm.close(true)
  }
}

/**
 * The data layer: provisions the service's schema and role, migrates it (the kit's tables first), and gives the
 * app `orm`, closed when the app closes. `/readyz` checks the database.
 */
export const dataLayer = fp<DataOptions>(async (app, options) => {
  const database = await serviceDatabase(options)
  const orm = await createOrm({
    url: database.url,
    schema: database.schema,
    entities: options.persistence.entities,
    migrations: options.persistence.migrations,
    poolMax: options.config.DB_POOL_MAX,
    log: (message) => { app.log.info(message) }
  })
  try {
    await migrate(orm, database.schema)
  } catch (error) {
    await orm.close(true)
    throw error
  }
  app.decorate('orm', orm)
  app.readiness.set('database', async () => { await orm.em.fork().execute('select 1') })
  // Registered first of the layers' onClose hooks, so it runs last: the bus and relay stop before the pool closes.
  app.addHook('onClose', async () => { await orm.close(true) })
}, { name: DATA_LAYER, fastify: '5.x', dependencies: [HTTP_LAYER] })

/** The app with its data layer, typed: fails at start when a service forgot to register the layer. */
export function dataAppOf (app: FastifyInstance): DataApp {
  if (!app.hasDecorator('orm')) throw new Error(`${DATA_LAYER} must be registered before this plugin`)
  return app as unknown as DataApp
}
