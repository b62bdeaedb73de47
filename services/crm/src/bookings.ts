import { ForeignKeyConstraintViolationException, LockMode, type EntityManager, type ObjectQuery } from '@mikro-orm/postgresql'
import { parseMoney, percentOf, trimmedOrNull, type BookingCreate, type BookingListQuery, type BookingPatch } from '@travel-crm/contracts'
import { createdBy, deletionOf, findPage, findRow, markChanged, type Page } from '@travel-crm/service-kit/data'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { Booking } from './entities/booking.js'
import { Trip } from './entities/trip.js'
import { bookingChanged } from './change-events.js'
import { CrmProblems } from './problems.js'
import { findSupplier } from './suppliers.js'

/** The request schema already refused anything that is not money; this only narrows the type. */
function money (input: unknown): string {
  const amount = parseMoney(input)
  if (amount === undefined) throw new TypeError('an amount passed validation but is not money')
  return amount
}

/**
 * A commission worked out from a rate: `rate` percent of the sell price, rounded half up to the cent, in
 * integer arithmetic (10.00 % of 33.35 is 3.335, which is 3.34).
 */
export function commissionAt (rate: string, sellPrice: string): string {
  return percentOf(rate, sellPrice)
}

function checkDates (startDate: string, endDate: string): void {
  if (endDate < startDate) throw new CrmProblems.bookingEndsBeforeStart(endDate, startDate)
}

async function lockTrip (em: EntityManager, tripId: number): Promise<Trip> {
  const trip = await em.findOne(Trip, { id: tripId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  if (trip === null) throw new CrmProblems.tripNotFound(tripId)
  return trip
}

/** The supplier must still exist when the booking commits: a deletion between look and write is its foreign key. */
async function flushForExistingSupplier (em: EntityManager, supplierId: number): Promise<void> {
  try {
    await em.flush()
  } catch (error) {
    if (error instanceof ForeignKeyConstraintViolationException) throw new CrmProblems.supplierNotFound(supplierId)
    throw error
  }
}

export async function addBooking (
  em: EntityManager, events: EventSink, change: Change, tripId: number, input: BookingCreate
): Promise<Booking> {
  const endDate = input.end_date ?? input.start_date
  checkDates(input.start_date, endDate)
  const trip = await lockTrip(em, tripId)
  const supplier = await findSupplier(em, input.supplier_id)
  const sellPrice = money(input.sell_price)
  const commissionRate = input.commission === undefined ? supplier.defaultCommissionRate : null
  const booking = em.create(Booking, {
    tripId,
    supplierId: supplier.id,
    kind: input.kind ?? supplier.kind,
    description: input.description.trim(),
    confirmationRef: trimmedOrNull(input.confirmation_ref),
    startDate: input.start_date,
    endDate,
    status: input.status ?? 'pending',
    currency: input.currency ?? trip.currency,
    cost: money(input.cost),
    sellPrice,
    commission: commissionRate === null ? money(input.commission) : commissionAt(commissionRate, sellPrice),
    commissionRate,
    ...createdBy(change.actorId, change.now)
  })
  await flushForExistingSupplier(em, supplier.id)
  await events.emit(bookingChanged('created', booking))
  return booking
}

/** A booking is reached only through its own trip: one of another trip is as good as missing. */
async function lockBooking (em: EntityManager, tripId: number, id: number): Promise<Booking> {
  const booking = await em.findOne(Booking, { id, tripId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  if (booking === null) throw new CrmProblems.bookingNotFound(id, tripId)
  return booking
}

export async function readBooking (em: EntityManager, tripId: number, id: number): Promise<Booking> {
  const booking = await findRow(em, Booking, { id, tripId })
  if (booking === undefined) throw new CrmProblems.bookingNotFound(id, tripId)
  return booking
}

export async function listBookings (em: EntityManager, tripId: number, query: BookingListQuery): Promise<Page<Booking>> {
  if (await findRow(em, Trip, { id: tripId }) === undefined) throw new CrmProblems.tripNotFound(tripId)
  return await findPage(em, Booking, {
    where: () => {
      const conditions: ObjectQuery<Booking> = { tripId }
      if (query.status !== undefined) conditions.status = query.status
      if (query.supplier_id !== undefined) conditions.supplierId = query.supplier_id
      return conditions
    },
    order: 'asc',
    limit: query.limit,
    offset: query.offset
  })
}

export async function updateBooking (
  em: EntityManager, events: EventSink, change: Change, tripId: number, id: number, changes: BookingPatch
): Promise<Booking> {
  const booking = await lockBooking(em, tripId, id)
  change.precondition(`Booking ${id}`, booking.version)
  const supplierChanged = changes.supplier_id !== undefined && changes.supplier_id !== booking.supplierId
  const supplier = supplierChanged ? await findSupplier(em, changes.supplier_id as number) : undefined
  const sellPrice = changes.sell_price === undefined ? booking.sellPrice : money(changes.sell_price)
  // A commission given as an amount stays as given; one worked out from a rate follows the price it is a share of.
  let commission = booking.commission
  let commissionRate = booking.commissionRate ?? null
  if (changes.commission !== undefined) {
    commission = money(changes.commission)
    commissionRate = null
  } else if (commissionRate !== null && (supplier !== undefined || sellPrice !== booking.sellPrice)) {
    commissionRate = supplier?.defaultCommissionRate ?? commissionRate
    commission = commissionAt(commissionRate, sellPrice)
  }
  const next = {
    supplierId: supplier?.id ?? booking.supplierId,
    kind: changes.kind ?? booking.kind,
    description: changes.description?.trim() ?? booking.description,
    confirmationRef: changes.confirmation_ref === undefined ? booking.confirmationRef ?? null : trimmedOrNull(changes.confirmation_ref),
    startDate: changes.start_date ?? booking.startDate,
    endDate: changes.end_date ?? booking.endDate,
    status: changes.status ?? booking.status,
    currency: changes.currency ?? booking.currency,
    cost: changes.cost === undefined ? booking.cost : money(changes.cost),
    sellPrice,
    commission,
    commissionRate
  }
  checkDates(next.startDate, next.endDate)
  if ((Object.keys(next) as Array<keyof typeof next>).every((field) => next[field] === (booking[field] ?? null))) return booking
  Object.assign(booking, next)
  markChanged(booking, change.actorId, change.now)
  await flushForExistingSupplier(em, next.supplierId)
  await events.emit(bookingChanged('updated', booking))
  return booking
}

export async function deleteBooking (em: EntityManager, events: EventSink, tripId: number, id: number, change: Change): Promise<void> {
  const booking = await lockBooking(em, tripId, id)
  change.precondition(`Booking ${id}`, booking.version)
  await em.nativeDelete(Booking, { id })
  await events.emit(bookingChanged('deleted', deletionOf(booking, change.actorId, change.now)))
}
