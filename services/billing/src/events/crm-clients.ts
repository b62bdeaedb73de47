import { Value } from 'typebox/value'
import { ClientErasedPayload, ClientPayload, type CloudEvent } from '@travel-crm/contracts'
import { eraseFromKeptMessages, type ConsumerOptions, type EventHandler, type EventStatement } from '@travel-crm/service-kit/messaging'
import { eraseClient, forgetClient, rememberClient } from '../clients.js'

function clientOf (event: CloudEvent): ClientPayload {
  if (!Value.Check(ClientPayload, event.data)) throw new Error(`${event.type} ${event.id} does not carry a client`)
  return event.data
}

// One statement each, sent with the event's inbox row and without a transaction around them (consumer.ts).
const clientChanged: EventStatement = { statement: (event) => rememberClient(clientOf(event)) }
const clientDeleted: EventStatement = { statement: (event) => forgetClient(clientOf(event)) }
const clientErased: EventHandler = async (em, event) => {
  if (!Value.Check(ClientErasedPayload, event.data)) throw new Error(`${event.type} ${event.id} does not carry an erasure`)
  await eraseClient(em, event.data.client_id)
  await eraseFromKeptMessages(em, event.data)
}

/**
 * The client replica that invoices are addressed from. A consumer of its own, so that it reads the stream
 * from the start when it is first made: clients created before billing kept them are filled in too.
 */
export const crmClientConsumer: ConsumerOptions = {
  durable: 'billing-clients',
  filter: 'crm.client.*',
  handlers: {
    'crm.client.created': clientChanged,
    'crm.client.updated': clientChanged,
    'crm.client.archived': clientChanged,
    'crm.client.restored': clientChanged,
    'crm.client.deleted': clientDeleted,
    'crm.client.erased': clientErased
  }
}
