import { DeliverPolicy } from '@nats-io/jetstream'
import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import type { CloudEvent, ReplayQueued } from '@travel-crm/contracts'
import { queueDeliveries, type OutgoingEvent } from './deliveries.js'
import { matchesAny } from './event-patterns.js'
import { WebhooksProblems } from './problems.js'

const QUEUED_PER_TRANSACTION = 500

/**
 * Reads the stream from a sequence or a time up to its last event at the moment of asking, and queues a new
 * delivery to the endpoint of every event that its patterns match, in stream order. The stream keeps every event,
 * so this also sends what happened before the endpoint existed. The events go as they were published.
 * At most `maxDeliveries` are queued: a replay that matches more stops at the first event past the limit and
 * answers its sequence as `next_sequence`, for the caller to replay on from there (one page at a time, so one
 * request never fills the queue with a whole year of events).
 */
export async function replayStream (app: ServiceApp, endpoint: { id: number, events: string[] }, since: string | number, maxDeliveries: number): Promise<ReplayQueued> {
  const { bus } = app
  const { state } = await bus.jsm.streams.info(bus.stream)
  const start = typeof since === 'number'
    ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: since }
    : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(since).toISOString() }
  if (typeof since === 'number' && since > state.last_seq) {
    throw new WebhooksProblems.replayOutOfRange(`The stream's last sequence is ${state.last_seq}; nothing from ${since} on`)
  }
  const lastTime = new Date(state.last_ts).getTime()
  if (state.messages === 0 || (typeof since === 'string' && new Date(since).getTime() > lastTime)) {
    return { deliveries: 0, first_sequence: null, last_sequence: null, next_sequence: null }
  }
  const consumer = await bus.js.consumers.get(bus.stream, start)
  let queued = 0
  let first: number | null = null
  let last: number | null = null
  // Where the replay stopped at its limit: the first matching event it did not queue.
  let next: number | null = null
  // Fetched in batches until the last event there was when the replay was asked for: later events reach the
  // endpoint through the live consumer anyway.
  try {
    for (let done = false; !done;) {
      const events: OutgoingEvent[] = []
      let fetched = 0
      for await (const message of await consumer.fetch({ max_messages: QUEUED_PER_TRANSACTION, expires: 2000 })) {
        fetched += 1
        if (message.seq > state.last_seq) { done = true; break }
        const type = bus.catalogueSubject(message.subject)
        const matches = matchesAny(endpoint.events, type)
        if (matches && queued + events.length >= maxDeliveries) {
          next = message.seq
          done = true
          break
        }
        first ??= message.seq
        last = message.seq
        if (matches) {
          const body = await openedBody(app, message.string())
          const id = eventIdOf(body)
          if (id !== undefined) events.push({ id, type, body })
        }
        if (message.seq >= state.last_seq || message.info.pending === 0) {
          done = true
          break
        }
      }
      if (fetched === 0) done = true
      if (events.length > 0) queued += await app.transact({}, async (em) => await queueDeliveries(em, events, endpoint))
    }
  } finally {
    await consumer.delete().catch(() => undefined)
  }
  return { deliveries: queued, first_sequence: first, last_sequence: last, next_sequence: next }
}

/** An event as endpoints get it: its personal fields opened (or erased), as the live consumer gives it. */
async function openedBody (app: ServiceApp, body: string): Promise<string> {
  let event: CloudEvent
  try { event = JSON.parse(body) as CloudEvent } catch { return body }
  return event.sealedwith === undefined ? body : JSON.stringify(await app.clientKeys.open(event))
}

function eventIdOf (body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id
    return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined
  } catch {
    return undefined
  }
}
