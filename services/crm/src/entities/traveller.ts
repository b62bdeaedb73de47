import { defineEntity, type InferEntity } from '@mikro-orm/core'
import type { TravellerPayload } from '@travel-crm/contracts'
import { auditFields, auditProperties } from '@travel-crm/service-kit/data'

const p = defineEntity.properties

/** Someone who travels on a trip. The passport number is kept sealed (passports.ts), never in the clear. */
export const Traveller = defineEntity({
  name: 'Traveller',
  tableName: 'traveller',
  properties: {
    id: p.integer().primary().autoincrement(),
    tripId: p.integer(),
    clientId: p.integer().nullable(),
    firstName: p.string().length(100),
    lastName: p.string().length(100),
    dateOfBirth: p.date().nullable(),
    nationality: p.string().length(2).nullable(),
    passportNumberSealed: p.text().nullable(),
    passportKeyId: p.string().length(32).nullable(),
    passportExpiry: p.date().nullable(),
    lead: p.boolean(),
    ...auditProperties
  }
})

export type Traveller = InferEntity<typeof Traveller>

/** The traveller as events give it: whether a passport number is on file, never the number. */
export function travellerPayload (traveller: Traveller): TravellerPayload {
  return {
    id: traveller.id,
    trip_id: traveller.tripId,
    client_id: traveller.clientId ?? null,
    first_name: traveller.firstName,
    last_name: traveller.lastName,
    date_of_birth: traveller.dateOfBirth ?? null,
    nationality: traveller.nationality ?? null,
    has_passport_number: traveller.passportNumberSealed != null,
    passport_expiry: traveller.passportExpiry ?? null,
    lead: traveller.lead,
    ...auditFields(traveller)
  }
}
