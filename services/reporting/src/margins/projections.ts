import { BookingPayload, CommissionPayload, type EventSubject } from '@travel-crm/contracts'
import type { EventHandler } from '@travel-crm/service-kit/messaging'
import { removed, stored, type Projection } from '../events/projections.js'
import { countingChanges } from '../read-model-changes.js'

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
    kind: b.kind,
    description: b.description,
    created_at: b.created_at,
    updated_at: b.updated_at,
    created_by: b.created_by,
    updated_by: b.updated_by,
    version: b.version
  }),
  ancestors: (b) => [{ kind: 'trip', id: b.trip_id }]
}

// A commission stays when its booking goes (billing keeps it, Cancelled): the report leaves cancelled ones out.
// Received and open are billing's word; overdue is judged on the day the report is asked.
const commission: Projection<CommissionPayload> = {
  kind: 'commission',
  schema: CommissionPayload,
  row: (c) => ({
    id: c.booking_id,
    trip_id: c.trip_id,
    supplier_id: c.supplier_id,
    currency: c.currency,
    expected: c.expected,
    received: c.received,
    due_date: c.due_date,
    cancelled: c.status === 'Cancelled',
    created_at: c.created_at,
    updated_at: c.updated_at,
    created_by: c.created_by,
    updated_by: c.updated_by,
    version: c.version
  }),
  ancestors: () => []
}

/** The events the money-over-time reports are built from; each moves the change count the report ETags are made of. */
export const moneyProjections: Partial<Record<EventSubject, EventHandler>> = countingChanges({
  'crm.booking.created': stored(booking),
  'crm.booking.updated': stored(booking),
  'crm.booking.deleted': removed(booking),
  'billing.commission.updated': stored(commission)
})
