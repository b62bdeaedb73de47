// REST request and response schemas of the billing service: shared with the gateway's OpenAPI document.
import { Type, type Static } from 'typebox'
import { COMMISSION_STATUSES, CommissionPayload, CommissionPaymentPayload, Installment, InvoiceNumber, InvoicePayload, PaymentPayload } from '../events/payloads.js'
import { PercentInput } from './crm.js'
import { Currency, DateOnly, DecimalString, Id, LiteralUnion, MoneyInput, OptionalTrimmedText, Pagination, Problem, Sorting, StrictObject, TrimmedText } from '../schemas.js'

/** How a payment was made ("card", "bank transfer"). */
const PaymentMethod = TrimmedText(50, { examples: ['card'] })

/** The payer's own reference (bank transaction id, receipt number). */
const PaymentReference = OptionalTrimmedText(100)

/** One part of an invoice's amount and the day it is due. */
export const InstallmentInput = StrictObject({
  due_date: DateOnly,
  amount: MoneyInput({ positive: true })
})

/** The usual pattern: a deposit due on the issue date, the balance some days before the trip starts. */
export const PaymentSchedule = StrictObject({
  deposit_percent: PercentInput,
  balance_days_before_departure: Type.Integer({ minimum: 0, maximum: 3650 })
}, {
  description: 'the deposit is deposit_percent of the amount, rounded half up to the cent, due on the issue date; the ' +
    'balance (the rest, to the cent) is due balance_days_before_departure days before the trip\'s start_date, or on ' +
    'the issue date when that day has passed. A part of 0.00 is left out.'
})

const Installments = Type.Array(InstallmentInput, { minItems: 1, maxItems: 60 })

export const InvoiceCreate = StrictObject({
  trip_id: Id,
  issue_date: Type.Optional(DateOnly),
  due_date: Type.Optional(DateOnly),
  amount: Type.Optional(MoneyInput({ positive: true })),
  installments: Type.Optional(Installments),
  schedule: Type.Optional(PaymentSchedule)
}, {
  description: 'client_id and currency are the trip\'s; issue_date defaults to today (UTC). What is due when is given ' +
    'one of three ways: due_date with amount (one installment), installments (their amounts sum exactly to amount ' +
    'when amount is given too), or schedule with amount. No due date is before issue_date. The status is derived ' +
    'from payments and dates and cannot be given.'
})

export const InvoicePatch = StrictObject({
  issue_date: Type.Optional(DateOnly),
  due_date: Type.Optional(DateOnly),
  amount: Type.Optional(MoneyInput({ positive: true })),
  installments: Type.Optional(Installments),
  schedule: Type.Optional(PaymentSchedule),
  status: Type.Optional(Type.Literal('Cancelled', { description: 'the one status set by hand, on an invoice without payments' }))
}, {
  minProperties: 1,
  description: 'only the fields given change. installments or schedule replace the installments; due_date alone moves ' +
    'the next unpaid installment; amount alone changes the last installment by the difference. The amount never goes ' +
    'below what is already paid (422 BILLING_AMOUNT_BELOW_PAID; 409 BILLING_INSTALLMENTS_BELOW_PAID for new installments).'
})

export const InvoiceListQuery = StrictObject({
  trip_id: Type.Optional(Id),
  client_id: Type.Optional(Id),
  status: Type.Optional(InvoicePayload.properties.status),
  due_before: Type.Optional(DateOnly),
  due_after: Type.Optional(DateOnly),
  ...Pagination,
  ...Sorting(['id', 'issue_date', 'due_date', 'amount', 'paid_amount', 'created_at', 'updated_at'])
}, { description: 'due_before and due_after are exclusive bounds on due_date; status is judged as of today (UTC)' })

/**
 * An invoice with its number, what has been paid on it, its status as of today and its installments oldest
 * first; money as two-decimal strings. due_date is the next unpaid installment's (the last one's once all are paid).
 */
export const Invoice = Type.Object({ ...InvoicePayload.properties, number: InvoiceNumber, installments: Type.Array(Installment) })

export const PaymentCreate = StrictObject({
  invoice_id: Id,
  payment_date: Type.Optional(DateOnly),
  amount: MoneyInput({ positive: true }),
  payment_method: PaymentMethod,
  reference: Type.Optional(PaymentReference)
}, { description: 'payment_date defaults to today (UTC); amount is at most the invoice\'s open balance' })

export const PaymentPatch = StrictObject({
  payment_date: Type.Optional(DateOnly),
  amount: Type.Optional(MoneyInput({ positive: true })),
  payment_method: Type.Optional(PaymentMethod),
  reference: Type.Optional(PaymentReference)
}, { minProperties: 1, description: 'only the fields given change; a new amount still fits the invoice\'s balance' })

export const PaymentListQuery = StrictObject({
  invoice_id: Type.Optional(Id),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  ...Pagination,
  ...Sorting(['id', 'payment_date', 'amount', 'payment_method', 'created_at', 'updated_at'])
}, { description: 'from and to bound payment_date, both inclusive' })

export const PaymentDeleteQuery = StrictObject({
  reason: Type.Optional(TrimmedText(500))
}, { description: 'why the payment is deleted (an entry made by mistake); kept with the deleted payment and in its event' })

/** A payment with its invoice's trip, client and currency; money as two-decimal strings. */
export const Payment = PaymentPayload

export const CommissionListQuery = StrictObject({
  supplier_id: Type.Optional(Id),
  status: Type.Optional(LiteralUnion(COMMISSION_STATUSES)),
  ...Pagination
}, { description: 'bookings with a commission, by due date; status is judged as of today (UTC)' })

export const Commission = CommissionPayload

export const CommissionPaymentCreate = StrictObject({
  booking_id: Id,
  amount: MoneyInput({ positive: true }),
  received_date: Type.Optional(DateOnly)
}, { description: 'received_date defaults to today (UTC); amount is at most the commission\'s open balance' })

export const CommissionPayment = CommissionPaymentPayload

/** A refused money rule (422) names the figures the caller needs to correct the request. */
export const BillingProblem = Type.Object({
  ...Problem.properties,
  balance: Type.Optional(DecimalString),
  paid_amount: Type.Optional(DecimalString),
  currency: Type.Optional(Currency)
})

export type InvoiceCreate = Static<typeof InvoiceCreate>
export type InvoicePatch = Static<typeof InvoicePatch>
export type InvoiceListQuery = Static<typeof InvoiceListQuery>
export type Invoice = Static<typeof Invoice>
export type InstallmentInput = Static<typeof InstallmentInput>
export type PaymentSchedule = Static<typeof PaymentSchedule>
export type PaymentCreate = Static<typeof PaymentCreate>
export type PaymentPatch = Static<typeof PaymentPatch>
export type PaymentListQuery = Static<typeof PaymentListQuery>
export type PaymentDeleteQuery = Static<typeof PaymentDeleteQuery>
export type Payment = Static<typeof Payment>
export type BillingProblem = Static<typeof BillingProblem>
export type CommissionListQuery = Static<typeof CommissionListQuery>
export type Commission = Static<typeof Commission>
export type CommissionPayment = Static<typeof CommissionPayment>
export type CommissionPaymentCreate = Static<typeof CommissionPaymentCreate>
