import { SupplierPayload, TravellerPayload, type EventSubject } from '@travel-crm/contracts'
import type { EventHandler } from '@travel-crm/service-kit/messaging'
import { removed, stored, type Projection } from '../events/projections.js'
import { countingChanges } from '../read-model-changes.js'

// A traveller hangs off its trip, as a booking does: deleting the trip takes its travellers (crm announces
// each of them deleted too), and a late change to a traveller of a deleted trip is not stored again. Only what
// the departures report shows is kept: the name, and whether the passport will do (never its number).
const traveller: Projection<TravellerPayload> = {
  kind: 'traveller',
  schema: TravellerPayload,
  row: (t) => ({
    id: t.id,
    trip_id: t.trip_id,
    client_id: t.client_id,
    first_name: t.first_name,
    last_name: t.last_name,
    has_passport_number: t.has_passport_number,
    passport_expiry: t.passport_expiry,
    lead: t.lead,
    created_at: t.created_at,
    updated_at: t.updated_at,
    created_by: t.created_by,
    updated_by: t.updated_by,
    version: t.version
  }),
  ancestors: (t) => [{ kind: 'trip', id: t.trip_id }]
}

// Suppliers are the agency's business partners, nobody's personal data: their name names a booking.
const supplier: Projection<SupplierPayload> = {
  kind: 'supplier',
  schema: SupplierPayload,
  row: (s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    created_at: s.created_at,
    updated_at: s.updated_at,
    created_by: s.created_by,
    updated_by: s.updated_by,
    version: s.version
  }),
  ancestors: () => []
}

/** The events the departures report is built from, beside trips, invoices and bookings. */
export const departureProjections: Partial<Record<EventSubject, EventHandler>> = countingChanges({
  'crm.traveller.created': stored(traveller),
  'crm.traveller.updated': stored(traveller),
  'crm.traveller.deleted': removed(traveller),
  'crm.supplier.created': stored(supplier),
  'crm.supplier.updated': stored(supplier),
  'crm.supplier.deleted': removed(supplier)
})
