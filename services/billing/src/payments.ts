import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { addMoney, compareMoney, subtractMoney, todayUtc, trimmedOrNull } from '@travel-crm/contracts'
import { withExtensions } from '@travel-crm/service-kit/http'
import { createdBy, markChanged } from '@travel-crm/service-kit/data'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import type { Invoice } from './entities/invoice.js'
import { Payment, paymentPayload } from './entities/payment.js'
import { changePaidAmount, lockInvoice } from './invoicing.js'
import { BillingProblems } from './problems.js'
import { checkPaymentDate } from './date-window.js'
import { keepAndDeletePayment } from './deleted-payments.js'
import { assertBillable } from './trips.js'

export interface NewPayment {
  invoiceId: number
  paymentDate: string | undefined
  amount: string
  paymentMethod: string
  reference: string | null | undefined
}

export interface PaymentAmendment {
  paymentDate?: string | undefined
  amount?: string | undefined
  paymentMethod?: string | undefined
  reference?: string | null | undefined
}

/** Refuses a payment that would take the invoice past its amount; `balance` is what it may still take. */
function assertFits (invoice: Invoice, amount: string, balance: string): void {
  if (compareMoney(amount, balance) > 0) {
    throw withExtensions(new BillingProblems.exceedsBalance(amount, balance, invoice.currency), { balance, currency: invoice.currency })
  }
}

/** A payment and the invoice it is on, as a change leaves them. */
export interface PaymentOnInvoice { payment: Payment, invoice: Invoice }

/**
 * Records a payment. The invoice row stays locked from the balance check to the commit, so payments that
 * arrive together are checked one after the other and can never add up to more than the invoice.
 */
export async function recordPayment (em: EntityManager, events: EventSink, input: NewPayment, change: Change): Promise<PaymentOnInvoice> {
  const invoice = await lockInvoice(em, input.invoiceId)
  if (invoice.cancelled) throw new BillingProblems.invoiceCancelled(invoice.id)
  await assertBillable(em, invoice.tripId, invoice.clientId)
  assertFits(invoice, input.amount, subtractMoney(invoice.amount, invoice.paidAmount))
  if (input.paymentDate !== undefined) checkPaymentDate(input.paymentDate, change.now)
  const payment = em.create(Payment, {
    invoiceId: invoice.id,
    paymentDate: input.paymentDate ?? todayUtc(change.now),
    amount: input.amount,
    paymentMethod: input.paymentMethod.trim(),
    reference: trimmedOrNull(input.reference),
    ...createdBy(change.actorId, change.now)
  })
  await em.flush()
  await events.emit({ subject: 'billing.payment.recorded', about: `payment/${payment.id}`, data: paymentPayload(payment, invoice) })
  await changePaidAmount(em, events, invoice, addMoney(invoice.paidAmount, payment.amount), change)
  return { payment, invoice }
}

/** Locks a payment's invoice, then the payment: the same order as every other change, so none deadlock. */
async function lockPayment (em: EntityManager, paymentId: number): Promise<PaymentOnInvoice> {
  const [row] = await em.execute<Array<{ invoice_id: number }>>('select invoice_id from payment where id = ?', [paymentId])
  if (row === undefined) throw new BillingProblems.paymentNotFound(paymentId)
  const invoice = await lockInvoice(em, row.invoice_id)
  const payment = await em.findOne(Payment, { id: paymentId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  // Deleted while we waited for the invoice.
  if (payment === null) throw new BillingProblems.paymentNotFound(paymentId)
  return { invoice, payment }
}

export async function amendPayment (em: EntityManager, events: EventSink, paymentId: number, amendment: PaymentAmendment, change: Change): Promise<PaymentOnInvoice> {
  const { invoice, payment } = await lockPayment(em, paymentId)
  change.precondition(`Payment ${paymentId}`, payment.version)
  const previousAmount = payment.amount
  if (amendment.amount !== undefined) {
    assertFits(invoice, amendment.amount, addMoney(subtractMoney(invoice.amount, invoice.paidAmount), previousAmount))
    payment.amount = amendment.amount
  }
  if (amendment.paymentDate !== undefined) {
    checkPaymentDate(amendment.paymentDate, change.now)
    payment.paymentDate = amendment.paymentDate
  }
  if (amendment.paymentMethod !== undefined) payment.paymentMethod = amendment.paymentMethod.trim()
  if (amendment.reference !== undefined) payment.reference = trimmedOrNull(amendment.reference)
  markChanged(payment, change.actorId, change.now)
  await em.flush()
  await events.emit({ subject: 'billing.payment.updated', about: `payment/${payment.id}`, data: paymentPayload(payment, invoice) })
  if (compareMoney(previousAmount, payment.amount) !== 0) {
    await changePaidAmount(em, events, invoice, addMoney(subtractMoney(invoice.paidAmount, previousAmount), payment.amount), change)
  }
  return { payment, invoice }
}

/** Deletes a payment entered by mistake; what it was, who deleted it, when and why are kept (deleted-payments.ts). */
export async function deletePayment (em: EntityManager, events: EventSink, paymentId: number, change: Change, reason: string | null): Promise<void> {
  const { invoice, payment } = await lockPayment(em, paymentId)
  change.precondition(`Payment ${paymentId}`, payment.version)
  await keepAndDeletePayment(em, events, payment, invoice, change, reason)
  await em.flush()
  await changePaidAmount(em, events, invoice, subtractMoney(invoice.paidAmount, payment.amount), change)
}
