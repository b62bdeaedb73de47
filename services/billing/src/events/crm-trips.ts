import { Value } from 'typebox/value'
import { TripPayload, type CloudEvent } from '@travel-crm/contracts'
import { changeCausedBy, type ConsumerOptions, type EventHandler } from '@travel-crm/service-kit/messaging'
import { reassignTripInvoices, removeTripInvoices } from '../invoicing.js'
import { forgetTrip, rememberTrip } from '../trips.js'

function tripOf (event: CloudEvent): TripPayload {
  if (!Value.Check(TripPayload, event.data)) throw new Error(`${event.type} ${event.id} does not carry a trip`)
  return event.data
}

const tripChanged: EventHandler = async (em, event, events) => {
  const trip = tripOf(event)
  const change = await rememberTrip(em, trip)
  if (change.applied && change.previousClientId !== undefined && change.previousClientId !== trip.client_id) {
    await reassignTripInvoices(em, events, trip.id, trip.client_id, changeCausedBy(event))
  }
}

const tripDeleted: EventHandler = async (em, event, events) => {
  const trip = tripOf(event)
  if (await forgetTrip(em, trip)) await removeTripInvoices(em, events, trip.id, changeCausedBy(event))
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
    'crm.trip.archived': tripChanged,
    'crm.trip.restored': tripChanged,
    'crm.trip.deleted': tripDeleted
  }
}
