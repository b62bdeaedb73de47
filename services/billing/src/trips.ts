import type { EntityManager } from '@mikro-orm/postgresql'
import { Value } from 'typebox/value'
import { QUERY_SUBJECTS, TripQueryReply, type TripPayload, type TripReference } from '@travel-crm/contracts'
import { Problems } from '@travel-crm/service-kit/http'
import { preparedStatement, runPrepared } from '@travel-crm/service-kit/data'
import type { Bus } from '@travel-crm/service-kit/messaging'
import { BillingProblems } from './problems.js'

/** What billing keeps of a crm trip: enough to bill it (client, currency) and to order changes (version). */
export interface KnownTrip {
  id: number
  clientId: number
  currency: string
  /** The trip's first day; null for a trip billing learnt of before it kept it. */
  startDate: string | null
  version: number
  deleted: boolean
  /** crm archived the trip: nothing new is billed on it. */
  archived: boolean
}

/** Asks crm about a trip billing has not heard of yet; undefined when crm has no such trip. */
export type TripDirectory = (tripId: number) => Promise<TripReference | undefined>

export function crmTripDirectory (bus: Bus, timeoutMs: number): TripDirectory {
  return async (tripId) => {
    let body: unknown
    try {
      const reply = await bus.nc.request(bus.subject(QUERY_SUBJECTS.trip), JSON.stringify({ id: tripId }), { timeout: timeoutMs })
      body = reply.json()
    } catch {
      throw new Problems.unavailable(`crm cannot be asked about trip ${tripId} right now`)
    }
    if (!Value.Check(TripQueryReply, body)) throw new Problems.unavailable(`crm answered about trip ${tripId} in a form billing does not know`)
    return body.found ? body.trip : undefined
  }
}

interface TripRow { id: number, client_id: number, currency: string, start_date: string | null, version: number, deleted: boolean, archived: boolean }

async function lockTrip (em: EntityManager, tripId: number, mode: 'share' | 'update'): Promise<KnownTrip | undefined> {
  const [row] = await em.execute<TripRow[]>(`select id, client_id, currency, start_date::text, version, deleted, archived from trip where id = ? for ${mode}`, [tripId])
  return row === undefined
    ? undefined
    : { id: row.id, clientId: row.client_id, currency: row.currency, startDate: row.start_date, version: row.version, deleted: row.deleted, archived: row.archived }
}

/** A trip as crm's answer (`archived`) or its events (`archived_at`) describe it: archived or not. */
function isArchived (trip: TripReference | TripPayload): boolean {
  return ('archived' in trip && trip.archived === true) || ('archived_at' in trip && trip.archived_at != null)
}

async function insertTrip (em: EntityManager, trip: TripReference | TripPayload, deleted = false): Promise<boolean> {
  const inserted = await em.execute(
    'insert into trip (id, client_id, destination, currency, start_date, version, deleted, archived) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing returning id',
    [trip.id, trip.client_id, trip.destination, trip.currency, trip.start_date ?? null, trip.version, deleted, isArchived(trip)]
  )
  return inserted.length > 0
}

const TRIP_KNOWN = preparedStatement('select start_date is not null as dated from trip where id = $1')

/**
 * The directory an invoice's transaction asks, having asked crm already about its trip if billing has not heard
 * of it (or of its start date, when a schedule counts back from it). Asked inside the transaction, crm's answer
 * (up to CRM_QUERY_TIMEOUT_MS) would hold one of the pool's few connections: a burst of invoices for new trips
 * took them all, and every other request waited for one until it answered 503. The answer, or crm's failure to
 * give one, is kept for the transaction, which uses it in its own order of checks (terms first).
 */
export async function tripAskedAhead (em: EntityManager, tripId: number, needsStartDate: boolean, directory: TripDirectory): Promise<TripDirectory> {
  const [known] = await runPrepared<{ dated: boolean }>(em, TRIP_KNOWN, [tripId])
  if (known !== undefined && (known.dated || !needsStartDate)) return directory
  const answer = directory(tripId)
  // Settled before the transaction opens; a failure is thrown there, if the transaction still needs the answer
  // (the trip's event may have come meanwhile, the terms may be wrong).
  await answer.catch(() => undefined)
  return async (id) => id === tripId ? await answer : await directory(id)
}

/**
 * The trip an invoice is about to be written for, held (`for share`) until the invoice commits, so that a
 * crm.trip.deleted applied meanwhile waits and then removes the new invoice too. A trip billing has not
 * heard of yet (created a moment ago, its event still on the way) is asked of crm.
 */
export async function tripToInvoice (em: EntityManager, tripId: number, directory: TripDirectory): Promise<KnownTrip> {
  let trip = await lockTrip(em, tripId, 'share')
  if (trip === undefined) {
    const reference = await directory(tripId)
    if (reference === undefined) throw new BillingProblems.tripNotFound(tripId)
    // The event may have arrived while crm was answering; whichever row landed first is at least as recent.
    await insertTrip(em, reference)
    trip = await lockTrip(em, tripId, 'share')
  }
  if (trip === undefined || trip.deleted) throw new BillingProblems.tripNotFound(tripId)
  if (trip.archived) throw new BillingProblems.tripArchived(tripId)
  return trip
}

export type TripChange = { applied: false } | { applied: true, previousClientId: number | undefined }

/** Applies crm.trip.created/updated/archived/restored unless billing already holds this version or a later one. */
export async function rememberTrip (em: EntityManager, trip: TripPayload): Promise<TripChange> {
  const held = await lockTrip(em, trip.id, 'update')
  if (held === undefined) {
    if (await insertTrip(em, trip)) return { applied: true, previousClientId: undefined }
    // crm's answer to an invoice request landed between our look and our insert: compare with it.
    return await rememberTrip(em, trip)
  }
  if (held.deleted || held.version >= trip.version) return { applied: false }
  await em.execute(
    'update trip set client_id = ?, destination = ?, currency = ?, start_date = ?, version = ?, archived = ? where id = ?',
    [trip.client_id, trip.destination, trip.currency, trip.start_date, trip.version, isArchived(trip), trip.id]
  )
  return { applied: true, previousClientId: held.clientId }
}

/**
 * Applies crm.trip.deleted: the trip becomes a tombstone, so that no invoice can be written for it and no
 * late event revives it. Returns whether it was live until now (and its invoices must go).
 */
export async function forgetTrip (em: EntityManager, trip: TripPayload): Promise<boolean> {
  const held = await lockTrip(em, trip.id, 'update')
  if (held === undefined) {
    if (await insertTrip(em, trip, true)) return false
    return await forgetTrip(em, trip)
  }
  if (held.deleted || held.version > trip.version) return false
  await em.execute('update trip set deleted = true, version = ? where id = ?', [trip.version, trip.id])
  return true
}

/**
 * The first day of an invoiced trip, which a payment schedule counts back from. A trip billing learnt of
 * before it kept start dates is asked of crm (and remembered, unless a newer event has been applied meanwhile).
 */
export async function tripStartDate (em: EntityManager, trip: KnownTrip, directory: TripDirectory): Promise<string> {
  if (trip.startDate !== null) return trip.startDate
  const reference = await directory(trip.id)
  if (reference?.start_date === undefined) throw new BillingProblems.tripStartUnknown(trip.id)
  await em.execute('update trip set start_date = ? where id = ? and start_date is null and version <= ?', [reference.start_date, trip.id, reference.version])
  return reference.start_date
}
