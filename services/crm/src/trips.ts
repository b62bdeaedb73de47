import { ForeignKeyConstraintViolationException, LockMode, type EntityManager, type FilterQuery, type ObjectQuery } from '@mikro-orm/postgresql'
import {
  addMoney, DEFAULT_TRIP_STATUS, parseMoney, subtractMoney, TRIP_STATUS_MOVES, tripMayMove, trimmedOrNull,
  type Trip as TripView, type TripCreate, type TripListQuery, type TripPatch, type TripStatus, type TripTotal
} from '@travel-crm/contracts'
import { createdBy, deletionOf, findPage, findRow, listOrder, markChanged, type Page, searchTerm } from '@travel-crm/service-kit/data'
import { withExtensions } from '@travel-crm/service-kit/http'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { archivedCondition } from './archive.js'
import { findClient } from './clients.js'
import { Booking } from './entities/booking.js'
import { Traveller } from './entities/traveller.js'
import { Trip, tripPayload } from './entities/trip.js'
import { tripHasInvoices } from './events/billing-invoices.js'
import { paymentsOnTrip } from './events/billing-payments.js'
import { bookingChanged, travellerChanged, tripChanged } from './change-events.js'
import { passportWarnings } from './passports.js'
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
  await clientTakingTrips(em, input.client_id)
  const trip = em.create(Trip, {
    clientId: input.client_id,
    destination: input.destination.trim(),
    startDate: input.start_date,
    endDate: input.end_date,
    price: money(input.price),
    currency: input.currency ?? defaultCurrency,
    notes: trimmedOrNull(input.notes),
    status: input.status ?? DEFAULT_TRIP_STATUS,
    statusChangedAt: change.now,
    ...createdBy(change.actorId, change.now)
  })
  await flushForExistingClient(em, input.client_id)
  await events.emit(tripChanged('created', trip))
  return trip
}

/** The client a trip is given to: it must exist and not be archived (an archived client takes nothing new). */
async function clientTakingTrips (em: EntityManager, clientId: number): Promise<void> {
  const client = await findClient(em, clientId)
  if (client.archivedAt != null) throw new CrmProblems.clientArchived(clientId)
}

/** The trip, locked until the transaction ends: the one way to a trip that will be changed. */
export async function lockTrip (em: EntityManager, id: number): Promise<Trip> {
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
    const conditions: ObjectQuery<Trip> = {
      ...(destination === undefined ? {} : containing<Trip>('destination', destination)),
      ...archivedCondition<Trip>(query.archived) as ObjectQuery<Trip>
    }
    if (query.client_id !== undefined) conditions.clientId = query.client_id
    if (query.status !== undefined) conditions.status = { $in: [...new Set(query.status.split(','))] as TripStatus[] }
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
    notes: changes.notes === undefined ? trip.notes ?? null : trimmedOrNull(changes.notes),
    status: changes.status ?? trip.status
  }
  checkDates(next.startDate, next.endDate)
  const previousStatus = trip.status
  if (!tripMayMove(previousStatus, next.status)) {
    const allowed = TRIP_STATUS_MOVES[previousStatus]
    throw new CrmProblems.tripStatusTransition(trip.id, `${previousStatus} to ${next.status}`, allowed.length === 0 ? 'nothing (it is final)' : allowed.join(', '))
  }
  // Billing bills a trip in its currency: once invoiced, the money already owed and paid is in that one.
  if (next.currency !== trip.currency && await tripHasInvoices(em, trip.id)) throw new CrmProblems.tripCurrencyLocked(String(trip.id), trip.currency)
  if (next.clientId !== trip.clientId) await clientTakingTrips(em, next.clientId)
  const unchanged = (Object.keys(next) as Array<keyof typeof next>).every((field) => next[field] === (trip[field] ?? null))
  if (unchanged) return trip
  Object.assign(trip, next)
  if (next.status !== previousStatus) trip.statusChangedAt = change.now
  markChanged(trip, change.actorId, change.now)
  await flushForExistingClient(em, next.clientId)
  await events.emit(tripChanged('updated', trip, next.status === previousStatus ? undefined : previousStatus))
  return trip
}

