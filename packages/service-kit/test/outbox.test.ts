import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { jetstream } from '@nats-io/jetstream'
import { CloudEvent } from '@travel-crm/contracts'
import { createServiceEnvironment, type ServiceEnvironment } from '@travel-crm/testkit'
import { OutboxRelay, type ServiceApp } from '../src/messaging/index.js'
import { readStream } from '@travel-crm/testkit'
import { aClientEvent, buildTestService, waitFor } from './test-service.js'

async function count (app: ServiceApp, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.orm.em.fork().execute<Array<{ count: string }>>(sql, params)
  return Number(row?.count ?? 0)
}

async function published (app: ServiceApp): Promise<void> {
  await waitFor('the outbox to drain', async () => await app.relay.backlog() === 0)
}

describe('transactional outbox', () => {
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

  it('publishes a committed event as a CloudEvent with its id as Nats-Msg-Id', async () => {
    await app.transact({ actorId: '7', requestId: 'request-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, async (_em, events) => {
      await events.emit(aClientEvent(1))
    })
    await published(app)
    const [stored] = (await readStream(environment.natsUrl, environment.stream)).filter((entry) => entry.event.subject === 'client/1')
    expect(stored).toBeDefined()
    expect(Value.Check(CloudEvent, stored?.event)).toBe(true)
    expect(stored?.subject).toBe(`${environment.subjectPrefix}crm.client.created`)
    expect(stored?.msgId).toBe(stored?.event.id)
    expect(stored?.event).toMatchObject({
      source: 'travel-crm/crm',
      type: 'crm.client.created',
      actorid: '7',
      requestid: 'request-1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      data: { id: 1, name: 'Client 1', version: 1 }
    })
  })

  it('never publishes an event whose transaction rolled back, nor keeps the change', async () => {
    const work = app.transact({}, async (em, events) => {
      await em.execute('insert into applied_event (event_id, subject, about) values (?, \'crm.client.created\', \'client/2\')', [randomUUID()])
      await events.emit(aClientEvent(2))
      throw new Error('the change broke a rule after its event was written')
    })
    await expect(work).rejects.toThrow('broke a rule')
    expect(await count(app, 'select count(*) from outbox where envelope->>\'subject\' = \'client/2\'')).toBe(0)
    expect(await count(app, 'select count(*) from applied_event where about = \'client/2\'')).toBe(0)

    // A later event passing through shows the relay had its chance to publish the first one.
    await app.transact({}, async (_em, events) => { await events.emit(aClientEvent(3)) })
    await published(app)
    const about = (await readStream(environment.natsUrl, environment.stream)).map((entry) => entry.event.subject)
    expect(about).toContain('client/3')
    expect(about).not.toContain('client/2')
  })

  it('keeps nothing of a unit whose last statement fails, and gives its connection back to the pool', async () => {
    const failing = async (): Promise<void> => {
      await app.transact({}, async (em, events) => {
        await em.execute('insert into applied_event (event_id, subject, about) values (?, \'crm.client.created\', \'client/4\')', [randomUUID()])
        await events.emit(aClientEvent(4))
      }, {
        // Sent with the outbox rows, after the work: its null breaks the column's rule there, at the very end.
        lastWrite: () => ({ sql: 'insert into applied_event (event_id, subject, about) values (null, \'crm.client.created\', \'client/4\')', params: [] })
      })
    }
    // More units than the pool holds connections (10): one kept in its transaction would leave the last ones waiting
    // for a connection until the pool's 5 s acquire timeout.
    for (let unit = 0; unit < 12; unit += 1) await expect(failing()).rejects.toThrow(/not-null|null value/i)
    expect(await count(app, 'select count(*) from outbox where envelope->>\'subject\' = \'client/4\'')).toBe(0)
    expect(await count(app, 'select count(*) from applied_event where about = \'client/4\'')).toBe(0)
    await app.transact({}, async (em) => {
      await em.execute('insert into applied_event (event_id, subject, about) values (?, \'crm.client.created\', \'client/5\')', [randomUUID()])
    })
    expect(await count(app, 'select count(*) from applied_event where about = \'client/5\'')).toBe(1)
  }, 30_000)

  it('publishes events in the order they were written', async () => {
    await app.transact({}, async (_em, events) => {
      for (let id = 100; id < 110; id += 1) await events.emit(aClientEvent(id, 'crm.client.updated'))
    })
    await published(app)
    const ids = (await readStream(environment.natsUrl, environment.stream))
      .filter((entry) => entry.event.type === 'crm.client.updated')
      .map((entry) => entry.event.data['id'])
    expect(ids).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109])
  })

  describe('with several relays on one outbox', () => {
    let observer: NatsConnection

    beforeAll(async () => { observer = await connect({ servers: environment.natsUrl }) })
    afterAll(async () => { await observer?.close() })

    it('never lets two relays publish the same row', async () => {
      // A core subscription sees every publish, duplicates included, before the stream deduplicates them.
      const publishes: string[] = []
      const subscription = observer.subscribe(`${environment.subjectPrefix}crm.note.>`, {
        callback: (_error, message) => { publishes.push(message.headers?.get('Nats-Msg-Id') ?? 'no id') }
      })
      await observer.flush()
      const relays = [1, 2, 3].map(() => new OutboxRelay(app.orm, app.bus, app.log, undefined, { batchSize: 7, idleMs: 5 }))
      for (const relay of relays) relay.start()
      try {
        await Promise.all(Array.from({ length: 24 }, async (_, transaction) => {
          await app.transact({}, async (_em, events) => {
            for (let n = 0; n < 5; n += 1) {
              await events.emit({ subject: 'crm.note.created', about: `note/${transaction * 5 + n}`, data: { id: transaction * 5 + n, version: 1 } })
            }
          })
        }))
        await published(app)
      } finally {
        await Promise.all(relays.map(async (relay) => { await relay.stop() }))
      }
      await observer.flush()
      subscription.unsubscribe()

      expect(publishes.length).toBe(120)
      expect(new Set(publishes).size).toBe(120)
      const stored = (await readStream(environment.natsUrl, environment.stream)).filter((entry) => entry.event.type === 'crm.note.created')
      expect(stored.length).toBe(120)
      expect(new Set(stored.map((entry) => entry.msgId)).size).toBe(120)
      expect(await count(app, 'select count(*) from outbox where subject = \'crm.note.created\' and published_at is null')).toBe(0)
    })

    it('lets the stream drop a row published again after a crash before it was marked', async () => {
      await app.transact({}, async (_em, events) => { await events.emit(aClientEvent(500, 'crm.client.deleted')) })
      await published(app)
      // The relay crashed between the PubAck and marking the row: the row looks unpublished again.
      await app.orm.em.fork().execute('update outbox set published_at = null where envelope->>\'subject\' = \'client/500\'')
      const republished = await app.relay.publishBatch()
      expect(republished).toBe(1)
      const stored = (await readStream(environment.natsUrl, environment.stream)).filter((entry) => entry.event.subject === 'client/500')
      expect(stored.length).toBe(1)

      const ack = await jetstream(observer).publish(stored[0]?.subject ?? '', JSON.stringify(stored[0]?.event), { msgID: stored[0]?.msgId ?? '' })
      expect(ack.duplicate).toBe(true)
      expect(ack.seq).toBe(stored[0]?.seq)
    })
  })
})

