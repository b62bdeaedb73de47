import { LockMode, type EntityManager } from '@mikro-orm/postgresql'
import { erasedRecord, erasedValues, type ClientErasedPayload, type ClientErasure } from '@travel-crm/contracts'
import { deletionOf, markChanged, type Keyring } from '@travel-crm/service-kit/data'
import { eraseFromKeptMessages, type Change, type EventSink } from '@travel-crm/service-kit/messaging'
import { destroyClientKeys } from './client-keys.js'
import { clientChanged, noteChanged, travellerChanged, tripChanged } from './change-events.js'
import { findClient } from './clients.js'
import { Note } from './entities/note.js'
import { Traveller } from './entities/traveller.js'
import { Trip } from './entities/trip.js'

/**
 * Erases a client's personal data (GDPR article 17) in the caller's transaction: the client's name, contacts
 * and company, its notes, its trips' notes, and the personal fields of every traveller on its trips or linked
 * to it are replaced with `erasedValues`. Trips, bookings and everything billing holds stay, so money history
 * and reports keep their amounts. Each record goes out as its usual event with the erased values, then
 * `crm.client.erased` names them all so that every copy elsewhere is replaced too. Erasing again erases what
 * was added since.
 */
/** A traveller's remembered answer is sealed with the passport keys (passports.ts): opened, erased, sealed again. */
async function eraseSealedAnswers (em: EntityManager, erasure: ClientErasedPayload, passportKeys: Keyring): Promise<void> {
  const answers = await em.execute<Array<{ key: string, response_body: string, location: string }>>(
    `select key, response_body, response_headers->>'location' as location from idempotency_key
     where response_body is not null and response_headers->>'location' like '/trips/%/travellers/%'`
  )
  for (const answer of answers) {
    if (!erasure.traveller_ids.includes(Number(answer.location.split('/').pop()))) continue
    const erased = erasedRecord(erasure, 'traveller', JSON.parse(passportKeys.open(answer.response_body)) as unknown)
    await em.execute('update idempotency_key set response_body = ? where key = ?', [passportKeys.seal(JSON.stringify(erased)), answer.key])
  }
}

export async function eraseClient (
  em: EntityManager, events: EventSink, change: Change, passportKeys: Keyring, id: number, reason: string
): Promise<ClientErasure> {
  const client = await findClient(em, id, true)
  const lock = { orderBy: { id: 'asc' as const }, lockMode: LockMode.PESSIMISTIC_WRITE as const }
  const trips = await em.find(Trip, { clientId: id }, lock)
  const notes = await em.find(Note, { clientId: id }, lock)
  const tripIds = trips.map((trip) => trip.id)
  const travellers = await em.find(Traveller, { $or: [{ clientId: id }, { tripId: { $in: tripIds } }] }, lock)

  const clientValues = erasedValues('client', id) as { name: string, email: string, phone: string, company: null }
  Object.assign(client, clientValues)
  markChanged(client, change.actorId, change.now)
  const tripsWithNotes = trips.filter((trip) => trip.notes != null)
  for (const trip of tripsWithNotes) {
    trip.notes = null
    markChanged(trip, change.actorId, change.now)
  }
  for (const traveller of travellers) {
    Object.assign(traveller, {
      firstName: 'Erased', lastName: 'Traveller', dateOfBirth: null, nationality: null, passportNumberSealed: null, passportKeyId: null, passportExpiry: null
    })
    markChanged(traveller, change.actorId, change.now)
  }
  await em.flush()
  await em.nativeDelete(Note, { clientId: id })

  await events.emit(clientChanged('updated', client))
  for (const trip of tripsWithNotes) await events.emit(tripChanged('updated', trip))
  for (const traveller of travellers) await events.emit(travellerChanged('updated', traveller))
  for (const note of notes) await events.emit(noteChanged('deleted', { ...deletionOf(note, change.actorId, change.now), note: '' }))

  const erasure: ClientErasedPayload = {
    id,
    client_id: id,
    note_ids: notes.map((note) => note.id),
    trip_ids: tripIds,
    traveller_ids: travellers.map((traveller) => traveller.id),
    reason,
    erased_at: change.now.toISOString(),
    erased_by: change.actorId,
    version: client.version
  }
  await em.execute(
    `insert into client_erasure (client_id, erased_at, erased_by, reason) values (?, ?, ?, ?)
     on conflict (client_id) do update set erased_at = excluded.erased_at, erased_by = excluded.erased_by, reason = excluded.reason`,
    [id, change.now, change.actorId, reason]
  )
  await eraseFromKeptMessages(em, erasure)
  await eraseSealedAnswers(em, erasure, passportKeys)
  await events.emit({ subject: 'crm.client.erased', about: `client/${id}`, data: erasure })
  // Last, once every event of this change is sealed: whatever the keys sealed, in the stream and its copies, is gone.
  await destroyClientKeys(em, id)
  return { client_id: id, erased_at: erasure.erased_at, erased_by: erasure.erased_by, reason }
}
