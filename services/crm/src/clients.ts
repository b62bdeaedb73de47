import { LockMode, UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql'
import { trimmedOrNull, type ClientCreate, type ClientListQuery, type ClientPatch } from '@travel-crm/contracts'
import { createdBy, deletionOf, findPage, findRow, listOrder, markChanged, type Page, searchTerm } from '@travel-crm/service-kit/data'
import { withExtensions } from '@travel-crm/service-kit/http'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { Client } from './entities/client.js'
import { Note } from './entities/note.js'
import { Traveller } from './entities/traveller.js'
import { Trip } from './entities/trip.js'
import { clientChanged, noteChanged, travellerChanged, tripChanged } from './change-events.js'
import { CrmProblems } from './problems.js'
import { containing, indexServes } from './substring-search.js'
import { insertClientWithKey } from './client-keys.js'
// trips.ts reads clients through this module as well; the two only call each other, nothing runs at import.
import { removeWhatTripsHold } from './trips.js'
import { archivedCondition } from './archive.js'
import { paymentsOfClient } from './events/billing-payments.js'

/** The email address is unique whatever its case (index on lower(email)); a clash is the caller's to resolve. */
function emailClash (error: unknown, email: string): unknown {
  return error instanceof UniqueConstraintViolationException ? new CrmProblems.emailTaken(email) : error
}

async function flushKeepingEmailsUnique (em: EntityManager, email: string): Promise<void> {
  try {
    await em.flush()
  } catch (error) {
    throw emailClash(error, email)
  }
}

export async function createClient (em: EntityManager, events: EventSink, change: Change, input: ClientCreate): Promise<Client> {
  let client: Client
  try {
    client = await insertClientWithKey(em, {
      name: input.name.trim(),
      email: input.email,
      phone: input.phone.trim(),
      company: trimmedOrNull(input.company),
      ...createdBy(change.actorId, change.now)
    })
  } catch (error) {
    throw emailClash(error, input.email)
  }
  await events.emit(clientChanged('created', client))
  return client
}

export async function findClient (em: EntityManager, id: number, lock = false): Promise<Client> {
  const client = await em.findOne(Client, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {})
  if (client === null) throw new CrmProblems.clientNotFound(id)
  return client
}

/** A client to send, read as plain data: nothing will change it. */
export async function readClient (em: EntityManager, id: number): Promise<Client> {
  const client = await findRow(em, Client, { id })
  if (client === undefined) throw new CrmProblems.clientNotFound(id)
  return client
}

export async function listClients (em: EntityManager, query: ClientListQuery): Promise<Page<Client>> {
  const terms = (['name', 'email', 'phone', 'company'] as const).flatMap((field) => {
    const part = searchTerm(query[field])
    return part === undefined ? [] : [[field, part] as const]
  })
  return await findPage(em, Client, {
    where: () => Object.assign({}, archivedCondition<Client>(query.archived), ...terms.map(([field, part]) => containing<Client>(field, part))) as FilterQuery<Client>,
    order: 'asc',
    sort: listOrder(query.sort, { id: 'id', name: 'name', email: 'email', phone: 'phone', company: 'company', created_at: 'createdAt', updated_at: 'updatedAt' }),
    limit: query.limit,
    offset: query.offset,
    search: terms.some(([field, part]) => indexServes(field, part))
  })
}

export async function updateClient (
  em: EntityManager, events: EventSink, change: Change, id: number, changes: ClientPatch
): Promise<Client> {
  const client = await findClient(em, id, true)
  change.precondition(`Client ${id}`, client.version)
  const next = {
    name: changes.name?.trim() ?? client.name,
    email: changes.email ?? client.email,
    phone: changes.phone?.trim() ?? client.phone,
    company: changes.company === undefined ? client.company ?? null : trimmedOrNull(changes.company)
  }
  if (next.name === client.name && next.email === client.email && next.phone === client.phone && next.company === (client.company ?? null)) {
    return client
  }
  Object.assign(client, next)
  markChanged(client, change.actorId, change.now)
  await flushKeepingEmailsUnique(em, next.email)
  await events.emit(clientChanged('updated', client))
  return client
}

/**
 * Deletes a client without money history with its trips (their travellers and bookings too) and notes, in the
 * caller's transaction; one with payments received on its trips is refused (archive it instead).
 * Each goes out as its own deleted event, so billing drops the trips' invoices and reporting its rows without
 * knowing the cascade rule. A traveller on someone else's trip who was this client stays, no longer linked.
 */
export async function deleteClient (em: EntityManager, events: EventSink, id: number, change: Change): Promise<void> {
  const client = await findClient(em, id, true)
  change.precondition(`Client ${id}`, client.version)
  const trips = await em.find(Trip, { clientId: id }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE })
  // Counted with the client's trips locked, so that none moves to another client meanwhile.
  const payments = await paymentsOfClient(em, id)
  if (payments > 0) throw withExtensions(new CrmProblems.clientHasPayments(id, payments), { payments })
  const notes = await em.find(Note, { clientId: id }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE })
  await removeWhatTripsHold(em, events, trips.map((trip) => trip.id), change)
  const linked = await em.find(Traveller, { clientId: id }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE })
  for (const traveller of linked) {
    traveller.clientId = null
    markChanged(traveller, change.actorId, change.now)
  }
  await em.flush()
  for (const traveller of linked) await events.emit(travellerChanged('updated', traveller))
  await em.nativeDelete(Trip, { clientId: id })
  await em.nativeDelete(Note, { clientId: id })
  await em.nativeDelete(Client, { id })
  for (const trip of trips) await events.emit(tripChanged('deleted', deletionOf(trip, change.actorId, change.now)))
  for (const note of notes) await events.emit(noteChanged('deleted', deletionOf(note, change.actorId, change.now)))
  await events.emit(clientChanged('deleted', deletionOf(client, change.actorId, change.now)))
}
