import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { compareMoney, nextDueDate, todayUtc, type InstallmentFacts } from '@travel-crm/contracts'
import { createdBy, deletionOf, markChanged } from '@travel-crm/service-kit/data'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { Invoice, isFullyPaid } from './entities/invoice.js'
import { invoiceAnswer } from './installments/answer.js'
import { Payment, paymentPayload } from './entities/payment.js'
import { keepAndDeletePayment } from './deleted-payments.js'
import { BillingProblems } from './problems.js'
import { tripStartDate, tripToInvoice, type KnownTrip, type TripDirectory } from './trips.js'
import { amendedInstallments, plannedInstallments, type DueTerms } from './installments/plan.js'
import { installmentsOf, replaceInstallments } from './installments/store.js'
import { clientIsArchived } from './clients.js'
import { takeInvoiceNumber } from './invoice-numbers.js'
import { invoiceNumberFormat } from './agency.js'

export interface NewInvoice extends DueTerms {
  tripId: number
  issueDate: string | undefined
}

export interface InvoiceAmendment extends DueTerms {
  issueDate?: string | undefined
  cancel: boolean
}

export async function issueInvoice (em: EntityManager, events: EventSink, input: NewInvoice, directory: TripDirectory, change: Change): Promise<Invoice> {
  const issueDate = input.issueDate ?? todayUtc(change.now)
  // Terms that are wrong whatever the trip is are refused before crm is asked about it.
  let trip: KnownTrip | undefined
  const invoicedTrip = async () => (trip ??= await tripToInvoice(em, input.tripId, directory))
  const plan = await plannedInstallments(input, issueDate, async () => await tripStartDate(em, await invoicedTrip(), directory), change.now)
  const { id: tripId, clientId, currency } = await invoicedTrip()
  if (await clientIsArchived(em, clientId)) throw new BillingProblems.clientArchived(clientId)
  const number = await takeInvoiceNumber(em, issueDate, await invoiceNumberFormat(em))
  const invoice = em.create(Invoice, {
    number,
    tripId,
    clientId,
    issueDate,
    dueDate: nextDueDate(plan.installments, '0.00'),
    amount: plan.amount,
    paidAmount: '0.00',
    currency,
    cancelled: false,
    ...createdBy(change.actorId, change.now)
  })
  await em.flush()
  await replaceInstallments(em, invoice.id, plan.installments)
  await events.emit({ subject: 'billing.invoice.created', about: `invoice/${invoice.id}`, data: invoiceAnswer(invoice, plan.installments, change.now) })
  return invoice
}