/**
 * Removes the travellers and bookings of these (locked) trips, each with its deleted event, in the caller's
 * transaction: consumers drop them without knowing that a trip takes its own along.
 */
export async function removeWhatTripsHold (em: EntityManager, events: EventSink, tripIds: number[], change: Change): Promise<void> {
  if (tripIds.length === 0) return
  const travellers = await em.find(Traveller, { tripId: { $in: tripIds } }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE })
  const bookings = await em.find(Booking, { tripId: { $in: tripIds } }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE })
  await em.nativeDelete(Traveller, { tripId: { $in: tripIds } })
  await em.nativeDelete(Booking, { tripId: { $in: tripIds } })
  for (const traveller of travellers) await events.emit(travellerChanged('deleted', deletionOf(traveller, change.actorId, change.now)))
  for (const booking of bookings) await events.emit(bookingChanged('deleted', deletionOf(booking, change.actorId, change.now)))
}

/**
 * Deletes a trip without money history. One with payments received is refused: money received is a fact,
 * and billing would otherwise drop its invoices and the payments on them (see events/billing-payments.ts for
 * how crm knows).
 */
export async function deleteTrip (em: EntityManager, events: EventSink, id: number, change: Change): Promise<void> {
  const trip = await lockTrip(em, id)
  change.precondition(`Trip ${id}`, trip.version)
  const payments = await paymentsOnTrip(em, id)
  if (payments > 0) throw withExtensions(new CrmProblems.tripHasPayments(id, payments), { payments })
  await removeWhatTripsHold(em, events, [id], change)
  await em.nativeDelete(Trip, { id })
  await events.emit(tripChanged('deleted', deletionOf(trip, change.actorId, change.now)))
}

/** Postgres array literal of ids, for `= any(?::int[])`. */
function idArray (ids: number[]): string {
  return `{${ids.join(',')}}`
}

/**
 * Trips as the API answers them: each with its totals per currency (bookings not cancelled; margin = sell -
 * cost + commission) and its passport warnings. Two queries for a whole page, whatever its length.
 */
export async function tripViews (em: EntityManager, trips: Trip[]): Promise<TripView[]> {
  if (trips.length === 0) return []
  const ids = idArray(trips.map((trip) => trip.id))
  const sums = await em.execute<Array<{ trip_id: number, currency: string, sell: string, cost: string, commission: string }>>(
    `select trip_id, currency, sum(sell_price)::text as sell, sum(cost)::text as cost, sum(commission)::text as commission
     from booking where trip_id = any(?::int[]) and status <> 'cancelled' group by trip_id, currency order by trip_id, currency`, [ids])
  const expiries = await em.execute<Array<{ id: number, trip_id: number, passport_expiry: string }>>(
    `select id, trip_id, passport_expiry::text as passport_expiry from traveller
     where trip_id = any(?::int[]) and passport_expiry is not null order by id`, [ids])
  return trips.map((trip) => {
    const { previous_status: _previousStatus, ...payload } = tripPayload(trip)
    const totals: TripTotal[] = sums.filter((sum) => sum.trip_id === trip.id).map((sum) => {
      const [sell, cost, commission] = [addMoney(sum.sell), addMoney(sum.cost), addMoney(sum.commission)]
      return { currency: sum.currency, sell, cost, commission, margin: addMoney(subtractMoney(sell, cost), commission) }
    })
    const travellers = expiries.filter((row) => row.trip_id === trip.id).map((row) => ({ id: row.id, passportExpiry: row.passport_expiry }))
    return { ...payload, status: trip.status, status_changed_at: trip.statusChangedAt.toISOString(), totals, warnings: passportWarnings(trip.endDate, travellers) }
  })
}

export async function tripView (em: EntityManager, trip: Trip): Promise<TripView> {
  const [view] = await tripViews(em, [trip])
  return view as TripView
}
