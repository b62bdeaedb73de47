import type { EventDraft } from '@travel-crm/service-kit/messaging'
import { clientPayload, type Client } from './entities/client.js'
import { notePayload, type Note } from './entities/note.js'
import { tripPayload, type Trip } from './entities/trip.js'

/** What happened to the record; a deleted one is given as `deletionOf` (the kit's audit) leaves it. */
export type Change = 'created' | 'updated' | 'deleted'

export function clientChanged (change: Change, client: Client): EventDraft {
  return { subject: `crm.client.${change}`, about: `client/${client.id}`, data: clientPayload(client) }
}

export function tripChanged (change: Change, trip: Trip): EventDraft {
  return { subject: `crm.trip.${change}`, about: `trip/${trip.id}`, data: tripPayload(trip) }
}

export function noteChanged (change: Change, note: Note): EventDraft {
  return { subject: `crm.note.${change}`, about: `note/${note.id}`, data: notePayload(note) }
}
