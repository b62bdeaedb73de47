// REST request and response schemas of the billing service: shared with the gateway's OpenAPI document.
import { Type, type Static } from 'typebox'
import { InvoiceNumber, InvoicePayload, PaymentPayload } from '../events/payloads.js'
import { Currency, DateOnly, DecimalString, Id, MoneyInput, OptionalTrimmedText, Pagination, Problem, Sorting, StrictObject, TrimmedText } from '../schemas.js'

/** How a payment was made ("card", "bank transfer"). */
const PaymentMethod = TrimmedText(50, { examples: ['card'] })

/** The payer's own reference (bank transaction id, receipt number). */
const PaymentReference = OptionalTrimmedText(100)

export const InvoiceCreate = StrictObject({
  trip_id: Id,
  issue_date: Type.Optional(DateOnly),
  due_date: DateOnly,
  amount: MoneyInput({ positive: true })
}, {
  description: 'client_id and currency are the trip\'s; issue_date defaults to today (UTC); due_date is not before ' +
    'issue_date. The status is derived from payments and dates and cannot be given.'
})

export const InvoicePatch = StrictObject({
  issue_date: Type.Optional(DateOnly),
  due_date: Type.Optional(DateOnly),
  amount: Type.Optional(MoneyInput({ positive: true })),
  status: Type.Optional(Type.Literal('Cancelled', { description: 'the one status set by hand, on an invoice without payments' }))
}, { minProperties: 1, description: 'only the fields given change; amount never goes below what is already paid' })

export const InvoiceListQuery = StrictObject({
  trip_id: Type.Optional(Id),
  client_id: Type.Optional(Id),
  status: Type.Optional(InvoicePayload.properties.status),
  due_before: Type.Optional(DateOnly),
  due_after: Type.Optional(DateOnly),
  ...Pagination,
  ...Sorting(['id', 'issue_date', 'due_date', 'amount', 'paid_amount', 'created_at', 'updated_at'])
}, { description: 'due_before and due_after are exclusive bounds on due_date; status is judged as of today (UTC)' })

/** An invoice with its number, what has been paid on it and its status as of today; money as two-decimal strings. */
export const Invoice = Type.Object({ ...InvoicePayload.properties, number: InvoiceNumber })

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
export type PaymentCreate = Static<typeof PaymentCreate>
export type PaymentPatch = Static<typeof PaymentPatch>
export type PaymentListQuery = Static<typeof PaymentListQuery>
export type PaymentDeleteQuery = Static<typeof PaymentDeleteQuery>
export type Payment = Static<typeof Payment>
export type BillingProblem = Static<typeof BillingProblem>
