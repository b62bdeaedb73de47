import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { addMoney, compareMoney, subtractMoney, todayUtc, trimmedOrNull, type InstallmentFacts } from '@travel-crm/contracts'
import { withExtensions } from '@travel-crm/service-kit/http'
import { createdBy, markChanged, preparedStatement, runPrepared } from '@travel-crm/service-kit/data'
import { beforeCommit, type Change, type EventSink } from '@travel-crm/service-kit/messaging'
import type { Invoice } from './entities/invoice.js'
import { Payment, paymentPayload } from './entities/payment.js'
import { announceInvoiceChange, changePaidAmount, lockInvoice, setPaidAmount } from './invoicing.js'
import { installmentsOf } from './installments/store.js'
import { BillingProblems } from './problems.js'
import { checkPaymentDate } from './date-window.js'
import { keepAndDeletePayment } from './deleted-payments.js'

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

interface InvoiceToPayRow {
  id: number
  number: string
  trip_id: number
  client_id: number
  issue_date: string
  due_date: string
  amount: string
  paid_amount: string
  currency: string
  cancelled: boolean
  created_at: string
  updated_at: string
  created_by: number | null
  updated_by: number | null
  version: number
  /** The invoice's version in the statement's snapshot, taken before it waited for the lock. */
  version_seen: number
  /** The id the payment will have, drawn here so that its row can be written with its events (recordPayment). */
  payment_id: number
  trip_archived: boolean
  client_archived: boolean
  installments: InstallmentFacts[]
}

/**
 * Everything a payment checks, in one statement: the invoice locked (`for update`, as every change to what it
 * is owed or paid does), then its trip share-locked (a crm.trip.archived applied meanwhile waits for the
 * payment), whether crm archived the client, and the installments; and the new payment's id. A statement that
 * waited for the invoice's lock reads the locked rows as the other transaction left them, but its subqueries
 * (the installments) still as they were before it waited: `version_seen` tells the caller to read those again.
 * A payment refused after this leaves a gap in the ids, as any rolled-back insert does.
 */
const INVOICE_TO_PAY = preparedStatement(`
  select i.id, i.number, i.trip_id, i.client_id, i.issue_date::text, i.due_date::text, i.amount::text, i.paid_amount::text,
    i.currency, i.cancelled, i.created_at, i.updated_at, i.created_by, i.updated_by, i.version,
    (select seen.version from invoice seen where seen.id = $1) as version_seen,
    t.archived as trip_archived,
    coalesce(c.archived, false) as client_archived,
    nextval(pg_get_serial_sequence('payment', 'id'))::int as payment_id,
    coalesce((select json_agg(json_build_object('dueDate', s.due_date, 'amount', s.amount::text) order by s.position)
      from installment s where s.invoice_id = i.id), '[]') as installments
  from invoice i
  join trip t on t.id = i.trip_id
  left join client c on c.id = i.client_id
  where i.id = $1
  for update of i for share of t`)

/** The payment, under the id drawn for it (INVOICE_TO_PAY). */
const PAYMENT_INSERT = `insert into payment (id, invoice_id, payment_date, amount, payment_method, reference, created_at, updated_at, created_by, updated_by, version)
  overriding system value values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`

/** What the payment does to its invoice. */
const INVOICE_PAID = 'update invoice set paid_amount = ?, due_date = ?, updated_at = ?, updated_by = ?, version = ? where id = ?'

function invoiceOf (row: InvoiceToPayRow): Invoice {
  return {
    id: row.id,
    number: row.number,
    tripId: row.trip_id,
    clientId: row.client_id,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    amount: row.amount,
    paidAmount: row.paid_amount,
    currency: row.currency,
    cancelled: row.cancelled,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    version: row.version
  }
}

/**
 * Records a payment. The invoice row stays locked from the balance check to the commit, so payments that
 * arrive together are checked one after the other and can never add up to more than the invoice. Written in
 * SQL rather than through the ORM: this is the busiest write of the agency's day, and the ORM's six statements
 * and its change sets cost more than the rules. After the check (a prepared statement), the payment's row and
 * its invoice's go in the unit of work's final statement with their events (`beforeCommit`): nothing in the
 * transaction reads them, and each round trip saved is saved on every payment.
 */
export async function recordPayment (em: EntityManager, events: EventSink, input: NewPayment, change: Change): Promise<PaymentOnInvoice> {
  const [row] = await runPrepared<InvoiceToPayRow>(em, INVOICE_TO_PAY, [input.invoiceId])
  if (row === undefined) throw new BillingProblems.invoiceNotFound(input.invoiceId)
  const invoice = invoiceOf(row)
  if (invoice.cancelled) throw new BillingProblems.invoiceCancelled(invoice.id)
  if (row.trip_archived) throw new BillingProblems.tripArchived(invoice.tripId)
  if (row.client_archived) throw new BillingProblems.clientArchived(invoice.clientId)
  assertFits(invoice, input.amount, subtractMoney(invoice.amount, invoice.paidAmount))
  if (input.paymentDate !== undefined) checkPaymentDate(input.paymentDate, change.now)
  const installments = row.version_seen === row.version ? row.installments : await installmentsOf(em, invoice.id)
  const fields = {
    invoiceId: invoice.id,
    paymentDate: input.paymentDate ?? todayUtc(change.now),
    amount: input.amount,
    paymentMethod: input.paymentMethod.trim(),
    reference: trimmedOrNull(input.reference),
    ...createdBy(change.actorId, change.now)
  }
  const wasPaid = setPaidAmount(invoice, installments, addMoney(invoice.paidAmount, fields.amount), change)
  const payment: Payment = { id: row.payment_id, ...fields }
  const paymentRow = [
    payment.id, fields.invoiceId, fields.paymentDate, fields.amount, fields.paymentMethod, fields.reference,
    fields.createdAt, fields.updatedAt, fields.createdBy, fields.updatedBy
  ]
  const invoiceRow = [invoice.paidAmount, invoice.dueDate, invoice.updatedAt, invoice.updatedBy, invoice.version, invoice.id]
  beforeCommit(em, () => ({ sql: PAYMENT_INSERT, params: paymentRow }))
  beforeCommit(em, () => ({ sql: INVOICE_PAID, params: invoiceRow }))
  await events.emit({ subject: 'billing.payment.recorded', about: `payment/${payment.id}`, data: paymentPayload(payment, invoice) })
  await announceInvoiceChange(events, invoice, installments, wasPaid, change.now)
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
