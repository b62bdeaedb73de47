import { defineEntity, type InferEntity } from '@mikro-orm/core'
import type { BookingPayload, BookingStatus, SupplierKind } from '@travel-crm/contracts'
import { auditFields, auditProperties } from '@travel-crm/service-kit/data'

const p = defineEntity.properties

/** What was bought for a trip from a supplier: what the agency pays, what the client pays, what it earns. */
export const Booking = defineEntity({
  name: 'Booking',
  tableName: 'booking',
  properties: {
    id: p.integer().primary().autoincrement(),
    tripId: p.integer(),
    supplierId: p.integer(),
    kind: p.string().length(10).$type<SupplierKind>(),
    description: p.string().length(500),
    confirmationRef: p.string().length(50).nullable(),
    startDate: p.date(),
    endDate: p.date(),
    status: p.string().length(10).$type<BookingStatus>(),
    currency: p.string().length(3),
    cost: p.decimal().precision(12).scale(2),
    sellPrice: p.decimal().precision(12).scale(2),
    commission: p.decimal().precision(12).scale(2),
    commissionRate: p.decimal().precision(5).scale(2).nullable(),
    ...auditProperties
  }
})

export type Booking = InferEntity<typeof Booking>

export function bookingPayload (booking: Booking): BookingPayload {
  return {
    id: booking.id,
    trip_id: booking.tripId,
    supplier_id: booking.supplierId,
    kind: booking.kind,
    description: booking.description,
    confirmation_ref: booking.confirmationRef ?? null,
    start_date: booking.startDate,
    end_date: booking.endDate,
    status: booking.status,
    currency: booking.currency,
    cost: booking.cost,
    sell_price: booking.sellPrice,
    commission: booking.commission,
    commission_rate: booking.commissionRate ?? null,
    ...auditFields(booking)
  }
}
