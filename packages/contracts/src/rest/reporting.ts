// REST request and response schemas of the reporting service: shared with the gateway's OpenAPI document.
import { Type, type Static } from 'typebox'
import { INVOICE_STATUSES } from '../events/payloads.js'
import { ExportOptions } from './documents.js'
import { Currency, DecimalString, Id, LiteralUnion, Pagination, StrictObject, Timestamp } from '../schemas.js'

/** A calendar day as responses give it (requests use `DateOnly`, which also rejects 2027-02-30). */
const Day = Type.String({ format: 'date', examples: ['2027-05-01'] })
const Ids = Type.Array(Type.Integer(), { description: 'invoice ids, ascending' })

/**
 * Money of one currency in the invoice summary (amounts of different currencies are never added up):
 * `*_amount` sums what the invoices are for, `*_balance` what is still to be paid on them.
 */
export const InvoiceSummaryAmounts = Type.Object({
  currency: Currency,
  paid_amount: DecimalString,
  pending_amount: DecimalString,
  pending_balance: DecimalString,
  overdue_amount: DecimalString,
  overdue_balance: DecimalString
})

/**
 * Invoices by how they stand today (UTC): paid, pending (open and due today or later) or overdue (open and
 * due before today, or announced overdue by billing's `billing.invoice.overdue` while its next unpaid due date
 * is still the one announced). Cancelled invoices are in none. `total_*` count invoices, as in the original.
 */
export const InvoiceSummary = Type.Object({
  total_paid: Type.Integer({ minimum: 0 }),
  paid_invoice_ids: Ids,
  total_pending: Type.Integer({ minimum: 0 }),
  pending_invoice_ids: Ids,
  total_overdue: Type.Integer({ minimum: 0 }),
  overdue_invoice_ids: Ids,
  amounts: Type.Array(InvoiceSummaryAmounts, { description: 'one entry per currency, by currency code' })
})

export const MonthlyRevenueQuery = StrictObject({
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 9999 })),
  destination: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'part of the destination, any case' }))
})

export const MonthlyRevenueExportQuery = StrictObject({ ...MonthlyRevenueQuery.properties, ...ExportOptions })

/** Payments received in a month (by payment date) for trips to a destination, in one currency. */
export const MonthlyRevenueRow = Type.Object({
  year: Type.Integer(),
  month: Type.Integer({ minimum: 1, maximum: 12 }),
  destination: Type.String(),
  currency: Currency,
  total_revenue: DecimalString
})
export const MonthlyRevenue = Type.Array(MonthlyRevenueRow)

/** Payments received from a client in one currency; highest first within each currency. */
export const RevenueByClientRow = Type.Object({
  client_id: Type.Integer(),
  client_name: Type.Union([Type.String(), Type.Null()], { description: 'null while the client is not known to reporting yet' }),
  currency: Currency,
  total_revenue: DecimalString
})
export const RevenueByClient = Type.Array(RevenueByClientRow)

export const UnpaidInvoicesQuery = StrictObject({ ...Pagination })

export const UNPAID_INVOICE_STATUSES = ['Pending', 'Partially Paid', 'Overdue'] as const

/** An invoice that is neither paid nor cancelled, soonest due first; `status` is judged today (UTC), overdue as the summary's. */
export const UnpaidInvoice = Type.Object({
  invoice_id: Type.Integer(),
  trip_id: Type.Integer(),
  client_id: Type.Integer(),
  issue_date: Day,
  due_date: Day,
  currency: Currency,
  amount: DecimalString,
  paid: DecimalString,
  balance: DecimalString,
  status: Type.Union(UNPAID_INVOICE_STATUSES.map((status) => Type.Literal(status)))
})
export const UnpaidInvoices = Type.Array(UnpaidInvoice)

export const StatementPayment = Type.Object({
  id: Type.Integer(),
  amount: DecimalString,
  currency: Currency,
  payment_method: Type.String(),
  payment_date: Day,
  reference: Type.Union([Type.String(), Type.Null()])
})

export const StatementInvoice = Type.Object({
  id: Type.Integer(),
  number: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'null until the invoice, issued before numbering, next changes' })),
  issue_date: Day,
  due_date: Day,
  amount: DecimalString,
  paid: DecimalString,
  balance: DecimalString,
  currency: Currency,
  status: LiteralUnion(INVOICE_STATUSES),
  payments: Type.Array(StatementPayment)
})

export const StatementTrip = Type.Object({
  id: Type.Integer(),
  destination: Type.String(),
  start_date: Day,
  end_date: Day,
  price: DecimalString,
  currency: Currency,
  notes: Type.Union([Type.String(), Type.Null()]),
  invoices: Type.Array(StatementInvoice)
})

/** `timestamp` is when the note was written, under the original's name. */
export const StatementNote = Type.Object({
  id: Type.Integer(),
  note: Type.String(),
  timestamp: Timestamp,
  updated_at: Timestamp
})

/** A client with its notes and its trips, each trip with its invoices and each invoice with its payments. */
export const ClientStatement = Type.Object({
  id: Id,
  name: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
  notes: Type.Array(StatementNote),
  trips: Type.Array(StatementTrip)
})

/** What every `/export` route answers: RFC 4180 CSV, UTF-8 with a byte order mark, a header row first. */
export const CsvDocument = Type.String({ description: 'text/csv; charset=utf-8, sent as an attachment' })

export type InvoiceSummary = Static<typeof InvoiceSummary>
export type MonthlyRevenueQuery = Static<typeof MonthlyRevenueQuery>
export type MonthlyRevenueExportQuery = Static<typeof MonthlyRevenueExportQuery>
export type MonthlyRevenueRow = Static<typeof MonthlyRevenueRow>
export type RevenueByClientRow = Static<typeof RevenueByClientRow>
export type UnpaidInvoicesQuery = Static<typeof UnpaidInvoicesQuery>
export type UnpaidInvoice = Static<typeof UnpaidInvoice>
export type ClientStatement = Static<typeof ClientStatement>
