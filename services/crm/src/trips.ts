import { ForeignKeyConstraintViolationException, LockMode, type EntityManager, type FilterQuery, type ObjectQuery } from '@mikro-orm/postgresql'
import { parseMoney, trimmedOrNull, type TripCreate, type TripListQuery, type TripPatch } from '@travel-crm/contracts'
import { createdBy, deletionOf, findPage, findRow, listOrder, markChanged, type Page, searchTerm } from '@travel-crm/service-kit/data'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { findClient } from './clients.js'
import { Trip } from './entities/trip.js'
import { tripHasInvoices } from './events/billing-invoices.js'
import { tripChanged } from './change-events.js'
import { CrmProblems } from './problems.js'
import { containing, indexServes } from './substring-search.js'

/** The request schema already refused anything that is not money; this only narrows the type. */
function money (input: unknown): string {
  const amount = parseMoney(input)
  if (amount === undefined) throw new TypeError('price passed validation but is not money')
  return amount
}

function checkDates (startDate: string, endDate: string): void {
  // YYYY-MM-DD strings sort as the days they name.
  if (endDate < startDate) throw new CrmProblems.tripEndsBeforeStart(endDate, startDate)
}

/** The client a trip belongs to must exist, also when it is deleted while the trip is written (FK). */
async function flushForExistingClient (em: EntityManager, clientId: number): Promise<void> {
  try {
    await em.flush()
  } catch (error) {
    if (error instanceof ForeignKeyConstraintViolationException) throw new CrmProblems.clientNotFound(clientId)
    throw error
  }
}

export async function createTrip (
  em: EntityManager, events: EventSink, change: Change, input: TripCreate, defaultCurrency: string
): Promise<Trip> {
  checkDates(input.start_date, input.end_date)
  await findClient(em, input.client_id)
  const trip = em.create(Trip, {
    clientId: input.client_id,
    destination: input.destination.trim(),
    startDate: input.start_date,
    endDate: input.end_date,
    price: money(input.price),
    currency: input.currency ?? defaultCurrency,
    notes: trimmedOrNull(input.notes),
    ...createdBy(change.actorId, change.now)
  })
  await flushForExistingClient(em, input.client_id)
  await events.emit(tripChanged('created', trip))
  return trip
}

/** The trip, locked until the transaction ends: the one way to a trip that will be changed. */
async function lockTrip (em: EntityManager, id: number): Promise<Trip> {
  const trip = await em.findOne(Trip, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  if (trip === null) throw new CrmProblems.tripNotFound(id)
  return trip
}

/** A trip to send, read as plain data: nothing will change it. */
export async function readTrip (em: EntityManager, id: number): Promise<Trip> {
  const trip = await findRow(em, Trip, { id })
  if (trip === undefined) throw new CrmProblems.tripNotFound(id)
  return trip
}

export async function listTrips (em: EntityManager, query: TripListQuery): Promise<Page<Trip>> {
  const destination = searchTerm(query.destination)
  const where = (): FilterQuery<Trip> => {
    const conditions: ObjectQuery<Trip> = destination === undefined ? {} : containing<Trip>('destination', destination)
    if (query.client_id !== undefined) conditions.clientId = query.client_id
    if (query.start_date !== undefined || query.start_date_to !== undefined) {
      conditions.startDate = {
        ...(query.start_date !== undefined ? { $gte: query.start_date } : {}),
        ...(query.start_date_to !== undefined ? { $lte: query.start_date_to } : {})
      }
    }
    return conditions
  }
  return await findPage(em, Trip, {
    where,
    order: 'asc',
    sort: listOrder(query.sort, { id: 'id', destination: 'destination', start_date: 'startDate', end_date: 'endDate', price: 'price', created_at: 'createdAt', updated_at: 'updatedAt' }),
    limit: query.limit,
    offset: query.offset,
    search: destination !== undefined && indexServes('destination', destination)
  })
}

export async function updateTrip (
  em: EntityManager, events: EventSink, change: Change, id: number, changes: TripPatch
): Promise<Trip> {
  const trip = await lockTrip(em, id)
  change.precondition(`Trip ${id}`, trip.version)
  const next = {
    clientId: changes.client_id ?? trip.clientId,
    destination: changes.destination?.trim() ?? trip.destination,
    startDate: changes.start_date ?? trip.startDate,
    endDate: changes.end_date ?? trip.endDate,
    price: changes.price === undefined ? trip.price : money(changes.price),
    currency: changes.currency ?? trip.currency,
    notes: changes.notes === undefined ? trip.notes ?? null : trimmedOrNull(changes.notes)
  }
  checkDates(next.startDate, next.endDate)
  // Billing bills a trip in its currency: once invoiced, the money already owed and paid is in that one.
  if (next.currency !== trip.currency && await tripHasInvoices(em, trip.id)) throw new CrmProblems.tripCurrencyLocked(String(trip.id), trip.currency)
  if (next.clientId !== trip.clientId) await findClient(em, next.clientId)
  const unchanged = (Object.keys(next) as Array<keyof typeof next>).every((field) => next[field] === (trip[field] ?? null))
  if (unchanged) return trip
  Object.assign(trip, next)
  markChanged(trip, change.actorId, change.now)
  await flushForExistingClient(em, next.clientId)
  await events.emit(tripChanged('updated', trip))
  return trip
}

export async function deleteTrip (em: EntityManager, events: EventSink, id: number, change: Change): Promise<void> {
  const trip = await lockTrip(em, id)
  change.precondition(`Trip ${id}`, trip.version)
  await em.nativeDelete(Trip, { id })
  await events.emit(tripChanged('deleted', deletionOf(trip, change.actorId, change.now)))
}
