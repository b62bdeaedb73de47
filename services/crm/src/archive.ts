import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql'
import { archivedScope, type ArchiveMove, type ArchivedFilter } from '@travel-crm/contracts'
import { markChanged } from '@travel-crm/service-kit/data'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { findClient } from './clients.js'
import { clientChanged, tripChanged } from './change-events.js'
import type { Client } from './entities/client.js'
import type { Trip } from './entities/trip.js'
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

export async function moveClient (em: EntityManager, events: EventSink, id: number, to: ArchiveMove, change: Change): Promise<Client> {
  const client = await findClient(em, id, true)
  change.precondition(`Client ${id}`, client.version)
  if (!move(client, to, change)) return client
  await em.flush()
  await events.emit(clientChanged(to, client))
  return client
}

export async function moveTrip (em: EntityManager, events: EventSink, id: number, to: ArchiveMove, change: Change): Promise<Trip> {
  const trip = await lockTrip(em, id)
  change.precondition(`Trip ${id}`, trip.version)
  if (!move(trip, to, change)) return trip
  await em.flush()
  await events.emit(tripChanged(to, trip))
  return trip
}
