import type { EventDraft } from '@travel-crm/service-kit/messaging'
import { clientPayload, type Client } from './entities/client.js'
import { notePayload, type Note } from './entities/note.js'
import type { TripStatus } from '@travel-crm/contracts'
import { bookingPayload, type Booking } from './entities/booking.js'
import { supplierPayload, type Supplier } from './entities/supplier.js'
import { travellerPayload, type Traveller } from './entities/traveller.js'
import { tripPayload, type Trip } from './entities/trip.js'

/** What happened to the record; a deleted one is given as `deletionOf` (the kit's audit) leaves it. */
export type Change = 'created' | 'updated' | 'deleted'

export function clientChanged (change: Change, client: Client): EventDraft {
  return { subject: `crm.client.${change}`, about: `client/${client.id}`, data: clientPayload(client) }
}

/** `previousStatus`: the status a trip left in this change, so that a consumer sees the move. */
export function tripChanged (change: Change, trip: Trip, previousStatus?: TripStatus): EventDraft {
  const data = previousStatus === undefined ? tripPayload(trip) : { ...tripPayload(trip), previous_status: previousStatus }
  return { subject: `crm.trip.${change}`, about: `trip/${trip.id}`, data }
}

export function travellerChanged (change: Change, traveller: Traveller): EventDraft {
  return { subject: `crm.traveller.${change}`, about: `traveller/${traveller.id}`, data: travellerPayload(traveller) }
}

export function supplierChanged (change: Change, supplier: Supplier): EventDraft {
  return { subject: `crm.supplier.${change}`, about: `supplier/${supplier.id}`, data: supplierPayload(supplier) }
}

export function bookingChanged (change: Change, booking: Booking): EventDraft {
  return { subject: `crm.booking.${change}`, about: `booking/${booking.id}`, data: bookingPayload(booking) }
}

export function noteChanged (change: Change, note: Note): EventDraft {
  return { subject: `crm.note.${change}`, about: `note/${note.id}`, data: notePayload(note) }
}
