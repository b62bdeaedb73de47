import { Value } from 'typebox/value'
import { TripPayload, type CloudEvent } from '@travel-crm/contracts'
import type { ConsumerOptions, EventHandler } from '@travel-crm/service-kit'
import type { Change } from '../invoicing.js'
import { reassignTripInvoices, removeTripInvoices } from '../invoicing.js'
import { forgetTrip, rememberTrip } from '../trips.js'

function tripOf (event: CloudEvent): TripPayload {
  if (!Value.Check(TripPayload, event.data)) throw new Error(`${event.type} ${event.id} does not carry a trip`)
  return event.data
}

/** Changes that crm's events cause are made in the name of whoever made the change in crm. */
function changeFrom (event: CloudEvent): Change {
  const userId = Number(event.actorid)
  return { userId: Number.isSafeInteger(userId) && userId > 0 ? userId : null, now: new Date() }
}

const tripChanged: EventHandler = async (em, event, events) => {
  const trip = tripOf(event)
  const change = await rememberTrip(em, trip)
  if (change.applied && change.previousClientId !== undefined && change.previousClientId !== trip.client_id) {
    await reassignTripInvoices(em, events, trip.id, trip.client_id, changeFrom(event))
  }
}

const tripDeleted: EventHandler = async (em, event, events) => {
  const trip = tripOf(event)
  if (await forgetTrip(em, trip)) await removeTripInvoices(em, events, trip.id, changeFrom(event))
}

/**
 * The trip replica, fed by crm. Each event is applied once (inbox), in one transaction with the invoices
 * and payments it removes or moves and with their events.
 */
export const crmTripConsumer: ConsumerOptions = {
  durable: 'billing',
  filter: 'crm.trip.*',
  handlers: {
    'crm.trip.created': tripChanged,
    'crm.trip.updated': tripChanged,
    'crm.trip.deleted': tripDeleted
  }
}
