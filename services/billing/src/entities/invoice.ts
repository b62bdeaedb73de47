import { defineEntity, type InferEntity } from '@mikro-orm/core'
import { compareMoney, todayUtc, type InvoicePayload, type InvoiceStatus } from '@travel-crm/contracts'
import { auditFields, auditProperties } from '@travel-crm/service-kit/data'

const p = defineEntity.properties

/**
 * What was billed for a trip. Only what people type in is stored (dates, amount, the cancelled flag) plus the
 * running total of its payments; the status is derived whenever someone asks, because `Overdue` depends on
 * the day it is asked.
 */
export const Invoice = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  properties: {
    id: p.integer().primary().autoincrement(),
    tripId: p.integer(),
    clientId: p.integer(),
    // Postgres `date` and `numeric` come back as strings: calendar days and exact money, no zones or floats.
    issueDate: p.date(),
    dueDate: p.date(),
    amount: p.decimal().precision(12).scale(2),
    paidAmount: p.decimal().precision(12).scale(2),
    currency: p.string().length(3),
    cancelled: p.boolean(),
    ...auditProperties
  }
})

export type Invoice = InferEntity<typeof Invoice>

type StatusFacts = Pick<Invoice, 'amount' | 'paidAmount' | 'dueDate' | 'cancelled'>

/** The status as of `today`; `invoiceStatusCondition` in invoice-queries.ts says the same in SQL. */
export function invoiceStatus (invoice: StatusFacts, today: string): InvoiceStatus {
  if (invoice.cancelled) return 'Cancelled'
  if (isFullyPaid(invoice)) return 'Paid'
  if (invoice.dueDate < today) return 'Overdue'
  return compareMoney(invoice.paidAmount, '0.00') > 0 ? 'Partially Paid' : 'Pending'
}

export function isFullyPaid (invoice: Pick<Invoice, 'amount' | 'paidAmount'>): boolean {
  return compareMoney(invoice.paidAmount, invoice.amount) >= 0
}

/** The invoice as responses and events give it, its status judged at `now`. */
export function invoicePayload (invoice: Invoice, now = new Date()): InvoicePayload {
  return {
    id: invoice.id,
    trip_id: invoice.tripId,
    client_id: invoice.clientId,
    issue_date: invoice.issueDate,
    due_date: invoice.dueDate,
    amount: invoice.amount,
    paid_amount: invoice.paidAmount,
    currency: invoice.currency,
    status: invoiceStatus(invoice, todayUtc(now)),
    ...auditFields(invoice)
  }
}
