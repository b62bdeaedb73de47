import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream'
import { nanos } from '@nats-io/nats-core'
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import type { FastifyBaseLogger as Logger } from 'fastify'
import { Compile } from 'typebox/compile'
import { CloudEvent } from '@travel-crm/contracts'
import type { Bus } from './nats.js'
import type { Metrics } from '../http/metrics.js'
import { isUnavailable } from '../http/problem.js'
import { executePrepared } from '../data/prepared-statements.js'
import { beforeCommit, type EventSink } from './unit-of-work.js'
import type { EventOrigin, Statement } from './outbox.js'

/**
 * Applies one event inside the transaction that also records it in the inbox; `events` emits follow-ups.
 * `sequence` is the event's position in the stream, for consumers that must keep or reproduce stream order.
 */
export type EventHandler = (em: EntityManager, event: CloudEvent, events: EventSink, stream?: { sequence: number }) => Promise<void>

/**
 * A handler that is one data-modifying statement and emits nothing. The consumer sends it in the statement that
 * records the event in the inbox, without a transaction around them: one round trip for the event instead of
 * four (begin, inbox, the work, commit), and a single statement is atomic all the same. The statement must read
 * `fresh`, the inbox row it is given, which holds a row only when the event is new (`select … from fresh`,
 * `… and exists (select from fresh)`): that is what keeps a redelivered event from changing anything twice.
 * It is run prepared (`executePrepared`): the same text for every event, each value's type clear where it stands.
 */
export interface EventStatement {
  statement: (event: CloudEvent) => Statement
}

export interface ConsumerOptions {
  /** Durable consumer name, shared by every replica of the service. */
  durable: string
  /** Catalogue subject filter (`crm.trip.*`); omitted, the consumer reads the whole stream. */
  filter?: string
  /** Handlers by catalogue subject; events without one are acknowledged and skipped. */
  handlers: Partial<Record<string, EventHandler | EventStatement>>
  /** Deliveries after which a failing event is parked in `dead_letter` and the consumer moves on. */
  maxDeliveries?: number
  ackWaitMs?: number
  /** Events applied together in one transaction when they arrive faster than they are applied. */
  batchSize?: number
  /**
   * The last stream sequence this consumer applies: later events are acknowledged as they are, unrecorded. A
   * consumer of a closed range, such as the catch-up of a durable another consumer takes over (`finish`).
   */
  endSequence?: number
  /**
   * Runs once before the consumer first reads, with a way to make other consumers of the same bus and database:
   * a handover from another durable is done here, before this one applies anything.
   */
  beforeStart?: (context: ConsumerContext) => Promise<void>
  /**
   * Asked once per batch, before it is applied and outside any transaction: which subjects have work waiting
   * now (webhooks: those an enabled endpoint asked for). An event of a subject not wanted is acknowledged as it
   * is, unrecorded, like one without a handler: a consumer whose work hangs on rows of its own spends one read on
   * events nobody asked for, not a transaction with an inbox row. Nothing was applied, so a redelivery is asked
   * about again and can apply nothing twice.
   */
  wanted?: (em: EntityManager) => Promise<(subject: string) => boolean>
}

/** What a consumer runs on, for the work before it starts. */
export interface ConsumerContext {
  orm: MikroORM
  bus: Bus
  logger: Logger
  /** Makes a consumer on the same bus, database, transactions and opening of sealed fields. */
  consumer: (options: ConsumerOptions) => DurableConsumer
}

class PoisonEvent extends Error {}

/** Every message is checked against the envelope: compiled once, since checking by walking the schema was 5 % of a consumer's CPU. */
const envelopeCheck = Compile(CloudEvent)

/**
 * Up to this many events of one-statement handlers are applied each alone rather than in a transaction: their n
 * statements against n + 3 round trips, while a larger batch (a backlog) is better served by its one commit.
 */
const STATEMENTS_APPLIED_ALONE = 4

/** An event taken from the stream for a handler, opened, with its catalogue subject and stream position. */
interface Received { event: CloudEvent, subject: string, sequence: number }

/**
 * A durable pull consumer with explicit acks. Each event is applied and recorded in `inbox` in one
 * transaction, so a redelivery (crash before the ack, two replicas, a rebuild) changes nothing twice.
 * Events that queue up while others are applied go together, in order, in one transaction: a backlog drains
 * at the speed of batches, a lone event goes a millisecond after it came. A batch that fails is retried event by event,
 * so one bad event never holds back or dead-letters its neighbours.
 */
