import { defineEntity, type InferEntity } from '@mikro-orm/core'
import type { PaymentPayload } from '@travel-crm/contracts'
import { auditFields, auditProperties } from '@travel-crm/service-kit/data'
import type { Invoice } from './invoice.js'

const p = defineEntity.properties

/** Money received against an invoice. */
export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  properties: {
    id: p.integer().primary().autoincrement(),
    invoiceId: p.integer(),
    paymentDate: p.date(),
    amount: p.decimal().precision(12).scale(2),
    paymentMethod: p.string().length(50),
    reference: p.string().length(100).nullable(),
    ...auditProperties
  }
})

export type Payment = InferEntity<typeof Payment>

/** The payment as responses and events give it: with its invoice's trip, client and currency. */
export function paymentPayload (payment: Payment, invoice: Pick<Invoice, 'tripId' | 'clientId' | 'currency'>): PaymentPayload {
  return {
    id: payment.id,
    invoice_id: payment.invoiceId,
    trip_id: invoice.tripId,
    client_id: invoice.clientId,
    amount: payment.amount,
    currency: invoice.currency,
    payment_date: payment.paymentDate,
    payment_method: payment.paymentMethod,
    reference: payment.reference ?? null,
    ...auditFields(payment)
  }
}
