import { ForeignKeyConstraintViolationException, LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql'
import { todayUtc, type TravellerCreate, type TravellerListQuery, type TravellerPatch } from '@travel-crm/contracts'
import { createdBy, deletionOf, findPage, findRow, markChanged, type Keyring, type Page } from '@travel-crm/service-kit/data'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { findClient } from './clients.js'
import { Traveller } from './entities/traveller.js'
import { Trip } from './entities/trip.js'
import { travellerChanged } from './change-events.js'
import { openPassport, sealPassport } from './passports.js'
import { CrmProblems } from './problems.js'

function checkBirth (dateOfBirth: string | null, now: Date): void {
  if (dateOfBirth !== null && dateOfBirth > todayUtc(now)) throw new CrmProblems.bornInFuture(dateOfBirth)
}

/** The trip a traveller is written to, locked: its lead and its deletion wait for each other. */
async function lockTripOf (em: EntityManager, tripId: number): Promise<Trip> {
  const trip = await em.findOne(Trip, { id: tripId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  if (trip === null) throw new CrmProblems.tripNotFound(tripId)
  return trip
}

/** The lead is unique per trip (a partial unique index); a client named must exist, also at commit (FK). */
async function flushTraveller (em: EntityManager, traveller: Traveller): Promise<void> {
  try {
    await em.flush()
  } catch (error) {
    // Another lead committed since the look (the transaction is aborted now: nothing more can be asked).
    if (error instanceof UniqueConstraintViolationException) throw new CrmProblems.leadTaken(traveller.tripId, 'another traveller')
    if (error instanceof ForeignKeyConstraintViolationException) throw new CrmProblems.clientNotFound(traveller.clientId ?? 0)
    throw error
  }
}

async function checkLeadFree (em: EntityManager, tripId: number, travellerId?: number): Promise<void> {
  const lead = await em.findOne(Traveller, { tripId, lead: true, ...(travellerId === undefined ? {} : { id: { $ne: travellerId } }) })
  if (lead !== null) throw new CrmProblems.leadTaken(tripId, lead.id)
}

export async function addTraveller (
  em: EntityManager, events: EventSink, change: Change, keys: Keyring, tripId: number, input: TravellerCreate
): Promise<Traveller> {
  checkBirth(input.date_of_birth ?? null, change.now)
  await lockTripOf(em, tripId)
  if (input.client_id != null) await findClient(em, input.client_id)
  if (input.lead === true) await checkLeadFree(em, tripId)
  const traveller = em.create(Traveller, {
    tripId,
    clientId: input.client_id ?? null,
    firstName: input.first_name.trim(),
    lastName: input.last_name.trim(),
    dateOfBirth: input.date_of_birth ?? null,
    nationality: input.nationality ?? null,
    ...sealPassport(keys, input.passport_number ?? null),
    passportExpiry: input.passport_expiry ?? null,
    lead: input.lead ?? false,
    ...createdBy(change.actorId, change.now)
  })
  await flushTraveller(em, traveller)
  await events.emit(travellerChanged('created', traveller))
  return traveller
}

/** A traveller is reached only through its own trip: one of another trip is as good as missing. */
async function lockTraveller (em: EntityManager, tripId: number, id: number): Promise<Traveller> {
  const traveller = await em.findOne(Traveller, { id, tripId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  if (traveller === null) throw new CrmProblems.travellerNotFound(id, tripId)
  return traveller
}

export async function readTraveller (em: EntityManager, tripId: number, id: number): Promise<Traveller> {
  const traveller = await findRow(em, Traveller, { id, tripId })
  if (traveller === undefined) throw new CrmProblems.travellerNotFound(id, tripId)
  return traveller
}

export async function listTravellers (em: EntityManager, tripId: number, query: TravellerListQuery): Promise<Page<Traveller>> {
  if (await findRow(em, Trip, { id: tripId }) === undefined) throw new CrmProblems.tripNotFound(tripId)
  return await findPage(em, Traveller, { where: () => ({ tripId }), order: 'asc', limit: query.limit, offset: query.offset })
}

export async function updateTraveller (
  em: EntityManager, events: EventSink, change: Change, keys: Keyring, tripId: number, id: number, changes: TravellerPatch
): Promise<Traveller> {
  const traveller = await lockTraveller(em, tripId, id)
  change.precondition(`Traveller ${id}`, traveller.version)
  const next = {
    clientId: changes.client_id === undefined ? traveller.clientId ?? null : changes.client_id,
    firstName: changes.first_name?.trim() ?? traveller.firstName,
    lastName: changes.last_name?.trim() ?? traveller.lastName,
    dateOfBirth: changes.date_of_birth === undefined ? traveller.dateOfBirth ?? null : changes.date_of_birth,
    nationality: changes.nationality === undefined ? traveller.nationality ?? null : changes.nationality,
    passportExpiry: changes.passport_expiry === undefined ? traveller.passportExpiry ?? null : changes.passport_expiry,
    lead: changes.lead ?? traveller.lead
  }
  checkBirth(next.dateOfBirth, change.now)
  // A number is sealed anew each time (a fresh IV): compare what it says, not how it is stored.
  const passportChanged = changes.passport_number !== undefined &&
    (changes.passport_number?.toUpperCase() ?? null) !== openPassport(keys, traveller)
  const unchanged = !passportChanged && (Object.keys(next) as Array<keyof typeof next>).every((field) => next[field] === (traveller[field] ?? null))
  if (unchanged) return traveller
  if (next.clientId !== null && next.clientId !== traveller.clientId) await findClient(em, next.clientId)
  if (next.lead && !traveller.lead) await checkLeadFree(em, tripId, id)
  Object.assign(traveller, next, passportChanged ? sealPassport(keys, changes.passport_number ?? null) : {})
  markChanged(traveller, change.actorId, change.now)
  await flushTraveller(em, traveller)
  await events.emit(travellerChanged('updated', traveller))
  return traveller
}

export async function removeTraveller (em: EntityManager, events: EventSink, tripId: number, id: number, change: Change): Promise<void> {
  const traveller = await lockTraveller(em, tripId, id)
  change.precondition(`Traveller ${id}`, traveller.version)
  await em.nativeDelete(Traveller, { id })
  await events.emit(travellerChanged('deleted', deletionOf(traveller, change.actorId, change.now)))
}
