import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream'
import { createServiceEnvironment, type ServiceEnvironment, TEST_METRICS_TOKEN } from '@travel-crm/testkit'
import { buildEnvelope, DurableConsumer, type EventHandler, type EventStatement, type ServiceApp } from '../src/messaging/index.js'
import { publishToStream, readStream } from '@travel-crm/testkit'
import { aClientEvent, buildTestService, waitFor } from './test-service.js'

const DURABLE = 'kit-test'
const BATCHING = 'kit-batching'

describe('durable consumer', () => {
  let environment: ServiceEnvironment
  let app: ServiceApp
  let nc: NatsConnection
  let jsm: JetStreamManager
  const failingAttempts = new Map<string, number>()

  const record: EventHandler = async (em, event) => {
    await em.execute('insert into applied_event (event_id, subject, about) values (?, ?, ?)', [event.id, event.type, event.subject])
  }

  async function applied (eventId: string): Promise<number> {
    const [row] = await app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from applied_event where event_id = ?', [eventId])
    return Number(row?.count)
  }

  async function inInbox (eventId: string): Promise<number> {
    const [row] = await app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from inbox where event_id = ?', [eventId])
    return Number(row?.count)
  }

  async function publish (draft: ReturnType<typeof aClientEvent>, origin = {}) {
    const envelope = buildEnvelope('crm', draft, origin)
    await publishToStream(environment.natsUrl, `${environment.subjectPrefix}${envelope.type}`, JSON.stringify(envelope), envelope.id)
    return envelope
  }

  /** Every message published so far under the durable's filter was delivered and acknowledged (parked ones included). */
  async function settled (durable = DURABLE): Promise<void> {
    await waitFor(`the consumer ${durable} to settle`, async () => {
      const consumer = await jsm.consumers.info(environment.stream, durable)
      return consumer.num_pending === 0 && consumer.num_ack_pending === 0
    })
  }

  beforeAll(async () => {
    environment = await createServiceEnvironment()
    app = await buildTestService(environment.env, [{
      durable: DURABLE,
      filter: 'crm.client.*',
      ackWaitMs: 2000,
      handlers: {
        'crm.client.created': async (em, event, events) => {
          await record(em, event, events)
          await events.emit({ subject: 'crm.note.created', about: `note/${event.subject}`, data: { cause: event.id, version: 1 } })
        },
        'crm.client.updated': record,
        'crm.client.deleted': async (_em, event) => {
          failingAttempts.set(event.id, (failingAttempts.get(event.id) ?? 0) + 1)
          throw new Error('this handler keeps failing')
        }
      }
    }])
    await app.ready()
    nc = await connect({ servers: environment.natsUrl })
    jsm = await jetstreamManager(nc)
  })

  afterAll(async () => {
    await nc?.close()
    await app?.close()
    await environment?.cleanup()
  })

  it('applies an event delivered twice only once', async () => {
    const envelope = buildEnvelope('crm', aClientEvent(1, 'crm.client.updated'), {})
    for (const msgId of [randomUUID(), randomUUID()]) {
      await publishToStream(environment.natsUrl, `${environment.subjectPrefix}crm.client.updated`, JSON.stringify(envelope), msgId)
    }
    await settled()
    expect((await readStream(environment.natsUrl, environment.stream)).filter((entry) => entry.event.id === envelope.id)).toHaveLength(2)
    expect(await applied(envelope.id)).toBe(1)
    expect(await inInbox(envelope.id)).toBe(1)
  })

  it('publishes the events a handler emits, carrying the origin of the event that caused them', async () => {
    const cause = await publish(aClientEvent(2), { actorId: '42', requestId: 'request-from-crm' })
    await settled()
    expect(await applied(cause.id)).toBe(1)
    await waitFor('the follow-up event', async () => await app.relay.backlog() === 0)
    const followUp = (await readStream(environment.natsUrl, environment.stream)).find((entry) => entry.event.data['cause'] === cause.id)
    expect(followUp?.subject).toBe(`${environment.subjectPrefix}crm.note.created`)
    expect(followUp?.event).toMatchObject({ type: 'crm.note.created', actorid: '42', requestid: 'request-from-crm' })
  })

  it('acknowledges and skips events it has no handler for', async () => {
    const envelope = buildEnvelope('crm', aClientEvent(3), {})
    const unknown = { ...envelope, type: 'crm.client.archived' }
    await publishToStream(environment.natsUrl, `${environment.subjectPrefix}crm.client.archived`, JSON.stringify(unknown), unknown.id)
    await settled()
    expect(await inInbox(unknown.id)).toBe(0)
    expect(await applied(unknown.id)).toBe(0)
  })

  it('parks an event whose handler keeps failing in dead_letter after 5 deliveries, and goes on with the next', async () => {
    const failing = await publish(aClientEvent(4, 'crm.client.deleted'))
    // The next event only once the failing one was first tried: arriving together they would share a batch, whose
    // failure has each event tried again on its own, so the handler would run once more than the deliveries.
    await waitFor('the failing event to be tried', async () => (failingAttempts.get(failing.id) ?? 0) >= 1)
    const next = await publish(aClientEvent(5, 'crm.client.updated'))
    await waitFor('the next event to be applied', async () => await applied(next.id) === 1)
    await settled()

    const parked = await app.orm.em.fork().execute<Array<Record<string, unknown>>>('select consumer, subject, event_id, payload, error, deliveries from dead_letter where event_id = ?', [failing.id])
    expect(parked).toHaveLength(1)
    expect(parked[0]).toMatchObject({ consumer: DURABLE, subject: 'crm.client.deleted', deliveries: 5, error: 'this handler keeps failing' })
    expect(JSON.parse(String(parked[0]?.['payload']))).toEqual(failing)
    expect(failingAttempts.get(failing.id)).toBe(5)
    expect(await inInbox(failing.id)).toBe(0)

    const scrape = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })
    expect(scrape.body).toMatch(/^dead_letter_events\{[^}]*\} 1$/m)
  })

  it('parks a message that is not a CloudEvent at once, without calling a handler', async () => {
    const msgId = randomUUID()
    await publishToStream(environment.natsUrl, `${environment.subjectPrefix}crm.client.updated`, '{"hello": "not an envelope"', msgId)
    await publishToStream(environment.natsUrl, `${environment.subjectPrefix}crm.client.updated`, JSON.stringify({ id: randomUUID(), type: 'crm.client.updated' }), randomUUID())
    await settled()
    const parked = await app.orm.em.fork().execute<Array<{ payload: string, deliveries: number, error: string }>>(
      'select payload, deliveries, error from dead_letter where subject = \'crm.client.updated\' order by id'
    )
    expect(parked).toEqual([
      { payload: '{"hello": "not an envelope"', deliveries: 1, error: 'payload is not JSON' },
      expect.objectContaining({ deliveries: 1, error: 'payload is not a CloudEvents 1.0 envelope' })
    ])
  })

  it('applies a backlog in batches, each event once and in order, and a failing event fails only itself', async () => {
    const js = jetstream(nc)
    const drafts = Array.from({ length: 150 }, (_unused, index) => ({
      subject: index === 70 ? 'crm.trip.deleted' as const : index === 40 ? 'crm.trip.updated' as const : 'crm.trip.created' as const,
      about: `trip/${index}`,
      data: { id: index, version: 1 }
    }))
    const envelopes = drafts.map((draft) => buildEnvelope('crm', draft, {}))
    // The sixth event again right behind itself (a redelivery in the same batch, under a new message id): applied once.
    const published = [...envelopes.slice(0, 6), envelopes[5], ...envelopes.slice(6)].map((envelope, index) => ({ envelope, msgID: index === 6 ? randomUUID() : envelope?.id }))
    await Promise.all(published.map(async ({ envelope, msgID }) => await js.publish(`${environment.subjectPrefix}${envelope?.type}`, JSON.stringify(envelope), { msgID })))
    const created = envelopes.filter((envelope) => envelope.type === 'crm.trip.created')
    // Started once the whole backlog is in the stream: how fast a loaded machine publishes cannot decide the batches.
    // Batches of ten: the one holding the failing event is retried event by event, the others commit whole. An
    // ack wait longer than the test keeps a slow machine from redelivering what is queued behind a retried batch.
    const batching = new DurableConsumer(app.orm, app.bus, app.log, app.metrics, {
      durable: BATCHING,
      filter: 'crm.trip.*',
      batchSize: 10,
      ackWaitMs: 60_000,
      handlers: {
        // `about` records the transaction, so the test can see which events were applied together.
        'crm.trip.created': async (em, event) => {
          await em.execute('insert into applied_event (event_id, subject, about) values (?, ?, txid_current()::text)', [event.id, event.type])
        },
        'crm.trip.deleted': async () => { throw new Error('this trip cannot be deleted') }
      }
    }, app.transact)
    await batching.start()
    onTestFinished(async () => { await batching.stop() })

    await waitFor('every trip event to be applied', async () => {
      const [row] = await app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from applied_event where subject = \'crm.trip.created\'')
      return Number(row?.count) === created.length
    })
    const rows = await app.orm.em.fork().execute<Array<{ event_id: string, about: string }>>('select event_id, about from applied_event where subject = \'crm.trip.created\' order by id')
    expect(rows.map((row) => row.event_id)).toEqual(created.map((envelope) => envelope.id))
    expect(new Set(rows.map((row) => row.about)).size).toBeLessThan(created.length)
    // An event no handler takes leaves no inbox row.
    const unhandled = await app.orm.em.fork().execute<unknown[]>('select 1 from inbox where consumer = ? and event_id = ?', [BATCHING, envelopes[40]?.id])
    expect(unhandled).toHaveLength(0)

    const failing = envelopes[70]?.id as string
    await waitFor('the failing trip event to be parked', async () => {
      const parked = await app.orm.em.fork().execute<unknown[]>('select 1 from dead_letter where event_id = ?', [failing])
      return parked.length === 1
    })
  })

  it('applies a one-statement handler together with its inbox row, once per event, alone and in a batch', async () => {
    const js = jetstream(nc)
    const bookingEvent = (index: number) => buildEnvelope('crm', { subject: 'crm.booking.created', about: `booking/${index}`, data: { id: index, version: 1 } }, {})
    const publishAll = async (envelopes: ReturnType<typeof bookingEvent>[], msgID = (envelope: ReturnType<typeof bookingEvent>) => envelope.id) => {
      for (const envelope of envelopes) await js.publish(`${environment.subjectPrefix}${envelope.type}`, JSON.stringify(envelope), { msgID: msgID(envelope) })
    }
    // `about` records the transaction: the events of a batch share one, a lone event has its own.
    const recordBooking: EventStatement = {
      statement: (event) => ({ sql: 'insert into applied_event (event_id, subject, about) select ?::uuid, ?, txid_current()::text from fresh', params: [event.id, event.type] })
    }
    // A backlog in the stream before the consumer starts goes in batches.
    const backlog = Array.from({ length: 30 }, (_unused, index) => bookingEvent(index))
    await publishAll(backlog)
    const statements = new DurableConsumer(app.orm, app.bus, app.log, app.metrics, {
      durable: 'kit-statements',
      filter: 'crm.booking.*',
      batchSize: 10,
      handlers: { 'crm.booking.created': recordBooking }
    }, app.transact)
    await statements.start()
    onTestFinished(async () => { await statements.stop() })
    await settled('kit-statements')
    const rows = await app.orm.em.fork().execute<Array<{ event_id: string, about: string }>>(
      'select event_id, about from applied_event where subject = \'crm.booking.created\' order by id'
    )
    expect(rows.map((row) => row.event_id)).toEqual(backlog.map((envelope) => envelope.id))
    expect(new Set(rows.map((row) => row.about)).size).toBeLessThan(backlog.length)

    // Each delivered again under new message ids, one at a time: nothing is applied twice.
    const lone = bookingEvent(100)
    for (const again of [lone, lone, backlog[3] as ReturnType<typeof bookingEvent>]) {
      await publishAll([again], () => randomUUID())
      await settled('kit-statements')
    }
    expect(await applied(lone.id)).toBe(1)
    expect(await applied(backlog[3]?.id as string)).toBe(1)
    const [inbox] = await app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from inbox where consumer = ?', ['kit-statements'])
    expect(Number(inbox?.count)).toBe(backlog.length + 1)
  })

  it('applies nothing twice when a batch brings back events it applied before, among new ones', async () => {
    const js = jetstream(nc)
    const invoiceEvent = (index: number) => buildEnvelope('billing', { subject: 'billing.invoice.created', about: `invoice/${index}`, data: { id: index, version: 1 } }, {})
    const consumerOf = () => new DurableConsumer(app.orm, app.bus, app.log, app.metrics, {
      durable: 'kit-again',
      filter: 'billing.invoice.*',
      ackWaitMs: 60_000,
      handlers: {
        'billing.invoice.created': async (em, event) => {
          await em.execute('insert into applied_event (event_id, subject, about) values (?, ?, ?)', [event.id, event.type, event.subject])
        }
      }
    }, app.transact)
    const publishAll = async (envelopes: Array<ReturnType<typeof invoiceEvent>>, msgID: (envelope: ReturnType<typeof invoiceEvent>) => string) => {
      await Promise.all(envelopes.map(async (envelope) => await js.publish(`${environment.subjectPrefix}${envelope.type}`, JSON.stringify(envelope), { msgID: msgID(envelope) })))
    }
    const appliedCount = async () => Number((await app.orm.em.fork().execute<Array<{ count: string }>>(
      'select count(*) as count from applied_event where subject = \'billing.invoice.created\''))[0]?.count)
    const earlier = Array.from({ length: 6 }, (_unused, index) => invoiceEvent(index))
    const first = consumerOf()
    await first.start()
    await publishAll(earlier, (envelope) => envelope.id)
    await waitFor('the first events to be applied', async () => await appliedCount() === 6)
    await first.stop()

    // While no consumer reads, three of them again under new message ids (a redelivery) among three new ones: the
    // next consumer takes them as one batch.
    const again = [...earlier.slice(0, 3), ...Array.from({ length: 3 }, (_unused, index) => invoiceEvent(10 + index))]
    await publishAll(again, () => randomUUID())
    const second = consumerOf()
    await second.start()
    onTestFinished(async () => { await second.stop() })
    await waitFor('the new events to be applied', async () => await appliedCount() === 9)
    await waitFor('the batch to be acknowledged', async () => {
      const consumer = await jsm.consumers.info(environment.stream, 'kit-again')
      return consumer.num_pending === 0 && consumer.num_ack_pending === 0
    })
    const rows = await app.orm.em.fork().execute<Array<{ event_id: string }>>('select event_id from applied_event where subject = \'billing.invoice.created\' order by id')
    expect(rows.map((row) => row.event_id)).toEqual([...earlier, ...again.slice(3)].map((envelope) => envelope.id))
  })

  it('applies events that arrive together in one transaction, even when the consumer was idle', async () => {
    const together = new DurableConsumer(app.orm, app.bus, app.log, app.metrics, {
      durable: 'kit-together',
      filter: 'crm.traveller.*',
      handlers: {
        'crm.traveller.created': async (em, event) => {
          await em.execute('insert into applied_event (event_id, subject, about) values (?, ?, txid_current()::text)', [event.id, event.type])
        }
      }
    }, app.transact)
    await together.start()
    onTestFinished(async () => { await together.stop() })
    const transactions: number[] = []
    // Pairs published in one write, as the relay publishes a payment's two events, each once the last is applied.
    for (let pair = 0; pair < 5; pair++) {
      const envelopes = [0, 1].map((index) => buildEnvelope('crm', { subject: 'crm.traveller.created', about: `traveller/${pair}-${index}`, data: { id: index, version: 1 } }, {}))
      for (const envelope of envelopes) nc.publish(`${environment.subjectPrefix}${envelope.type}`, JSON.stringify(envelope))
      await nc.flush()
      await waitFor('the pair to be applied', async () => (await app.orm.em.fork().execute<unknown[]>(
        'select 1 from applied_event where event_id in (?, ?)', envelopes.map((envelope) => envelope.id))).length === 2)
      const rows = await app.orm.em.fork().execute<Array<{ about: string }>>(
        'select distinct about from applied_event where event_id in (?, ?)', envelopes.map((envelope) => envelope.id))
      transactions.push(rows.length)
    }
    // The broker may send a pair in two writes now and then; a consumer that took each event alone never joins them.
    expect(transactions).toContain(1)
  })

  it('passes by the events of subjects not wanted at the time, unrecorded, and applies the rest; asks outside any transaction', async () => {
    let wanted = ['crm.traveller.created']
    const askedOutside: boolean[] = []
    const choosy = new DurableConsumer(app.orm, app.bus, app.log, app.metrics, {
      durable: 'kit-wanted',
      filter: 'crm.traveller.*',
      wanted: async (em) => {
        askedOutside.push(em.getTransactionContext() === undefined)
        const now = [...wanted]
        return (subject) => now.includes(subject)
      },
      handlers: { 'crm.traveller.created': record, 'crm.traveller.updated': record }
    }, app.transact)
    await choosy.start()
    onTestFinished(async () => { await choosy.stop() })
    const traveller = (subject: 'crm.traveller.created' | 'crm.traveller.updated', id: number) => ({ subject, about: `traveller/${id}`, data: { id, version: 1 } })
    // Published in one write, so that they are taken as a batch.
    const batch = [traveller('crm.traveller.created', 1), traveller('crm.traveller.updated', 1), traveller('crm.traveller.created', 2)]
      .map((draft) => buildEnvelope('crm', draft, {}))
    for (const envelope of batch) nc.publish(`${environment.subjectPrefix}${envelope.type}`, JSON.stringify(envelope))
    await nc.flush()
    // Taken in order: once the last is applied, the one between was passed by.
    await waitFor('the last of the batch to be applied', async () => await applied(batch[2]?.id as string) === 1)
    expect(await Promise.all(batch.map(async (envelope) => [await applied(envelope.id), await inInbox(envelope.id)]))).toEqual([[1, 1], [0, 0], [1, 1]])

    wanted = ['crm.traveller.updated']
    const alone = [await publish(traveller('crm.traveller.created', 3)), await publish(traveller('crm.traveller.updated', 3))]
    // The update passed by before comes again (a redelivery): asked about again, it is applied now.
    await publishToStream(environment.natsUrl, `${environment.subjectPrefix}crm.traveller.updated`, JSON.stringify(batch[1]), randomUUID())
    await settled('kit-wanted')
    expect(await Promise.all([...alone, batch[1]].map(async (envelope) => await applied(envelope?.id as string)))).toEqual([0, 1, 1])
    expect(askedOutside.length).toBeGreaterThan(0)
    expect(askedOutside.every(Boolean)).toBe(true)
  })

  it('applies a closed range of the stream, none after it, then deletes its durable; its work before starting comes first', async () => {
    const js = jetstream(nc)
    const envelopes = [0, 1, 2].map((index) => buildEnvelope('crm', { subject: 'crm.supplier.created', about: `supplier/${index}`, data: { id: index, version: 1 } }, {}))
    const sequences: number[] = []
    for (const envelope of envelopes) sequences.push((await js.publish(`${environment.subjectPrefix}${envelope.type}`, JSON.stringify(envelope), { msgID: envelope.id })).seq)
    const order: string[] = []
    const range = new DurableConsumer(app.orm, app.bus, app.log, app.metrics, {
      durable: 'kit-range',
      filter: 'crm.supplier.*',
      endSequence: sequences[1],
      beforeStart: async ({ bus }) => { order.push(`before ${bus.stream}`) },
      handlers: { 'crm.supplier.created': async (em, event, events) => { order.push(event.id); await record(em, event, events) } }
    }, app.transact)
    await range.finish()
    expect(order).toEqual([`before ${environment.stream}`, envelopes[0]?.id, envelopes[1]?.id])
    expect(await applied(envelopes[2]?.id as string)).toBe(0)
    expect(await inInbox(envelopes[2]?.id as string)).toBe(0)
    expect(await jsm.consumers.info(environment.stream, 'kit-range').catch(() => 'deleted')).toBe('deleted')
  })
})
