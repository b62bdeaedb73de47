import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import type { FastifyBaseLogger as Logger } from 'fastify'
import type { CloudEvent, EventSubject } from '@travel-crm/contracts'
import type { Bus } from './nats.js'
import type { Metrics } from '../http/metrics.js'
import { executePrepared } from '../data/prepared-statements.js'

/** Who and what caused an event: carried on the envelope so that integrators can trace it back. */
export interface EventOrigin {
  actorId?: string | undefined
  requestId?: string | undefined
  traceparent?: string | undefined
}

export interface EventDraft {
  subject: EventSubject
  /** `<kind>/<id>` of the entity the event is about, e.g. `payment/42`. */
  about: string
  data: unknown
}

export function buildEnvelope (source: string, draft: EventDraft, origin: EventOrigin): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: `travel-crm/${source}`,
    type: draft.subject,
    time: new Date().toISOString(),
    subject: draft.about,
    datacontenttype: 'application/json',
    ...(origin.actorId !== undefined ? { actorid: origin.actorId } : {}),
    ...(origin.requestId !== undefined ? { requestid: origin.requestId } : {}),
    ...(origin.traceparent !== undefined ? { traceparent: origin.traceparent } : {}),
    data: draft.data
  }
}

/** Rows per insert: far below Postgres's 65,535 parameters, and a cascade of thousands of events stays a few statements. */
const OUTBOX_ROWS_PER_INSERT = 1000

/**
 * The channel on which a commit that wrote outbox rows tells every relay of the schema (each replica's) to
 * look now. Postgres delivers a notification only when its transaction commits, and folds a transaction's
 * identical ones into one.
 */
const OUTBOX_CHANNEL_SQL = 'current_schema() || \'.outbox\''

/** A data-modifying statement (insert, update or delete) with its parameters, `?` for each. */
export interface Statement { sql: string, params: unknown[] }

/**
 * Writes events into the outbox inside the caller's transaction: they are published if, and only if, the
 * change they describe commits. Rows of one insert take their positions in the order given. The same statement
 * notifies the relays (`notifier`: the relay of this process, which its own wake already reaches and which
 * therefore skips the notification), so that a commit wakes the relay of whichever replica holds the outbox.
 * `alongside`, the writes the unit of work makes last (a POST's remembered answer, a payment's rows, an audit
 * trail's entries), go in the same statement: one round trip for all of them. They must not touch the same row
 * twice, nor read what another of them writes: the parts of one statement see the same snapshot.
 */
export async function addToOutbox (em: EntityManager, envelopes: readonly CloudEvent[], notifier = '', alongside: readonly Statement[] = []): Promise<void> {
  const writes = alongside.map((write, index) => `write_${index} as (${write.sql})`)
  const writeParams = alongside.flatMap((write) => write.params)
  if (envelopes.length === 0) {
    if (writes.length > 0) await executePrepared(em, `with ${writes.join(', ')} select`, writeParams)
    return
  }
  for (let start = 0; start < envelopes.length; start += OUTBOX_ROWS_PER_INSERT) {
    const rows = envelopes.slice(start, start + OUTBOX_ROWS_PER_INSERT)
    const also = start === 0 ? writes : []
    // A data-modifying WITH runs once, to completion, whatever the outer select reads: one round trip for all.
    await executePrepared(em,
      `with ${also.map((write) => `${write}, `).join('')}added as (insert into outbox (id, subject, envelope) values ${rows.map(() => '(?, ?, ?::jsonb)').join(', ')})
      select pg_notify(${OUTBOX_CHANNEL_SQL}, ?)`,
      [...start === 0 ? writeParams : [], ...rows.flatMap((envelope) => [envelope.id, envelope.type, JSON.stringify(envelope)]), notifier]
    )
  }
}

export interface RelayOptions {
  batchSize?: number
  /**
   * The safety-net poll: a commit in any replica wakes the relay at once (in this process directly, in others by
   * a notification), so the timer only finds rows whose notification was lost with a broken connection.
   */
  idleMs?: number
  /** Published rows are kept this long for inspection, then removed. */
  retainPublishedMs?: number
}

interface OutboxRow { position: string, id: string, subject: string, envelope: CloudEvent }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Marks rows published and commits, as one simple-protocol text (a statement with parameters could not carry
 * the commit). The ids are written into it as literals, so each is checked to be a uuid first.
 */
function markPublished (ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`outbox id ${JSON.stringify(id)} is not a uuid`)
  return `update outbox set published_at = now() where id = any('{${ids.join(',')}}'::uuid[]); commit`
}

