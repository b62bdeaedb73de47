import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { FastifyBaseLogger as Logger } from 'fastify'
import type { MikroORM } from '@mikro-orm/postgresql'
import { holdConnection } from '@travel-crm/service-kit/data'
import type { UnitOfWork } from '@travel-crm/service-kit/messaging'
import { RefusedTarget, type AddressPolicy } from './address-policy.js'
import { nextAttemptAt, type RetrySchedule } from './backoff.js'
import { endpointPayload, type DbTime, type EndpointRow } from './endpoints.js'
import { postTo, type AttemptResult } from './http-delivery.js'
import { signatureHeader, type SecretBox } from './signing-secrets.js'

export interface DispatcherOptions {
  /**
   * The stream sequence up to which the live consumer has queued every event (its ack floor): a live delivery
   * waits until every event before it has been queued, by whichever replica read it.
   */
  queuedUpTo: () => Promise<number>
  concurrency: number
  pollMs: number
  timeoutMs: number
  maxBodyBytes: number
  disableAfterMs: number
  schedule: RetrySchedule
}

interface DueDelivery { id: string, event_id: string, attempts: number, created_at: DbTime, body: string }

/** How long an ack floor that was read is used before it is read again. */
const FLOOR_MAX_AGE_MS = 20

/**
 * After a wake, how long idle senders look again every SOON_MS instead of every poll: new deliveries become
 * sendable only once the consumer's transaction commits and its ack reaches the server, a moment after the wake.
 */
const SOON_FOR_MS = 500
const SOON_MS = 20

/** A delivery that may go now: due, and, if live, no earlier event still unqueued. */
const READY = `d.status = 'pending' and d.next_attempt_at <= now() and (d.stream_sequence is null or d.stream_sequence <= $1)`

/** Deliveries sent to one endpoint in one turn, and the longest a turn goes on starting new ones. */
const TURN_DELIVERIES = 100
const TURN_MS = 2000

/**
 * Sends due deliveries. Each worker takes an endpoint with due work by locking its `delivery_lane` row
 * (`FOR UPDATE SKIP LOCKED`, in a transaction on a connection of its own), sends that endpoint's due deliveries
 * one after another in queue order, records each attempt as it goes (other connections, committed at once), and
 * lets go. Replicas therefore never send to the same endpoint at the same time, and a replica that dies drops its
 * connection and so its lock: the deliveries it had not recorded are still pending and another replica sends them.
 *
 * Order: an endpoint's live deliveries go in stream order, even when several replicas read the stream, since
 * each waits for the events before it to be queued (`queuedUpTo`). Replays and pings go first, in the order they
 * were asked for. A delivery that fails waits for its retry while the deliveries behind it go on, so a retried
 * event arrives after later ones; receivers order by `data.version`.
 */
export class Dispatcher {
  private readonly pool: pg.Pool
  private readonly replica = randomUUID().slice(0, 8)
  private running = false
  private workers: Array<Promise<void>> = []
  private sleepers: Array<() => void> = []
  private floor: { sequence: number, readAt: number } | undefined
  private wokenAt = 0

  constructor (
    private readonly orm: MikroORM,
    private readonly transact: UnitOfWork,
    private readonly policy: AddressPolicy,
    private readonly secrets: SecretBox,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions
  ) {
    const url = orm.config.get('clientUrl') as string
    const schema = orm.config.get('schema') as string
    // One connection per worker for the lane locks, apart from the service's pool which records the attempts.
    this.pool = new pg.Pool({ connectionString: url, max: options.concurrency, options: `-c search_path=${schema}`, connectionTimeoutMillis: 5000 })
    this.pool.on('error', (error) => { this.logger.warn({ err: error }, 'webhook lane connection lost') })
  }

  start (): void {
    this.running = true
    this.workers = Array.from({ length: this.options.concurrency }, async (_, index) => { await this.work(index === 0) })
  }

  async stop (): Promise<void> {
    this.running = false
    this.wake()
    await Promise.all(this.workers)
    await this.pool.end()
  }

  /** New deliveries were queued: look now rather than at the next poll. */
  wake (): void {
    this.wokenAt = Date.now()
    this.floor = undefined
    this.rouse()
  }

