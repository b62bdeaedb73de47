import { defineEntity, type InferEntity } from '@mikro-orm/core'
import { commissionStatus, compareMoney, subtractMoney, todayUtc, type CommissionPayload, type CommissionPaymentPayload } from '@travel-crm/contracts'
import { auditFields, auditProperties } from '@travel-crm/service-kit/data'

const p = defineEntity.properties

/** A supplier's commission on one crm booking: what is expected (the booking's word) and what was received. */
export const Commission = defineEntity({
  name: 'Commission',
  tableName: 'commission',
  properties: {
    bookingId: p.integer().primary(),
    tripId: p.integer(),
    supplierId: p.integer(),
    currency: p.string().length(3),
    expected: p.decimal().precision(12).scale(2),
    received: p.decimal().precision(12).scale(2),
    dueDate: p.date(),
    cancelled: p.boolean(),
    deleted: p.boolean(),
    bookingVersion: p.integer(),
    ...auditProperties
  }
})

export type Commission = InferEntity<typeof Commission>

/** Commission a supplier paid on a booking. */
export const CommissionPayment = defineEntity({
  name: 'CommissionPayment',
  tableName: 'commission_payment',
  properties: {
    id: p.integer().primary().autoincrement(),
    bookingId: p.integer(),
    amount: p.decimal().precision(12).scale(2),
    receivedDate: p.date(),
    ...auditProperties
  }
})

export type CommissionPayment = InferEntity<typeof CommissionPayment>

/** What is still open: never below nothing, even when crm lowered a commission below what was received. */
export function openBalance (commission: Pick<Commission, 'expected' | 'received'>): string {
  const balance = subtractMoney(commission.expected, commission.received)
  return compareMoney(balance, '0.00') > 0 ? balance : '0.00'
}

export function commissionPayload (commission: Commission, now = new Date()): CommissionPayload {
  return {
    id: commission.bookingId,
    booking_id: commission.bookingId,
    trip_id: commission.tripId,
    supplier_id: commission.supplierId,
    currency: commission.currency,
    expected: commission.expected,
    received: commission.received,
    balance: openBalance(commission),
    due_date: commission.dueDate,
    status: commissionStatus({ cancelled: commission.cancelled, amount: commission.expected, paid: commission.received, dueDate: commission.dueDate }, todayUtc(now)),
    ...auditFields(commission)
  }
}

export function commissionPaymentPayload (payment: CommissionPayment, commission: Commission): CommissionPaymentPayload {
  return {
    id: payment.id,
    booking_id: payment.bookingId,
    trip_id: commission.tripId,
    supplier_id: commission.supplierId,
    currency: commission.currency,
    amount: payment.amount,
    received_date: payment.receivedDate,
    ...auditFields(payment)
  }
}