/**
 * The relay's connection settings. Its take must walk the partial index of unpublished rows in order: each row
 * marked published leaves a dead entry there until a vacuum, and only a plain index scan marks the dead entries it
 * passes so that the next take skips them. A bitmap scan (which Postgres picks while the table has no statistics,
 * as on a server without autovacuum) reads every dead entry's heap page again on every take: 343 pages and
 * 0.56 ms a take at 200 payments/s, growing with each event until the next vacuum. The connection runs only the
 * take, the marks (by the unique id) and LISTEN, so the planner settings hold for nothing else.
 */
export function relayConnectionConfig (url: string, schema: string): pg.ClientConfig {
  return {
    connectionString: url,
    options: `-c search_path=${schema} -c enable_bitmapscan=off -c enable_seqscan=off`,
    // Named, so that an operator finds it in pg_stat_activity.
    application_name: `${schema} outbox relay`,
    connectionTimeoutMillis: 5000
  }
}

/** The relay's take: the lock and the batch in one round trip; the limit is the relay's own number, never a caller's text. */
export function takeBatchQuery (batchSize: number): string {
  // The advisory lock is a volatile function in a CTE, so it is taken once, before any row; without it no
  // row comes back and the pass ends as if the outbox were empty.
  return `with holder as (select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox')) as locked)
      select position, id, subject, envelope from outbox, holder
      where holder.locked and published_at is null order by position limit ${Math.trunc(batchSize)} for update of outbox skip locked`
}

/**
 * The relay's own connection, outside the ORM's pool: a relay that waited in the pool behind the requests whose
 * events it carries would add their queue to every event's lag (47 ms of 73 at 200 payments/s). Opened on
 * first use and again after it broke.
 */
class RelayConnection {
  private client: pg.Client | undefined

  constructor (
    private readonly url: string,
    private readonly schema: string,
    /** Called for each commit elsewhere that wrote outbox rows (LISTEN on the outbox's channel). */
    private readonly notified: (payload: string) => void
  ) {}

  async open (): Promise<pg.Client> {
    if (this.client !== undefined) return this.client
    const client = new pg.Client(relayConnectionConfig(this.url, this.schema))
    // A connection the server dropped errors here, not in a query; the next pass opens a new one.
    client.on('error', () => { this.forget(client) })
    client.on('notification', (notification) => { this.notified(notification.payload ?? '') })
    try {
      await client.connect()
      // The same channel name as pg_notify's in addToOutbox: the search path makes current_schema() the schema.
      const [{ channel }] = (await client.query<{ channel: string }>(`select ${OUTBOX_CHANNEL_SQL} as channel`)).rows as [{ channel: string }]
      await client.query(`listen ${client.escapeIdentifier(channel)}`)
    } catch (error) {
      await client.end().catch(() => undefined)
      throw error
    }
    this.client = client
    return client
  }

  /** After a failed statement the connection may be mid-transaction or gone: it is closed, not reused. */
  forget (client: pg.Client): void {
    if (this.client !== client) return
    this.client = undefined
    void client.end().catch(() => undefined)
  }

  async close (): Promise<void> {
    const client = this.client
    this.client = undefined
    await client?.end().catch(() => undefined)
  }
}

/**
 * Publishes outbox rows to JetStream in the order they were written, waits for their PubAcks, then marks them
 * published. One relay at a time holds the outbox (transaction advisory lock), so order holds across
 * replicas; `FOR UPDATE SKIP LOCKED` keeps a second relay from ever taking the same rows. A crash between
 * publish and mark re-publishes with the same `Nats-Msg-Id`, which the stream's duplicate window discards.
 * The relay is woken by the commits of its own process (`wake`) and, through LISTEN/NOTIFY, by those of other
 * replicas, with a slow poll as a safety net.
 */
export class OutboxRelay {
  private running = false
  private loop: Promise<void> | undefined
  private wakeUp: (() => void) | undefined
  /** A wake that came while a batch was being published: the next sleep is skipped, not the new events. */
  private woken = false
  private lastFailureLog = 0
  private lastCleanup = 0
  private readonly batchSize: number
  private readonly idleMs: number
  private readonly retainPublishedMs: number
  private readonly connection: RelayConnection
  /** `begin` and the take (takeBatchQuery) in one round trip. */
  private readonly takeBatch: string
  /** The last pass's marks and commit, not sent yet: the next pass, which follows at once, sends them first. */
  private pendingEnd: string | undefined
  /** What this relay's own process notifies with: its own wake got there first, so the notification is skipped. */
  readonly notifier = randomUUID()

  constructor (
    private readonly orm: MikroORM,
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly metrics: Metrics | undefined,
    options: RelayOptions = {}
  ) {
    this.batchSize = options.batchSize ?? 200
    this.idleMs = options.idleMs ?? 1000
    this.retainPublishedMs = options.retainPublishedMs ?? 7 * 24 * 3600_000
    this.connection = new RelayConnection(orm.config.getClientUrl(), orm.config.get('schema') as string, (payload) => {
      if (payload !== this.notifier) this.wake()
    })
    this.takeBatch = `begin;\n${takeBatchQuery(this.batchSize)}`
  }

