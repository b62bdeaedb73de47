import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { createServiceEnvironment, type ServiceEnvironment } from '@travel-crm/testkit'
import type { ServiceApp } from '../src/messaging/index.js'
import { readStream } from '@travel-crm/testkit'
import { aClientEvent, buildKitService, buildTestService } from './test-service.js'

async function adminQuery<Row extends pg.QueryResultRow> (environment: ServiceEnvironment, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: environment.databaseUrl })
  await client.connect()
  try {
    return (await client.query<Row>(sql)).rows
  } finally {
    await client.end()
  }
}

describe('createService', () => {
  let environment: ServiceEnvironment
  let app: ServiceApp

  beforeAll(async () => {
    environment = await createServiceEnvironment()
    app = await buildTestService(environment.env)
    await app.ready()
  })

  afterAll(async () => {
    await app?.close()
    await environment?.cleanup()
  })

  it('is alive and ready once its database and NATS are', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' })
    const ready = await app.inject({ method: 'GET', url: '/readyz' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', nats: 'ok' } })
  })

  it('exposes request durations, the outbox backlog and dead letters in /metrics', async () => {
    await app.inject({ method: 'GET', url: '/healthz' })
    const response = await app.inject({ method: 'GET', url: '/metrics' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toMatch(/^http_request_duration_seconds_bucket\{.*route="\/healthz".*\} \d+$/m)
    expect(response.body).toMatch(/^outbox_backlog\{service="crm"\} 0$/m)
    expect(response.body).toMatch(/^dead_letter_events\{service="crm"\} 0$/m)
    expect(response.body).toContain('# TYPE consumer_pending_events gauge')
  })

  it('answers a route it does not have with a 404 problem', async () => {
    const response = await app.inject({ method: 'GET', url: '/clients' })
    expect(response.statusCode).toBe(404)
    expect(response.headers['content-type']).toContain('application/problem+json')
  })

  it('keeps its tables, the kit tables first, in its own schema owned by its own role', async () => {
    const tables = await adminQuery<{ tablename: string, tableowner: string }>(environment, 'select tablename, tableowner from pg_tables where schemaname = \'crm\' order by tablename')
    expect(tables.map((table) => table.tablename)).toEqual(['applied_event', 'dead_letter', 'idempotency_key', 'inbox', 'mikro_orm_migrations', 'outbox'])
    expect(new Set(tables.map((table) => table.tableowner))).toEqual(new Set([`${new URL(environment.databaseUrl).pathname.slice(1)}_crm`]))
    const migrations = await adminQuery<{ name: string }>(environment, 'select name from crm.mikro_orm_migrations order by id')
    expect(migrations.map((migration) => migration.name)).toEqual(['KitTables20261126000000', 'KitIdempotency20261126010000', 'AppliedEvents20270101000000'])
  })

  it('starts replicas side by side on the same schema', async () => {
    const replicas = await Promise.all([buildTestService(environment.env), buildTestService(environment.env)])
    try {
      for (const replica of replicas) expect((await replica.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)
    } finally {
      await Promise.all(replicas.map(async (replica) => { await replica.close() }))
    }
  })

  it.each([
    ['a route the policy table does not list', 'GET', '/backdoor'],
    ['a route of another service\'s', 'GET', '/invoices'],
    ['a listed URL under a method the table does not give', 'PUT', '/clients/:id']
  ])('refuses to start with %s', async (_case, method, url) => {
    const starting = buildKitService(environment.env, {
      persistence: { entities: [], migrations: [] },
      routes: async (service) => { service.route({ method, url, handler: async () => 'open' }) }
    })
    await expect(starting).rejects.toThrow(`${method} ${url} is not in the policy table for crm`)
  })
})

describe('closing a service', () => {
  let environment: ServiceEnvironment

  beforeAll(async () => { environment = await createServiceEnvironment() })
  afterAll(async () => { await environment?.cleanup() })

  it('publishes the outbox rows written just before it closes', async () => {
    const app = await buildTestService(environment.env)
    await app.ready()
    // More than one relay batch (200): the relay loop stops after the batch it is in, the flush on close does the rest.
    await app.transact({}, async (_em, events) => {
      for (let id = 1; id <= 250; id += 1) await events.emit(aClientEvent(id))
    })
    await app.close()

    const [left] = await adminQuery<{ count: string }>(environment, 'select count(*) from crm.outbox where published_at is null')
    expect(left?.count).toBe('0')
    const stored = await readStream(environment.natsUrl, environment.stream)
    expect(stored.map((entry) => entry.event.data['id'])).toEqual(Array.from({ length: 250 }, (_, index) => index + 1))
  })
})
