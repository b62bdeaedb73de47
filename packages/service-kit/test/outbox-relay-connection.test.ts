import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { createServiceEnvironment, readStream, type ServiceEnvironment } from '@travel-crm/testkit'
import { OutboxRelay, relayConnectionConfig, takeBatchQuery, type ServiceApp } from '../src/messaging/index.js'
import { aClientEvent, buildTestService, waitFor } from './test-service.js'

async function publishedSubjects (environment: ServiceEnvironment): Promise<string[]> {
  return (await readStream(environment.natsUrl, environment.stream)).map((entry) => entry.event.subject)
}

describe('the outbox relay on its own connection', () => {
  let environment: ServiceEnvironment
  let app: ServiceApp
  let admin: pg.Client

  beforeAll(async () => {
    environment = await createServiceEnvironment()
    app = await buildTestService({ ...environment.env, DB_POOL_MAX: '2' })
    await app.ready()
    admin = new pg.Client({ connectionString: environment.databaseUrl })
    await admin.connect()
  })

  afterAll(async () => {
    await admin?.end()
    await app?.close()
    await environment?.cleanup()
  })

  it('publishes a committed event while every pooled connection is busy with requests', async () => {
    await app.transact({}, async (_em, events) => { await events.emit(aClientEvent(1)) })
    await waitFor('the first event', async () => (await publishedSubjects(environment)).includes('client/1'))

    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => { release = resolve })
    // Two requests hold both connections of the pool; the third commits its event and queues for none.
    const held = [1, 2].map(async () => { await app.orm.em.fork().transactional(async (em) => { await em.execute('select 1'); await gate }) })
    try {
      const schema = app.orm.config.get('schema') ?? ''
      await admin.query(`insert into "${schema}".outbox (id, subject, envelope) values (gen_random_uuid(), 'crm.client.created', $1::jsonb)`, [
        JSON.stringify({ specversion: '1.0', id: '00000000-0000-4000-8000-000000000002', source: 'travel-crm/crm', type: 'crm.client.created', subject: 'client/2', data: {} })
      ])
      app.relay.wake()
      // Far below the pool's 5 s acquire timeout: a relay in the pool's queue would still be waiting.
      await waitFor('the event to leave while the pool is held', async () => (await publishedSubjects(environment)).includes('client/2'), 2000)
    } finally {
      release()
      await Promise.all(held)
    }
  })

  it('opens a new connection after the server dropped its own', async () => {
    const { rowCount } = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name like \'% outbox relay\'')
    expect(rowCount).toBe(1)
    await app.transact({}, async (_em, events) => { await events.emit(aClientEvent(3)) })
    await waitFor('the event after the relay reconnected', async () => (await publishedSubjects(environment)).includes('client/3'), 10_000)
    expect(await app.relay.backlog()).toBe(0)
  })

  it('wakes the relay of another replica when a commit writes outbox rows, long before its poll', async () => {
    // This process's relay stops; the other replica's relay polls once a minute and has just found nothing.
    await app.relay.stop()
    const replica = new OutboxRelay(app.orm, app.bus, app.log, undefined, { idleMs: 60_000 })
    replica.start()
    try {
      await waitFor('the other relay to finish its first pass', async () => {
        const { rows } = await admin.query('select 1 from pg_stat_activity where datname = current_database() and application_name like \'% outbox relay\' and state = \'idle\' and query = \'commit\'')
        return rows.length === 1
      })
      await app.transact({}, async (_em, events) => { await events.emit(aClientEvent(4)) })
      await waitFor('the event to leave by the other replica', async () => (await publishedSubjects(environment)).includes('client/4'), 5000)
    } finally {
      await replica.stop()
    }
  })

  it('takes a batch through the unpublished index alone, however many rows were published since the last vacuum', async () => {
    const schema = app.orm.config.get('schema') ?? ''
    // 3,000 rows written unpublished and marked published in one transaction, so that no relay takes them: each
    // leaves a dead entry in the partial index of unpublished rows, as every event the relay publishes does.
    await admin.query(`begin;
      insert into "${schema}".outbox (id, subject, envelope) select gen_random_uuid(), 'crm.client.updated', jsonb_build_object('pad', repeat('x', 900)) from generate_series(1, 3000);
      update "${schema}".outbox set published_at = now() where published_at is null;
      commit`)
    const relay = new pg.Client(relayConnectionConfig(environment.databaseUrl, schema))
    await relay.connect()
    try {
      const pagesRead = async (): Promise<{ plan: string, pages: number }> => {
        await relay.query('begin')
        const { rows } = await relay.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>(`explain (analyze, buffers, format json) ${takeBatchQuery(200)}`)
        await relay.query('rollback')
        const plan = rows[0]?.['QUERY PLAN'][0]?.Plan ?? {}
        return { plan: JSON.stringify(plan), pages: Number(plan['Shared Hit Blocks']) + Number(plan['Shared Read Blocks']) }
      }
      // A take passes the dead entries and marks them once no transaction may still see their rows; from then on a
      // take reads a few pages, where a bitmap scan read all 3,000 rows' pages (about 430) on every take until a
      // vacuum. A transaction of the service's own relay that began before the rows' commit (a busy machine: CI of
      // 9088ff2 read 386 pages twice in a row) holds that back, and the take's connection judges it again only
      // once a later transaction has committed a write, as every payment does in service: here the admin's.
      const { plan } = await pagesRead()
      expect(plan).toContain('"Index Name":"outbox_unpublished"')
      expect(plan).not.toContain('Bitmap')
      await expect.poll(async () => {
        await admin.query('select txid_current()')
        return (await pagesRead()).pages
      }, { timeout: 10_000, interval: 200 }).toBeLessThan(40)
    } finally {
      await relay.end()
    }
  })
})