  start (): void {
    if (this.running) return
    this.running = true
    this.loop = this.run()
  }

  /** Called after a transaction that wrote events commits, so they go out now instead of at the next poll. */
  wake (): void {
    this.woken = true
    this.wakeUp?.()
  }

  /** Stops polling after publishing what is pending, if the broker lets it within the time given. */
  async stop (flushWithinMs = 3000): Promise<void> {
    if (!this.running) {
      await this.connection.close()
      return
    }
    this.running = false
    this.wake()
    const flush = (async () => {
      await this.loop
      for (;;) {
        const published = await this.publishBatch().catch(() => -1)
        if (published <= 0) break
      }
    })()
    // With the broker away a publish waits for its own timeout; shutdown must not. What is left stays in the
    // outbox for the next start; a row published but not yet marked goes out again and consumers' inboxes
    // (or the stream's duplicate window) drop the repeat.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([flush, new Promise<void>((resolve) => { timer = setTimeout(resolve, flushWithinMs) })])
    clearTimeout(timer)
    await this.connection.close()
  }

  /**
   * One pass: publishes up to a batch of pending rows; returns how many went out. `goesOn`, asked with the rows
   * taken once they are acknowledged, says that another pass follows at once (events committed meanwhile, or a
   * full batch): this pass's marks and commit then go with that pass's take, one round trip for both.
   */
  async publishBatch (goesOn: (taken: number) => boolean = () => false): Promise<number> {
    const client = await this.connection.open()
    const ending = this.pendingEnd
    this.pendingEnd = undefined
    let failure: unknown
    let count: number
    try {
      const results = await client.query<OutboxRow>(`${ending ?? ''}${this.takeBatch}`) as unknown as Array<pg.QueryResult<OutboxRow>>
      const rows = results[results.length - 1]?.rows ?? []
      // All of the batch is in flight at once, in order on one connection, so the stream stores the rows in
      // the order they were written; waiting for each PubAck before the next would cap a relay at one
      // round trip per event. A row whose publish failed stays unpublished and goes out on a later pass.
      const acks = await Promise.allSettled(rows.map(async (row) =>
        await this.bus.js.publish(this.bus.subject(row.subject), JSON.stringify(row.envelope), { msgID: row.id, timeout: 5000 })))
      const published = rows.filter((_row, index) => acks[index]?.status === 'fulfilled').map((row) => row.id)
      const rejected = acks.find((ack): ack is PromiseRejectedResult => ack.status === 'rejected')
      // The rows acknowledged must still be marked: thrown before the commit, the marks would roll back and
      // the rows be published again, after the stream's duplicate window in a long outage.
      if (rejected !== undefined) failure = rejected.reason
      // The marks and the commit in one round trip. The ids are the rows' own uuids, just read from the outbox.
      const end = published.length > 0 ? markPublished(published) : 'commit'
      // Held for the next pass only when it comes at once: a crash before it rolls the marks back, and the rows
      // go out again under the same message ids, as after a crash between publish and mark.
      if (failure === undefined && goesOn(rows.length)) this.pendingEnd = `${end};\n`
      else await client.query(end)
      count = published.length
    } catch (error) {
      this.connection.forget(client)
      throw error
    }
    this.metrics?.eventsPublished.inc(count)
    if (failure !== undefined) throw failure
    return count
  }

  async backlog (): Promise<number> {
    const [row] = await this.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from outbox where published_at is null')
    return Number(row?.count ?? 0)
  }

  private async run (): Promise<void> {
    let failures = 0
    while (this.running) {
      let published = 0
      try {
        // Woken while publishing: the loop goes round without sleeping (`sleep`), so the next pass is at once.
        published = await this.publishBatch((taken) => this.running && (this.woken || taken === this.batchSize))
        failures = 0
        await this.removeOldPublished()
      } catch (error) {
        failures += 1
        if (Date.now() - this.lastFailureLog > 10_000) {
          this.lastFailureLog = Date.now()
          this.logger.warn({ err: error }, 'outbox relay cannot publish yet; events stay in the outbox')
        }
      }
      if (published < this.batchSize || failures > 0) {
        await this.sleep(failures > 0 ? Math.min(5000, 250 * 2 ** Math.min(failures, 5)) : this.idleMs)
      }
    }
  }

  private async removeOldPublished (): Promise<void> {
    if (Date.now() - this.lastCleanup < 3600_000) return
    this.lastCleanup = Date.now()
    await this.orm.em.fork().execute(`delete from outbox where published_at < now() - (? || ' milliseconds')::interval`, [String(this.retainPublishedMs)])
  }

  private async sleep (ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false
      return
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done (): void { clearTimeout(timer); resolve() }
      this.wakeUp = done
    })
    this.wakeUp = undefined
    this.woken = false
  }
}
