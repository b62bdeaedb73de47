import type { EntityManager } from '@mikro-orm/postgresql'
import type { DeletedPaymentPayload } from '@travel-crm/contracts'
import { deletionOf } from '@travel-crm/service-kit/data'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import type { Invoice } from './entities/invoice.js'
import { paymentPayload, type Payment } from './entities/payment.js'

/**
 * Deletes a locked payment the one way billing allows: its whole record, who deleted it, when and why go
 * into `deleted_payment` and into the `billing.payment.deleted` event, in the caller's transaction, so that
 * neither billing nor a consumer of the stream ever loses money that was received.
 */
export async function keepAndDeletePayment (
  em: EntityManager, events: EventSink, payment: Payment, invoice: Invoice, change: Change, reason: string | null
): Promise<void> {
  const deleted: DeletedPaymentPayload = {
    ...paymentPayload(deletionOf(payment, change.actorId, change.now), invoice),
    deleted_by: change.actorId ?? null,
    deleted_at: change.now.toISOString(),
    deletion_reason: reason
  }
  await em.execute(`insert into deleted_payment (payment_id, invoice_id, trip_id, client_id, amount, currency, payment_date,
      payment_method, reference, created_at, updated_at, created_by, updated_by, version, deleted_by, deleted_at, deletion_reason)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    deleted.id, deleted.invoice_id, deleted.trip_id, deleted.client_id, deleted.amount, deleted.currency, deleted.payment_date,
    deleted.payment_method, deleted.reference, payment.createdAt, payment.updatedAt, payment.createdBy ?? null, payment.updatedBy ?? null,
    payment.version, deleted.deleted_by, change.now, reason
  ])
  await events.emit({ subject: 'billing.payment.deleted', about: `payment/${payment.id}`, data: deleted })
  em.remove(payment)
}
