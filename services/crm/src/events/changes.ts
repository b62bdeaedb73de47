import type { EventDraft } from '@travel-crm/service-kit/messaging'
import { clientPayload, type Client } from '../entities/client.js'
import { notePayload, type Note } from '../entities/note.js'
import { tripPayload, type Trip } from '../entities/trip.js'

export type Change = 'created' | 'updated' | 'deleted'

/**
 * A deleted record is described as it was, one version on: consumers that ignore older versions then apply
 * the deletion after every change that came before it.
 */
function versioned<Payload extends { version: number }> (change: Change, payload: Payload): Payload {
  return change === 'deleted' ? { ...payload, version: payload.version + 1 } : payload
}

export function clientChanged (change: Change, client: Client): EventDraft {
  return { subject: `crm.client.${change}`, about: `client/${client.id}`, data: versioned(change, clientPayload(client)) }
}

export function tripChanged (change: Change, trip: Trip): EventDraft {
  return { subject: `crm.trip.${change}`, about: `trip/${trip.id}`, data: versioned(change, tripPayload(trip)) }
}

export function noteChanged (change: Change, note: Note): EventDraft {
  return { subject: `crm.note.${change}`, about: `note/${note.id}`, data: versioned(change, notePayload(note)) }
}