describe('an outbox row that cannot be published', () => {
  let environment: ServiceEnvironment
  let app: ServiceApp

  beforeAll(async () => {
    environment = await createServiceEnvironment()
    // Not made ready: its relay does not run, the test drives publishBatch itself.
    app = await buildTestService(environment.env)
  })

  afterAll(async () => {
    await app?.close()
    await environment?.cleanup()
  })

  it('marks every row the stream acknowledged, and keeps the one that failed for a later pass', async () => {
    for (const id of [1, 2, 3]) await app.transact({}, async (_em, events) => { await events.emit(aClientEvent(id)) })
    // A subject outside the stream: NATS answers "no responders", as it would for any failed publish.
    await app.orm.em.fork().execute('insert into outbox (id, subject, envelope) values (?, \'nowhere.at.all\', \'{}\')', [randomUUID()])
    for (const id of [4, 5]) await app.transact({}, async (_em, events) => { await events.emit(aClientEvent(id)) })

    await expect(app.relay.publishBatch()).rejects.toThrow()
    expect(await app.relay.backlog()).toBe(1)
    expect((await readStream(environment.natsUrl, environment.stream)).map((entry) => entry.event.subject)).toEqual(['client/1', 'client/2', 'client/3', 'client/4', 'client/5'])

    await app.orm.em.fork().execute('delete from outbox where subject = \'nowhere.at.all\'')
    expect(await app.relay.publishBatch()).toBe(0)
    expect(await app.relay.backlog()).toBe(0)
    const stored = await readStream(environment.natsUrl, environment.stream)
    expect(stored.map((entry) => entry.event.subject)).toEqual(['client/1', 'client/2', 'client/3', 'client/4', 'client/5'])
    await expect(app.metrics.eventsPublished.get()).resolves.toMatchObject({ values: [{ value: 5 }] })
  })
})
