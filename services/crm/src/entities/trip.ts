import { defineEntity, type InferEntity } from '@mikro-orm/core'
import type { TripPayload, TripReference, TripStatus } from '@travel-crm/contracts'
import { auditFields, auditProperties } from '@travel-crm/service-kit/data'

const p = defineEntity.properties

export const Trip = defineEntity({
  name: 'Trip',
  tableName: 'trip',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer(),
    destination: p.string().length(100),
    // Postgres `date` and `numeric` come back as strings: calendar days and exact money, no time zones or floats.
    startDate: p.date(),
    endDate: p.date(),
    price: p.decimal().precision(12).scale(2),
    currency: p.string().length(3),
    notes: p.text().nullable(),
    status: p.string().length(10).$type<TripStatus>(),
    statusChangedAt: p.datetime().columnType('timestamptz'),
    archivedAt: p.datetime().columnType('timestamptz').nullable(),
    ...auditProperties
  }
})

export type Trip = InferEntity<typeof Trip>

export function tripPayload (trip: Trip): TripPayload {
  return {
    id: trip.id,
    client_id: trip.clientId,
    destination: trip.destination,
    start_date: trip.startDate,
    end_date: trip.endDate,
    price: trip.price,
    currency: trip.currency,
    notes: trip.notes ?? null,
    status: trip.status,
    status_changed_at: trip.statusChangedAt.toISOString(),
    archived_at: trip.archivedAt?.toISOString() ?? null,
    ...auditFields(trip)
  }
}

/** `clientArchived`: whether the trip's client is archived, which makes the trip unbillable as well. */
export function tripReference (trip: Trip, clientArchived: boolean): TripReference {
  return {
    id: trip.id,
    client_id: trip.clientId,
    destination: trip.destination,
    currency: trip.currency,
    start_date: trip.startDate,
    version: trip.version,
    archived: trip.archivedAt != null || clientArchived
  }
}
