import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { EntitySchema, MikroORM } from '@mikro-orm/postgresql'
import { Type, type Static, type TObject, type TProperties } from 'typebox'
import type { ServiceName } from '@travel-crm/contracts'
import { registerApiDocument } from './api-document.js'
import { enforcePolicy, type TokenVerifier } from './authorization.js'
import { BaseConfig, loadConfig } from './config.js'
import { DurableConsumer, type ConsumerOptions } from './consumer.js'
import { provisionServiceSchema } from './database.js'
import { createHttpApp } from './http.js'
import { purgeExpiredKeysHourly } from './idempotency-keys.js'
import { connectBus, type Bus } from './nats.js'
import { createOrm, migrate, type ServiceMigration } from './orm.js'
import { OutboxRelay, type EventOrigin } from './outbox.js'
import { createAccessTokenVerifier, remoteKeyResolver } from './tokens.js'
import { unitOfWork, type UnitOfWork } from './unit-of-work.js'

export const DEFAULT_PORTS: Record<ServiceName | 'gateway', number> = { gateway: 3000, auth: 3001, crm: 3002, billing: 3003, reporting: 3004, webhooks: 3005 }

/**
 * The base configuration plus `<SERVICE>_PORT` and an optional `<SERVICE>_DATABASE_URL` (a role a DBA
 * provisioned; without it the service provisions its own from `DATABASE_URL`).
 */
export function loadServiceConfig<Extra extends TProperties> (service: ServiceName, extra: Extra, env: NodeJS.ProcessEnv = process.env) {
  const prefix = service.toUpperCase()
  const config = loadConfig({
    ...BaseConfig,
    ...extra,
    [`${prefix}_PORT`]: Type.Integer({ minimum: 1, maximum: 65535, default: DEFAULT_PORTS[service] }),
    [`${prefix}_DATABASE_URL`]: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' }))
  }, env) as Static<TObject<typeof BaseConfig & Extra>> & Record<string, unknown>
  return {
    ...config,
    port: config[`${prefix}_PORT`] as number,
    serviceDatabaseUrl: config[`${prefix}_DATABASE_URL`] as string | undefined
  }
}

export type ServiceConfig = ReturnType<typeof loadServiceConfig<Record<never, never>>>

/** What a service keeps in its schema: entities, the migrations that create them, extensions they need. */
export interface Persistence {
  entities: EntitySchema<any, any>[]
  migrations: ServiceMigration[]
  /** Postgres extensions the schema needs (created by the provisioning superuser). */
  extensions?: string[]
}

export interface ServiceDefinition {
  name: ServiceName
  config: ServiceConfig
  persistence: Persistence
  consumers?: ConsumerOptions[]
  /** How tokens are verified; by default with auth's JWKS at `AUTH_URL`. */
  verifier?: TokenVerifier
  routes: (app: ServiceApp) => Promise<void>
  /** Work to do before the app serves, after the database and the bus are ready (bootstrap admin, keys). */
  onReady?: (app: ServiceApp) => Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    orm: MikroORM
    bus: Bus
    relay: OutboxRelay
    /** One transaction for a change and its events (see unit-of-work.ts). */
    transact: UnitOfWork
  }
}

export type ServiceApp = FastifyInstance

/** The origin of the events a request causes: who, which request, which trace. */
export function originOf (request: FastifyRequest): EventOrigin {
  const traceparent = request.headers['traceparent']
  return {
    actorId: request.actor === undefined ? undefined : String(request.actor.id),
    requestId: request.id,
    traceparent: typeof traceparent === 'string' ? traceparent : undefined
  }
}

async function serviceDatabase (name: ServiceName, config: ServiceConfig, persistence: Persistence) {
  if (config.serviceDatabaseUrl !== undefined) return { url: config.serviceDatabaseUrl, schema: name }
  return await provisionServiceSchema(config.DATABASE_URL, name, config.SERVICE_DB_PASSWORD, persistence.extensions)
}

/** `pnpm migrate`: provisions and migrates a service's schema without starting it. */
export async function migrateService (name: ServiceName, config: ServiceConfig, persistence: Persistence): Promise<string[]> {
  const database = await serviceDatabase(name, config, persistence)
  const orm = await createOrm({ ...database, ...persistence, log: (message) => { process.stdout.write(`[${name}] ${message}\n`) } })
  try {
    return await migrate(orm, database.schema)
  } finally {
    await orm.close(true)
  }
}

/**
 * Builds a service: provisions and migrates its schema, connects to NATS, starts the outbox relay and its
 * consumers, and registers its routes under the policy table. Nothing listens yet: `main.ts` does that.
 */
export async function createService (definition: ServiceDefinition): Promise<ServiceApp> {
  const { config, name } = definition
  const database = await serviceDatabase(name, config, definition.persistence)
  let bus: Bus | undefined
  const app = createHttpApp({
    service: name,
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    readiness: {
      database: async () => { await orm.em.fork().execute('select 1') },
      nats: async () => { if (bus === undefined || bus.nc.isClosed()) throw new Error('not connected'); await bus.nc.flush() }
    },
    beforeMetricsScrape: async () => {
      app.metrics.outboxBacklog.set(await app.relay.backlog())
      const [row] = await orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from dead_letter')
      app.metrics.deadLetters.set(Number(row?.count ?? 0))
    }
  })
  const orm = await createOrm({
    url: database.url,
    schema: database.schema,
    entities: definition.persistence.entities,
    migrations: definition.persistence.migrations,
    poolMax: definition.config.DB_POOL_MAX,
    log: (message) => { app.log.info(message) }
  })
  try {
    await migrate(orm, database.schema)
    bus = await connectBus({ url: config.NATS_URL, stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX, name, logger: app.log })
    const relay = new OutboxRelay(orm, bus, app.log, app.metrics)
    const transact = unitOfWork(orm, name, relay)
    app.decorate('orm', orm)
    app.decorate('bus', bus)
    app.decorate('relay', relay)
    app.decorate('transact', transact)

    const verifier = definition.verifier ?? createAccessTokenVerifier({
      keys: remoteKeyResolver(new URL('/.well-known/jwks.json', config.AUTH_URL).toString()),
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE
    })
    enforcePolicy(app, name, verifier)
    await registerApiDocument(app, name)
    await definition.routes(app)
    await definition.onReady?.(app)

    const consumers = (definition.consumers ?? []).map((options) => new DurableConsumer(orm, bus as Bus, app.log, app.metrics, options, transact))
    let stopKeyPurge: (() => void) | undefined
    app.addHook('onReady', async () => {
      relay.start()
      stopKeyPurge = await purgeExpiredKeysHourly(orm, app.log)
      for (const consumer of consumers) await consumer.start()
    })
    // Runs after the server stopped taking requests and in-flight ones finished.
    app.addHook('onClose', async () => {
      stopKeyPurge?.()
      for (const consumer of consumers) await consumer.stop()
      await relay.stop()
      await bus?.close()
      await orm.close(true)
    })
    return app
  } catch (error) {
    await bus?.close()
    await orm.close(true)
    await app.close()
    throw error
  }
}