export class DurableConsumer {
  private messages: ConsumerMessages | undefined
  private loop: Promise<void> | undefined
  private running = false
  private readonly maxDeliveries: number
  private readonly batchSize: number

  constructor (
    private readonly orm: MikroORM,
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly metrics: Metrics | undefined,
    private readonly options: ConsumerOptions,
    /** Opens the transaction an event is applied in, with an outbox for the events it causes. */
    private readonly transact: <T>(origin: EventOrigin, work: (em: EntityManager, events: EventSink) => Promise<T>) => Promise<T>,
    /** Opens the sealed personal fields of an event (sealing.ts) before a handler sees it. */
    private readonly open: (event: CloudEvent) => Promise<CloudEvent> = async (event) => event
  ) {
    this.maxDeliveries = options.maxDeliveries ?? 5
    this.batchSize = options.batchSize ?? 100
  }

  async start (): Promise<void> {
    await this.options.beforeStart?.({
      orm: this.orm,
      bus: this.bus,
      logger: this.logger,
      consumer: (options) => new DurableConsumer(this.orm, this.bus, this.logger, this.metrics, options, this.transact, this.open)
    })
    await this.ensureConsumer()
    this.running = true
    this.loop = this.run()
  }

  async stop (): Promise<void> {
    this.running = false
    await this.messages?.close().catch(() => undefined)
    await this.loop
  }

  /**
   * Applies every event up to `endSequence` (a closed range), then stops and deletes the durable. Events it
   * applies are recorded in the inbox under its durable's name, so a range run again after a crash applies
   * nothing twice.
   */
  async finish (pollMs = 50): Promise<void> {
    const end = this.options.endSequence
    if (end === undefined) throw new Error(`${this.options.durable}: finish() needs an endSequence`)
    const { jsm, stream } = this.bus
    // Gone: another replica finished the range and deleted the durable.
    const floor = async () => await jsm.consumers.info(stream, this.options.durable).then((info) => info.ack_floor.stream_seq, (error: Error) => {
      if (/consumer not found/i.test(error.message)) return Infinity
      throw error
    })
    await this.start()
    try {
      while (await floor() < end) await new Promise((resolve) => setTimeout(resolve, pollMs))
    } finally {
      await this.stop()
    }
    await jsm.consumers.delete(stream, this.options.durable).catch((error: Error) => {
      if (!/consumer not found/i.test(error.message)) throw error
    })
  }

  private async ensureConsumer (): Promise<void> {
    const { jsm, stream } = this.bus
    const config = {
      durable_name: this.options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
      max_deliver: -1,
      max_ack_pending: 1000,
      ...(this.options.filter !== undefined ? { filter_subject: this.bus.subject(this.options.filter) } : {})
    }
    try {
      await jsm.consumers.info(stream, this.options.durable)
    } catch {
      await jsm.consumers.add(stream, config).catch(async (error: Error) => {
        // Another replica created it between our look and our add.
        if (!/already (exists|in use)/i.test(error.message)) throw error
      })
    }
  }