/** The invoice, locked until the transaction ends: every change to what it is owed or paid goes through here. */
export async function lockInvoice (em: EntityManager, invoiceId: number): Promise<Invoice> {
  const invoice = await em.findOne(Invoice, { id: invoiceId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  if (invoice === null) throw new BillingProblems.invoiceNotFound(invoiceId)
  return invoice
}

export async function amendInvoice (em: EntityManager, events: EventSink, invoiceId: number, amendment: InvoiceAmendment, directory: TripDirectory, change: Change): Promise<Invoice> {
  const invoice = await lockInvoice(em, invoiceId)
  change.precondition(`Invoice ${invoiceId}`, invoice.version)
  const onlyCancels = amendment.issueDate === undefined && amendment.dueDate === undefined && amendment.amount === undefined &&
    amendment.installments === undefined && amendment.schedule === undefined
  if (invoice.cancelled) {
    if (onlyCancels) return invoice
    throw new BillingProblems.invoiceCancelled(invoiceId)
  }
  const issueDate = amendment.issueDate ?? invoice.issueDate
  const standing = { issueDate: invoice.issueDate, amount: invoice.amount, paid: invoice.paidAmount, currency: invoice.currency, installments: await installmentsOf(em, invoiceId) }
  const tripStart = async () => await tripStartDate(em, await tripToInvoice(em, invoice.tripId, directory), directory)
  const plan = await amendedInstallments(standing, amendment, issueDate, tripStart, change.now)
  // Payments are never below 0.01, so nothing paid means no payments: the cancelled invoice stays empty.
  if (amendment.cancel && compareMoney(invoice.paidAmount, '0.00') > 0) throw new BillingProblems.invoiceHasPayments(invoiceId)

  const wasPaid = isFullyPaid(invoice)
  Object.assign(invoice, { issueDate, dueDate: nextDueDate(plan.installments, invoice.paidAmount), amount: plan.amount, cancelled: amendment.cancel })
  markChanged(invoice, change.actorId, change.now)
  await em.flush()
  await replaceInstallments(em, invoiceId, plan.installments)
  await announceInvoiceChange(events, invoice, await installmentsOf(em, invoiceId), wasPaid, change.now)
  return invoice
}

/** Sets what has been paid on a locked invoice, after a payment was recorded, changed or deleted. */
export async function changePaidAmount (em: EntityManager, events: EventSink, invoice: Invoice, paidAmount: string, change: Change): Promise<void> {
  // A payment leaves the installments as they are: read once, for the next due date and for the event.
  const installments = await installmentsOf(em, invoice.id)
  const wasPaid = setPaidAmount(invoice, installments, paidAmount, change)
  await em.flush()
  await announceInvoiceChange(events, invoice, installments, wasPaid, change.now)
}

/**
 * What a change of the paid amount does to a locked invoice (its next due date, a new version), before it is
 * written; returns whether the invoice was fully paid before.
 */
export function setPaidAmount (invoice: Invoice, installments: readonly InstallmentFacts[], paidAmount: string, change: Change): boolean {
  const wasPaid = isFullyPaid(invoice)
  invoice.paidAmount = paidAmount
  invoice.dueDate = nextDueDate(installments, paidAmount)
  markChanged(invoice, change.actorId, change.now)
  return wasPaid
}

/** Announces an invoice's new state; `billing.invoice.paid` too when this change paid it in full. */
export async function announceInvoiceChange (events: EventSink, invoice: Invoice, installments: readonly InstallmentFacts[], wasPaid: boolean, now: Date): Promise<void> {
  const payload = invoiceAnswer(invoice, installments, now)
  await events.emit({ subject: 'billing.invoice.updated', about: `invoice/${invoice.id}`, data: payload })
  if (!wasPaid && isFullyPaid(invoice)) {
    await events.emit({ subject: 'billing.invoice.paid', about: `invoice/${invoice.id}`, data: payload })
  }
}

export async function deleteInvoice (em: EntityManager, events: EventSink, invoiceId: number, change: Change): Promise<void> {
  const invoice = await lockInvoice(em, invoiceId)
  change.precondition(`Invoice ${invoiceId}`, invoice.version)
  await removeInvoice(em, events, invoice, change)
}

/**
 * Removes a locked invoice with its payments, as the original did; the payments are kept in the
 * deleted-payments record like any deleted payment. Each removal is an event of its own (the payments first)
 * carrying the record's last state under a new version, so a read model applies it even when it ignores
 * versions it has already seen.
 */
export async function removeInvoice (em: EntityManager, events: EventSink, invoice: Invoice, change: Change): Promise<void> {
  const payments = await em.find(Payment, { invoiceId: invoice.id }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE })
  for (const payment of payments) await keepAndDeletePayment(em, events, payment, invoice, change, `deleted with invoice ${invoice.id}`)
  await events.emit({ subject: 'billing.invoice.deleted', about: `invoice/${invoice.id}`, data: invoiceAnswer(deletionOf(invoice, change.actorId, change.now), await installmentsOf(em, invoice.id), change.now) })
  em.remove(invoice)
  await em.flush()
}

/**
 * A trip moved to another client in crm: its invoices and their payments now bill that client, each change
 * announced under a new version so that per-client read models follow.
 */
export async function reassignTripInvoices (em: EntityManager, events: EventSink, tripId: number, clientId: number, change: Change): Promise<void> {
  const invoices = await em.find(Invoice, { tripId }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE })
  for (const invoice of invoices) {
    invoice.clientId = clientId
    markChanged(invoice, change.actorId, change.now)
    await events.emit({ subject: 'billing.invoice.updated', about: `invoice/${invoice.id}`, data: invoiceAnswer(invoice, await installmentsOf(em, invoice.id), change.now) })
    const payments = await em.find(Payment, { invoiceId: invoice.id }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE })
    for (const payment of payments) {
      markChanged(payment, change.actorId, change.now)
      await events.emit({ subject: 'billing.payment.updated', about: `payment/${payment.id}`, data: paymentPayload(payment, invoice) })
    }
  }
  await em.flush()
}

/**
 * A trip was deleted in crm (also when its client was): its invoices without payments go with it. crm
 * refuses to delete a trip with payments, but it learns of a payment only through its event: one recorded
 * while the delete was on its way is not destroyed by it. Its invoice stays, on the deleted trip.
 */
export async function removeTripInvoices (em: EntityManager, events: EventSink, tripId: number, change: Change): Promise<void> {
  const invoices = await em.find(Invoice, { tripId }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE })
  for (const invoice of invoices) {
    if (compareMoney(invoice.paidAmount, '0.00') === 0) await removeInvoice(em, events, invoice, change)
  }
}