  /**
   * A worker's loop. While nothing is due, only the poller looks every poll (for retries coming due and work
   * other replicas queued); the other workers park until a wake or until a turn finds work. Every worker polling
   * on its own cost a transaction and a JetStream request per worker and poll, four times over, on an idle service.
   */
  private async work (poller: boolean): Promise<void> {
    while (this.running) {
      let worked = false
      try {
        worked = await this.takeTurn()
      } catch (error) {
        this.logger.warn({ err: error }, 'webhook dispatch failed; trying again')
      }
      if (!this.running) break
      if (worked) {
        this.rouse()
      } else if (Date.now() - this.wokenAt < SOON_FOR_MS) {
        await this.sleep(Math.min(SOON_MS, this.options.pollMs))
      } else {
        await this.sleep(poller ? this.options.pollMs : undefined)
      }
    }
  }

  /** Sleeps `ms`, or without a timer until woken or roused when `ms` is undefined. */
  private async sleep (ms: number | undefined): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms)
      this.sleepers.push(() => { clearTimeout(timer); resolve() })
    })
  }

  /** Ends every sleep: after a wake, or when a turn found work and the parked workers may find more. */
  private rouse (): void {
    if (this.sleepers.length === 0) return
    const sleepers = this.sleepers
    this.sleepers = []
    for (const resolve of sleepers) resolve()
  }

  private async queuedUpTo (): Promise<number> {
    if (this.floor === undefined || Date.now() - this.floor.readAt > FLOOR_MAX_AGE_MS) {
      // NATS away, or the consumer not made yet: the floor it last had still holds (it only ever rises).
      const sequence = await this.options.queuedUpTo().catch(() => this.floor?.sequence ?? 0)
      this.floor = { sequence, readAt: Date.now() }
    }
    return this.floor.sequence
  }

  /** Takes one endpoint with due deliveries and sends them; false when no endpoint had any. */
  private async takeTurn (): Promise<boolean> {
    const floor = await this.queuedUpTo()
    const held = await holdConnection(this.pool)
    const lane = held.client
    try {
      await lane.query('begin')
      const { rows: [endpoint] } = await lane.query<EndpointRow>(
        `select e.* from delivery_lane l join endpoint e on e.id = l.endpoint_id
         where e.enabled and exists (select 1 from delivery d where d.endpoint_id = l.endpoint_id and ${READY})
         limit 1
         for update of l skip locked`,
        [floor]
      )
      if (endpoint === undefined) {
        await lane.query('commit')
        return false
      }
      const { rows: due } = await lane.query<DueDelivery>(
        `select d.id, d.event_id, d.attempts, d.created_at, ev.body from delivery d join event ev on ev.id = d.event_id
         where d.endpoint_id = $2 and ${READY}
         order by coalesce(d.stream_sequence, 0), d.id limit $3`,
        [floor, endpoint.id, TURN_DELIVERIES]
      )
      const turnEnds = Date.now() + TURN_MS
      for (const delivery of due) {
        // The connection and so the lane's lock are gone: another replica may take the endpoint now.
        if (!this.running || Date.now() > turnEnds || held.lost !== undefined) break
        const delivered = await this.deliver(endpoint, delivery)
        // The endpoint is failing: the rest of its deliveries wait for the next turn instead of each failing now.
        if (!delivered) break
      }
      await lane.query('commit')
      return true
    } catch (error) {
      await lane.query('rollback').catch(() => undefined)
      throw error
    } finally {
      held.release()
    }
  }

  /** One attempt at one delivery, recorded; answers whether it was delivered. */
  private async deliver (endpoint: EndpointRow, delivery: DueDelivery): Promise<boolean> {
    const attemptedAt = new Date()
    let result: AttemptResult
    if (Buffer.byteLength(delivery.body) > this.options.maxBodyBytes) {
      result = { statusCode: null, error: `the event is larger than ${this.options.maxBodyBytes} bytes`, durationMs: 0, responseBody: null }
      await this.record(endpoint, delivery, attemptedAt, result, null)
      return true
    }
    try {
      const target = await this.policy.check(endpoint.url)
      const timestamp = Math.floor(attemptedAt.getTime() / 1000)
      const headers = {
        'webhook-id': delivery.event_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(this.signingSecrets(endpoint, attemptedAt), delivery.event_id, timestamp, delivery.body)
      }
      result = await postTo(target, headers, delivery.body, this.options.timeoutMs)
    } catch (error) {
      if (!(error instanceof RefusedTarget)) throw error
      result = { statusCode: null, error: `refused: ${error.message}`, durationMs: 0, responseBody: null }
    }
    const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300
    const retryAt = delivered ? null : nextAttemptAt(this.options.schedule, delivery.attempts + 1, new Date(delivery.created_at), new Date())
    await this.record(endpoint, delivery, attemptedAt, result, delivered ? 'delivered' : retryAt)
    return delivered
  }

  private signingSecrets (endpoint: EndpointRow, now: Date): string[] {
    const secrets = [this.secrets.open(endpoint.secret)]
    if (endpoint.previous_secret !== null && endpoint.previous_secret_expires_at !== null && new Date(endpoint.previous_secret_expires_at) > now) {
      secrets.push(this.secrets.open(endpoint.previous_secret))
    }
    return secrets
  }

  /**
   * Writes the attempt and the delivery's new state in one statement, and the endpoint's health: a success clears
   * `failing_since`, a failure sets it if unset. An endpoint failing longer than allowed is disabled, with an event.
   * `next` is 'delivered', the time of the retry, or null when the delivery is parked.
   */
  private async record (endpoint: EndpointRow, delivery: DueDelivery, attemptedAt: Date, result: AttemptResult, next: 'delivered' | Date | null): Promise<void> {
    const outcome = next === 'delivered' ? 'delivered' : next === null ? 'parked' : 'retrying'
    const retryAt = next instanceof Date ? next : null
    const [health] = await this.orm.em.fork().execute<Array<{ failing_since: DbTime | null }>>(
      `with changed as (
         update delivery set status = case ?::text when 'retrying' then 'pending' else ?::text end, attempts = attempts + 1,
           next_attempt_at = coalesce(?::timestamptz, next_attempt_at), delivered_at = case when ?::text = 'delivered' then now() end
         where id = ?::bigint returning id, attempts
       ), attempted as (
         insert into attempt (delivery_id, endpoint_id, attempt, attempted_at, status_code, error, duration_ms, response_body, outcome, next_retry_at)
         select id, ?::int, attempts, ?::timestamptz, ?::int, ?::text, ?::int, ?::text, ?::text, ?::timestamptz from changed
       )
       update endpoint set failing_since = case when ?::boolean then null else coalesce(failing_since, now()) end
       where id = ? returning failing_since`,
      [
        outcome, outcome, retryAt, outcome, delivery.id,
        endpoint.id, attemptedAt, result.statusCode, result.error?.slice(0, 2000) ?? null, result.durationMs,
        result.responseBody?.replaceAll('\u0000', '') ?? null, outcome, retryAt,
        outcome === 'delivered', endpoint.id
      ]
    )
    if (outcome !== 'delivered') {
      this.logger.info({ endpoint: endpoint.id, event: delivery.event_id, status: result.statusCode, error: result.error, outcome, replica: this.replica }, 'webhook attempt failed')
    }
    const failingSince = health?.failing_since == null ? undefined : new Date(health.failing_since)
    if (failingSince !== undefined && Date.now() - failingSince.getTime() > this.options.disableAfterMs) await this.disable(endpoint.id, failingSince)
  }

  private async disable (endpointId: number, failingSince: Date): Promise<void> {
    await this.transact({}, async (em, events) => {
      const [row] = await em.execute<EndpointRow[]>(
        `update endpoint set enabled = false, disabled_reason = ?, updated_at = now(), version = version + 1
         where id = ? and enabled returning *`,
        [`every delivery failed since ${failingSince.toISOString()}`, endpointId]
      )
      if (row === undefined) return
      this.logger.warn({ endpoint: endpointId, failingSince }, 'webhook endpoint disabled after failing for too long')
      await events.emit({ subject: 'webhooks.endpoint.disabled', about: `endpoint/${endpointId}`, data: endpointPayload(row) })
    })
  }
}
