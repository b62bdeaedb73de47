import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql'
import { archivedScope, type ArchiveMove, type ArchivedFilter } from '@travel-crm/contracts'
import { markChanged } from '@travel-crm/service-kit/data'
import type { Change, EventDraft, EventSink } from '@travel-crm/service-kit/messaging'
import { findClient } from './clients.js'
import { clientPayload, type Client } from './entities/client.js'
import { tripPayload, type Trip } from './entities/trip.js'
import { lockTrip } from './trips.js'

/**
 * The list condition an `archived` filter asks for: archived records leave the default lists and searches,
 * `include` shows them with the others, `only` shows nothing else.
 */
export function archivedCondition<T extends { archivedAt?: Date | null }> (filter: ArchivedFilter | undefined): FilterQuery<T> {
  const scope = archivedScope(filter)
  if (scope === 'all') return {} as FilterQuery<T>
  return { archivedAt: scope === 'live' ? null : { $ne: null } } as FilterQuery<T>
}

/**
 * Moves a locked record into or out of the archive. A move to where it already is changes nothing and says
 * nothing (a retried click must not add a version); else it goes out as its own event, whose payload
 * carries `archived_at` like every later event of the record.
 */
function move (record: Client | Trip, to: ArchiveMove, change: Change): boolean {
  const archived = record.archivedAt != null
  if (archived === (to === 'archived')) return false
  record.archivedAt = to === 'archived' ? change.now : null
  markChanged(record, change.actorId, change.now)
  return true
}

// Subjects written out whole: the catalogue test finds what each service publishes in its source.
function clientMoved (to: ArchiveMove, client: Client): EventDraft {
  const data = clientPayload(client)
  return to === 'archived'
    ? { subject: 'crm.client.archived', about: `client/${client.id}`, data }
    : { subject: 'crm.client.restored', about: `client/${client.id}`, data }
}

function tripMoved (to: ArchiveMove, trip: Trip): EventDraft {
  const data = tripPayload(trip)
  return to === 'archived'
    ? { subject: 'crm.trip.archived', about: `trip/${trip.id}`, data }
    : { subject: 'crm.trip.restored', about: `trip/${trip.id}`, data }
}

export async function moveClient (em: EntityManager, events: EventSink, id: number, to: ArchiveMove, change: Change): Promise<Client> {
  const client = await findClient(em, id, true)
  change.precondition(`Client ${id}`, client.version)
  if (!move(client, to, change)) return client
  await em.flush()
  await events.emit(clientMoved(to, client))
  return client
}

export async function moveTrip (em: EntityManager, events: EventSink, id: number, to: ArchiveMove, change: Change): Promise<Trip> {
  const trip = await lockTrip(em, id)
  change.precondition(`Trip ${id}`, trip.version)
  if (!move(trip, to, change)) return trip
  await em.flush()
  await events.emit(tripMoved(to, trip))
  return trip
}
