import type { EntityManager } from '@mikro-orm/postgresql'
import { BillingPersonalData, PERSONAL_DATA_SUBJECTS, ReportingPersonalData, type PersonalData } from '@travel-crm/contracts'
import type { Keyring } from '@travel-crm/service-kit/data'
import { askPersonalData, type ServiceApp } from '@travel-crm/service-kit/messaging'
import { readClient } from './clients.js'
import { clientPayload } from './entities/client.js'
import { Note, notePayload } from './entities/note.js'
import { Traveller, travellerPayload } from './entities/traveller.js'
import { Trip, tripPayload } from './entities/trip.js'
import { openPassport } from './passports.js'

/** How long billing and reporting may take to say what they hold: the admin waits for the whole document. */
const ANSWER_TIMEOUT_MS = 3000

/**
 * Everything held about a client (GDPR articles 15 and 20): crm's own records, with passport numbers whole,
 * and what billing and reporting answer over request-reply. crm owns the client, so the document is put
 * together here, behind the one route the policy already guards; the gateway stays a proxy. A service that
 * does not answer fails the whole request (503).
 */
export async function personalDataOf (app: ServiceApp, em: EntityManager, passportKeys: Keyring, clientId: number): Promise<PersonalData> {
  const client = await readClient(em, clientId)
  const [billing, reporting] = await Promise.all([
    askPersonalData(app, PERSONAL_DATA_SUBJECTS.billing, BillingPersonalData, clientId, ANSWER_TIMEOUT_MS),
    askPersonalData(app, PERSONAL_DATA_SUBJECTS.reporting, ReportingPersonalData, clientId, ANSWER_TIMEOUT_MS)
  ])
  const notes = await em.find(Note, { clientId }, { orderBy: { id: 'asc' } })
  const trips = await em.find(Trip, { clientId }, { orderBy: { id: 'asc' } })
  const travellers = await em.find(Traveller, { $or: [{ clientId }, { tripId: { $in: trips.map((trip) => trip.id) } }] }, { orderBy: { id: 'asc' } })
  return {
    client_id: clientId,
    generated_at: new Date().toISOString(),
    crm: {
      client: clientPayload(client),
      notes: notes.map(notePayload),
      trips: trips.map(tripPayload),
      travellers: travellers.map((traveller) => ({ ...travellerPayload(traveller), passport_number: openPassport(passportKeys, traveller) }))
    },
    billing,
    reporting
  }
}
