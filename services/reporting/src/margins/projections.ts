import { BookingPayload, type EventSubject } from '@travel-crm/contracts'
import type { EventHandler } from '@travel-crm/service-kit/messaging'
import { removed, stored, type Projection } from '../events/projections.js'

// A booking hangs off its trip: deleting the trip takes its bookings, and a late change to a booking of a
// deleted trip is not stored again. Cancelled bookings are kept (with their status) so that a later change
// brings them back exactly.
const booking: Projection<BookingPayload> = {
  kind: 'booking',
  schema: BookingPayload,
  row: (b) => ({
    id: b.id,
    trip_id: b.trip_id,
    supplier_id: b.supplier_id,
    status: b.status,
    start_date: b.start_date,
    end_date: b.end_date,
    currency: b.currency,
    cost: b.cost,
    sell_price: b.sell_price,
    commission: b.commission,
    created_at: b.created_at,
    updated_at: b.updated_at,
    created_by: b.created_by,
    updated_by: b.updated_by,
    version: b.version
  }),
  ancestors: (b) => [{ kind: 'trip', id: b.trip_id }]
}

/** The events the money-over-time reports are built from. */
export const moneyProjections: Partial<Record<EventSubject, EventHandler>> = {
  'crm.booking.created': stored(booking),
  'crm.booking.updated': stored(booking),
  'crm.booking.deleted': removed(booking)
}
