import { Value } from 'typebox/value'
import { ClientErasedPayload, EVENT_SUBJECTS, isWebhookOnly } from '@travel-crm/contracts'
import { eraseFromKeptMessages, oncePerTransaction, type ConsumerOptions, type EventHandler } from '@travel-crm/service-kit/messaging'
import { enabledEndpoints, eraseFromStoredEvents, queueDeliveries } from '../deliveries.js'
import { matchesAny } from '../event-patterns.js'

/** The durable consumer every replica shares; it reads the whole stream. */
export const CONSUMER = 'webhooks'

/**
 * Every event of the catalogue is queued for the endpoints that asked for it, in the transaction that records it
 * in the inbox: an event is queued exactly once however often the stream redelivers it. `queued` tells the
 * dispatcher there is work (it also polls, for the work other replicas queue). An event no enabled endpoint asks
 * for is passed by on one read of the endpoints, without a transaction or an inbox row: most agencies have no
 * endpoint, or one for a few subjects, and for them a transaction of four round trips and a commit per batch of
 * events bought nothing. Such an event is not sent later to an endpoint made after it was read, as no event
 * queued before an endpoint existed is (a replay sends it).
 */
export function deliveryQueue (queued: () => void): ConsumerOptions {
  // The endpoints are read once per transaction: the events of a batch (a payment's two, say) are queued
  // against the same list, as one event's deliveries always were.
  const endpointsOf = oncePerTransaction(enabledEndpoints)
  const queue: EventHandler = async (em, event, _events, stream) => {
    const count = await queueDeliveries(em, [{ id: event.id, type: event.type, body: JSON.stringify(event), sequence: stream?.sequence }], undefined, await endpointsOf(em))
    // The rows are visible once the consumer's transaction commits, a moment after this returns.
    if (count > 0) setTimeout(queued, 5)
  }
  // Endpoints get the erasure like any event; what was kept of the erased records to send or resend is replaced.
  const erase: EventHandler = async (em, event, events, stream) => {
    if (!Value.Check(ClientErasedPayload, event.data)) throw new Error(`${event.type} ${event.id} does not carry an erasure`)
    await eraseFromStoredEvents(em, event.data)
    await eraseFromKeptMessages(em, event.data)
    await queue(em, event, events, stream)
  }
  return {
    durable: CONSUMER,
    // The erasure always applies: it also replaces what was kept of the erased records to send or resend.
    wanted: async (em) => {
      const endpoints = await enabledEndpoints(em)
      return (subject) => subject === 'crm.client.erased' || endpoints.some((endpoint) => matchesAny(endpoint.events, subject))
    },
    handlers: {
      ...Object.fromEntries(EVENT_SUBJECTS.filter((subject) => !isWebhookOnly(subject)).map((subject) => [subject, queue])),
      'crm.client.erased': erase
    }
  }
}
