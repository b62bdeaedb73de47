import type { EntityManager } from '@mikro-orm/postgresql'
import { executePrepared } from '@travel-crm/service-kit/data'
import { erasedEvent, type ClientErasedPayload, type CloudEvent, type DeliveryAttempt } from '@travel-crm/contracts'
import { isoTime, type DbTime } from './endpoints.js'
import { matchesAny } from './event-patterns.js'

/**
 * An event as it is to be sent: its id, its catalogue subject, the exact JSON that was published and, for an
 * event the live consumer read, its stream sequence.
 */
export interface OutgoingEvent { id: string, type: string, body: string, sequence?: number }

/** An endpoint as queueing sees it: which events it asked for. */
export interface Subscriber { id: number, events: string[] }

/** The enabled endpoints, in the order their deliveries are queued (prepared: every batch of events reads them). */
export async function enabledEndpoints (em: EntityManager): Promise<Subscriber[]> {
  return await executePrepared<Subscriber>(em, 'select id, events from endpoint where enabled order by id', [])
}

/**
 * Queues one delivery of each event to each enabled endpoint whose patterns match it (or to the one endpoint
 * given), in the order given: the dispatcher sends an endpoint's deliveries in that order. Returns how many.
 * `enabled` is the enabled endpoints when the caller has read them already.
 */
export async function queueDeliveries (
  em: EntityManager, events: readonly OutgoingEvent[], onlyEndpoint?: Subscriber, enabled?: Subscriber[]
): Promise<number> {
  const endpoints = onlyEndpoint !== undefined ? [onlyEndpoint] : enabled ?? await enabledEndpoints(em)
  const rows: Array<{ endpointId: number, event: OutgoingEvent }> = []
  for (const event of events) {
    for (const endpoint of endpoints) {
      if (onlyEndpoint !== undefined || matchesAny(endpoint.events, event.type)) rows.push({ endpointId: endpoint.id, event })
    }
  }
  if (rows.length === 0) return 0
  const stored = [...new Map(rows.map(({ event }) => [event.id, event])).values()]
  // One statement for the events and their deliveries: the delivery's reference to its event is checked at the
  // end of the statement, once the event rows are in.
  await em.execute(
    // An event queued again (a replay) is touched, not skipped: the row lock and new time keep the purge of old
    // events (retention.ts) from deleting it between this insert and the delivery that refers to it.
    `with stored as (insert into event (id, type, body) values ${stored.map(() => '(?, ?, ?)').join(', ')} on conflict (id) do update set received_at = now())
     insert into delivery (endpoint_id, event_id, stream_sequence)
     select endpoint_id, event_id, stream_sequence
     from (values ${rows.map(() => '(?::int, ?::uuid, ?::bigint, ?::int)').join(', ')}) as queued (endpoint_id, event_id, stream_sequence, position)
     -- ORDER BY: the identity values follow the order of the rows.
     order by position`,
    [
      ...stored.flatMap((event) => [event.id, event.type, event.body]),
      ...rows.flatMap((row, position) => [row.endpointId, row.event.id, row.event.sequence ?? null, position])
    ]
  )
  return rows.length
}

interface AttemptRow {
  id: string
  event_id: string
  event_type: string
  attempt: number
  attempted_at: DbTime
  status_code: number | null
  error: string | null
  duration_ms: number
  response_body: string | null
  outcome: DeliveryAttempt['outcome']
  next_retry_at: DbTime | null
}

/** An endpoint's attempts, newest first. */
export async function listAttempts (em: EntityManager, endpointId: number, window: { limit: number, offset: number }): Promise<{ attempts: DeliveryAttempt[], total: number }> {
  const rows = await em.execute<AttemptRow[]>(
    `select a.id, d.event_id, e.type as event_type, a.attempt, a.attempted_at, a.status_code, a.error, a.duration_ms,
            a.response_body, a.outcome, a.next_retry_at
     from attempt a join delivery d on d.id = a.delivery_id join event e on e.id = d.event_id
     where a.endpoint_id = ? order by a.id desc limit ? offset ?`,
    [endpointId, window.limit, window.offset]
  )
  const [count] = await em.execute<Array<{ total: string }>>('select count(*) as total from attempt where endpoint_id = ?', [endpointId])
  return {
    attempts: rows.map((row) => ({
      ...row,
      id: Number(row.id),
      attempted_at: isoTime(row.attempted_at),
      next_retry_at: row.next_retry_at === null ? null : isoTime(row.next_retry_at)
    })),
    total: Number(count?.total ?? 0)
  }
}

/**
 * Replaces the erased records' personal fields in the events kept for delivery and replay: a delivery still to
 * be made, or made again, carries the erased values. A delivery already made is the receiver's to forget.
 */
export async function eraseFromStoredEvents (em: EntityManager, erasure: ClientErasedPayload): Promise<void> {
  const stored = await em.execute<Array<{ id: string, body: string }>>('select id, body from event where type like \'crm.%\'')
  for (const row of stored) {
    const erased = erasedEvent(erasure, JSON.parse(row.body) as CloudEvent)
    if (erased !== undefined) await em.execute('update event set body = ? where id = ?', [JSON.stringify(erased), row.id])
  }
}