  private async run (): Promise<void> {
    while (this.running) {
      try {
        const consumer = await this.bus.js.consumers.get(this.bus.stream, this.options.durable)
        this.messages = await consumer.consume({ max_messages: 256 })
        await this.drain(this.messages)
      } catch (error) {
        if (!this.running) break
        this.logger.warn({ err: error, consumer: this.options.durable }, 'consumer interrupted; resuming')
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
    }
  }

  /** Reads messages into a queue while the previous batch is applied; applies what has queued up. */
  private async drain (messages: ConsumerMessages): Promise<void> {
    const queue: JsMsg[] = []
    let arrived: (() => void) | undefined
    let ended = false
    const reader = (async () => {
      try {
        for await (const message of messages) {
          queue.push(message)
          arrived?.()
        }
      } finally {
        ended = true
        arrived?.()
      }
    })()
    while (this.running) {
      if (queue.length === 0) {
        if (ended) break
        await new Promise<void>((resolve) => { arrived = resolve })
        arrived = undefined
        // The events published together with this one (a payment's two) come a moment behind it, each in a
        // delivery of its own: waiting a millisecond lets them join the first, so they share one transaction
        // instead of taking one each.
        await new Promise<void>((resolve) => { setTimeout(resolve, 1) })
        continue
      }
      await this.processBatch(queue.splice(0, this.batchSize))
    }
    await reader
  }

  private async processBatch (batch: JsMsg[]): Promise<void> {
    if (batch.length === 1) {
      await this.process(batch[0] as JsMsg)
      return
    }
    const last = batch[batch.length - 1] as JsMsg
    this.metrics?.consumerPending.set({ consumer: this.options.durable }, last.info.pending)
    let applied: string[]
    try {
      const wanted = await this.wantedNow()
      const received: Received[] = []
      for (const message of batch) {
        const taken = await this.receive(message, wanted)
        if (taken !== undefined) received.push(taken)
      }
      applied = received.length <= STATEMENTS_APPLIED_ALONE && received.every(({ subject }) => typeof this.options.handlers[subject] === 'object')
        ? await this.applyEachAlone(received)
        : await this.transact({}, async (em, events) => await this.applyIn(em, events, received, { assumeNew: true }))
    } catch {
      // One of them failed (or was poison): each one again on its own, with its own retries and dead letter.
      for (const message of batch) await this.process(message)
      return
    }
    for (const subject of applied) this.metrics?.eventsApplied.inc({ consumer: this.options.durable, subject })
    for (const message of batch) message.ack()
  }

  private async process (message: JsMsg): Promise<void> {
    const subject = this.bus.catalogueSubject(message.subject)
    this.metrics?.consumerPending.set({ consumer: this.options.durable }, message.info.pending)
    try {
      const received = await this.receive(message, await this.wantedNow())
      if (received !== undefined) {
        const applied = await this.applyAlone(received)
        if (applied) this.metrics?.eventsApplied.inc({ consumer: this.options.durable, subject })
      }
      message.ack()
    } catch (error) {
      const poison = error instanceof PoisonEvent
      // A database that is down fails every event alike: they wait for it instead of filling dead_letter.
      if (poison || (message.info.deliveryCount >= this.maxDeliveries && !isUnavailable(error as Error))) {
        await this.deadLetter(message, subject, error as Error)
        message.ack()
        return
      }
      this.logger.warn({ err: error, subject, deliveries: message.info.deliveryCount }, 'event failed; it will be redelivered')
      message.nak(Math.min(10_000, 200 * 2 ** message.info.deliveryCount))
    }
  }

  private parse (message: JsMsg): CloudEvent {
    let value: unknown
    try {
      value = message.json()
    } catch {
      throw new PoisonEvent('payload is not JSON')
    }
    if (!envelopeCheck.Check(value)) throw new PoisonEvent('payload is not a CloudEvents 1.0 envelope')
    return value as CloudEvent
  }

  /** What `wanted` says of the subjects right now; undefined when the consumer wants every subject it handles. */
  private async wantedNow (): Promise<((subject: string) => boolean) | undefined> {
    return await this.options.wanted?.(this.orm.em.fork())
  }

  /**
   * The message as an event for its handler, checked and opened; undefined when no handler takes its subject, its
   * subject is not wanted now, or it lies past the consumer's range: such an event is acknowledged as it is, not
   * opened (a key asked of crm) nor recorded.
   */
  private async receive (message: JsMsg, wanted?: (subject: string) => boolean): Promise<Received | undefined> {
    const end = this.options.endSequence
    if (end !== undefined && message.seq > end) return undefined
    const subject = this.bus.catalogueSubject(message.subject)
    const event = this.parse(message)
    if (this.options.handlers[subject] === undefined || wanted?.(subject) === false) return undefined
    return { event: await this.open(event), subject, sequence: message.seq }
  }

  /**
   * Events whose handlers are all single statements, each with its inbox row as one statement of its own: n round
   * trips for n events, where one transaction around them would add a begin, an inbox insert and a commit (a
   * small batch: `STATEMENTS_APPLIED_ALONE`). Each is atomic with its inbox row, so a failure midway leaves the
   * ones before it applied, and their redelivery (the batch retried event by event) changes nothing.
   */
  private async applyEachAlone (received: readonly Received[]): Promise<string[]> {
    const subjects: string[] = []
    for (const event of received) if (await this.applyAlone(event)) subjects.push(event.subject)
    return subjects
  }

  /** Applies one event and records it in the inbox; whether it was new there. */
  private async applyAlone (received: Received): Promise<boolean> {
    const handler = this.options.handlers[received.subject]
    if (handler === undefined || typeof handler === 'function') {
      return (await this.transact({}, async (em, events) => await this.applyIn(em, events, [received]))).length > 0
    }
    const { sql, params } = handler.statement(received.event)
    // A data-modifying WITH runs to completion whatever the outer select reads; both sides commit together.
    // Prepared: a handler's statement has one text for every event of its subject.
    const [row] = await executePrepared<{ fresh: string }>(this.orm.em.fork(),
      `with fresh as (insert into inbox (event_id, consumer, subject) values (?, ?, ?)
         on conflict (consumer, event_id) do nothing returning event_id),
       applied as (${sql})
       select count(*) as fresh from fresh`,
      [received.event.id, this.options.durable, received.subject, ...params]
    )
    return Number(row?.fresh) > 0
  }

  /**
   * Inside the caller's transaction: records the events in the inbox, all in one statement, and applies, in the
   * order given, those that are new there; returns the subjects of those it applied. An event twice in one batch
   * (redelivered while the first was still queued) is applied once.
   *
   * `assumeNew` (a batch, where nearly every event is new): the events are applied first and recorded in the
   * inbox by the unit of work's final statement, without `on conflict`, one round trip fewer. An event applied
   * before makes that insert fail and the whole transaction roll back, its effects with it; the batch is then
   * retried event by event (`processBatch`), which records each in the inbox first. Two replicas applying the same
   * event at once meet on the inbox's key in the same way.
   */
  private async applyIn (em: EntityManager, events: EventSink, received: readonly Received[], options: { assumeNew?: boolean } = {}): Promise<string[]> {
    const unique = [...new Map(received.map((taken) => [taken.event.id, taken])).values()]
    let fresh: Set<string>
    if (options.assumeNew === true) {
      fresh = new Set(unique.map(({ event }) => event.id))
      beforeCommit(em, () => ({
        sql: `insert into inbox (event_id, consumer, subject) values ${unique.map(() => '(?, ?, ?)').join(', ')}`,
        params: unique.flatMap(({ event, subject }) => [event.id, this.options.durable, subject])
      }))
    } else {
      const inserted = await em.execute<Array<{ event_id: string }>>(
        `insert into inbox (event_id, consumer, subject) values ${unique.map(() => '(?, ?, ?)').join(', ')}
         on conflict (consumer, event_id) do nothing returning event_id`,
        unique.flatMap(({ event, subject }) => [event.id, this.options.durable, subject])
      )
      fresh = new Set(inserted.map((row) => row.event_id))
    }
    const subjects: string[] = []
    for (const { event, subject, sequence } of received) {
      const handler = this.options.handlers[subject]
      if (handler === undefined || !fresh.delete(event.id)) continue
      // Follow-up events carry the origin of the event that caused them.
      if (typeof handler !== 'function') {
        // Already recorded as new above: `fresh` is given its one row.
        const { sql, params } = handler.statement(event)
        await executePrepared(em, `with fresh as (select ?::uuid as event_id) ${sql}`, [event.id, ...params])
        subjects.push(subject)
        continue
      }
      const origin = { actorId: event.actorid, requestId: event.requestid, traceparent: event.traceparent }
      await handler(em, event, { emit: async (draft) => { await events.emit(draft, origin) } }, { sequence })
      subjects.push(subject)
    }
    return subjects
  }

  private async deadLetter (message: JsMsg, subject: string, error: Error): Promise<void> {
    const payload = message.string()
    let eventId: string | null = null
    try { eventId = String((JSON.parse(payload) as { id?: unknown }).id ?? '') || null } catch { /* not JSON: no id */ }
    this.logger.error({ err: error, subject, eventId }, 'event moved to dead_letter after failing repeatedly')
    await this.orm.em.fork().execute(
      'insert into dead_letter (consumer, subject, event_id, payload, error, deliveries) values (?, ?, ?, ?, ?, ?)',
      [this.options.durable, subject, eventId, payload, error.message.slice(0, 2000), message.info.deliveryCount]
    )
  }
}
