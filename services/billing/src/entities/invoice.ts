import { defineEntity, type InferEntity } from '@mikro-orm/core'
import { compareMoney, invoiceStatus, todayUtc, type InvoicePayload, type InvoiceStatus } from '@travel-crm/contracts'
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
    number: p.string().length(40),
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

/** The status as of `today`, by the rule of the contracts (which invoice-search.ts applies in SQL). */
export function statusOf (invoice: StatusFacts, today: string): InvoiceStatus {
  return invoiceStatus({ cancelled: invoice.cancelled, amount: invoice.amount, paid: invoice.paidAmount, dueDate: invoice.dueDate }, today)
}

export function isFullyPaid (invoice: Pick<Invoice, 'amount' | 'paidAmount'>): boolean {
  return compareMoney(invoice.paidAmount, invoice.amount) >= 0
}

/** The invoice as responses and events give it, its status judged at `now`. */
export function invoicePayload (invoice: Invoice, now = new Date()): InvoicePayload & { number: string } {
  return {
    id: invoice.id,
    number: invoice.number,
    trip_id: invoice.tripId,
    client_id: invoice.clientId,
    issue_date: invoice.issueDate,
    due_date: invoice.dueDate,
    amount: invoice.amount,
    paid_amount: invoice.paidAmount,
    currency: invoice.currency,
    status: statusOf(invoice, todayUtc(now)),
    ...auditFields(invoice)
  }
}
