import { Type, type Static } from 'typebox'
import { Audit, Currency, DateOnly, DecimalString, LiteralUnion, Timestamp } from '../schemas.js'
import { ROLES } from '../roles.js'
import { TRIP_STATUSES } from '../trip-status.js'
import { ArchivedAt } from '../archive.js'

export const UserPayload = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: LiteralUnion(ROLES),
  disabled: Type.Boolean(),
  /**
   * Goes up whenever the user's earlier access tokens must stop working (password, role or state changed, a
   * logout everywhere, an admin's revoke). Each token carries the generation it was issued in (claim `sgen`);
   * every process refuses a token older than the generation it last heard of.
   */
  session_generation: Type.Integer({ minimum: 0 }),
  created_at: Timestamp,
  updated_at: Timestamp,
  version: Type.Integer({ minimum: 1 })
})

export const ClientPayload = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  archived_at: ArchivedAt,
  ...Audit
})

export const TripPayload = Type.Object({
  id: Type.Integer(),
  client_id: Type.Integer(),
  destination: Type.String(),
  start_date: DateOnly,
  end_date: DateOnly,
  price: DecimalString,
  currency: Currency,
  notes: Type.Union([Type.String(), Type.Null()]),
  // Optional for events published before trips had a status (such a trip is `booked`): a consumer replaying
  // the stream from its start must still accept them. Every event crm publishes now carries both.
  status: Type.Optional(LiteralUnion(TRIP_STATUSES, { description: 'absent only in events from before trip statuses: booked' })),
  status_changed_at: Type.Optional(Timestamp),
  previous_status: Type.Optional(LiteralUnion(TRIP_STATUSES, {
    description: 'only in `crm.trip.updated` when the status changed: the status the trip left'
  })),
  archived_at: ArchivedAt,
  ...Audit
})

/**
 * A traveller on a trip as events give it: never the passport number (not even masked), only whether there is
 * one and when it expires.
 */
export const TravellerPayload = Type.Object({
  id: Type.Integer(),
  trip_id: Type.Integer(),
  client_id: Type.Union([Type.Integer(), Type.Null()]),
  first_name: Type.String(),
  last_name: Type.String(),
  date_of_birth: Type.Union([DateOnly, Type.Null()]),
  nationality: Type.Union([Type.String({ pattern: '^[A-Z]{2}$' }), Type.Null()]),
  has_passport_number: Type.Boolean(),
  passport_expiry: Type.Union([DateOnly, Type.Null()]),
  lead: Type.Boolean(),
  ...Audit
})

export const SUPPLIER_KINDS = ['airline', 'hotel', 'transfer', 'tour', 'insurance', 'car', 'cruise', 'other'] as const

/** A percentage with two decimals, 0.00 to 100.00. */
export const PercentString = Type.String({ pattern: '^\\d{1,3}\\.\\d{2}$', examples: ['10.00'] })

export const SupplierPayload = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: LiteralUnion(SUPPLIER_KINDS),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  default_commission_rate: PercentString,
  ...Audit
})

export const BOOKING_STATUSES = ['pending', 'confirmed', 'cancelled'] as const

/** A booking with its money complete, so that a consumer can build margins from the events alone. */
export const BookingPayload = Type.Object({
  id: Type.Integer(),
  trip_id: Type.Integer(),
  supplier_id: Type.Integer(),
  kind: LiteralUnion(SUPPLIER_KINDS),
  description: Type.String(),
  confirmation_ref: Type.Union([Type.String(), Type.Null()]),
  start_date: DateOnly,
  end_date: DateOnly,
  status: LiteralUnion(BOOKING_STATUSES),
  currency: Currency,
  cost: DecimalString,
  sell_price: DecimalString,
  commission: DecimalString,
  commission_rate: Type.Union([PercentString, Type.Null()], {
    description: 'the rate the commission was worked out with (the supplier\'s, when the booking was written); null when it was given as an amount'
  }),
  ...Audit
})

export const NotePayload = Type.Object({
  id: Type.Integer(),
  client_id: Type.Integer(),
  note: Type.String(),
  ...Audit
})

export const INVOICE_STATUSES = ['Pending', 'Partially Paid', 'Paid', 'Overdue', 'Cancelled'] as const

/** An invoice's number: sequential per year of issue, without gaps, in the agency's format (`2027-000123`). */
export const InvoiceNumber = Type.String({ minLength: 1, maxLength: 40, examples: ['2027-000123'] })

/** An installment of an invoice: payments fill installments oldest first; its status follows the invoice's rule. */
export const Installment = Type.Object({
  due_date: DateOnly,
  amount: DecimalString,
  paid: DecimalString,
  balance: DecimalString,
  status: LiteralUnion(INVOICE_STATUSES)
})

export const InvoicePayload = Type.Object({
  id: Type.Integer(),
  // Optional only because events published before invoices were numbered lack it; every invoice has one.
  number: Type.Optional(InvoiceNumber),
  trip_id: Type.Integer(),
  client_id: Type.Integer(),
  issue_date: DateOnly,
  due_date: DateOnly,
  amount: DecimalString,
  paid_amount: DecimalString,
  currency: Currency,
  status: LiteralUnion(INVOICE_STATUSES),
  // Optional only because events published before invoices had installments lack them.
  installments: Type.Optional(Type.Array(Installment, { description: 'oldest first; due_date is the next unpaid one\'s' })),
  ...Audit
})

/**
 * An installment whose due date is near (`due_soon`) or has passed (`overdue`) with money still open, as
 * billing judged it on `judged_on`. Sent once per installment, kind and due date.
 */
export const InvoiceReminderPayload = Type.Object({
  id: Type.Integer({ description: 'the invoice\'s' }),
  number: InvoiceNumber,
  trip_id: Type.Integer(),
  client_id: Type.Integer(),
  currency: Currency,
  installment: Installment,
  invoice_balance: DecimalString,
  judged_on: DateOnly,
  version: Type.Integer({ minimum: 1, description: 'the invoice\'s version when it was judged' })
})

export const COMMISSION_STATUSES = ['Expected', 'Partially Received', 'Received', 'Overdue', 'Cancelled'] as const

/** What a supplier owes the agency for a booking, and what it has paid; money as two-decimal strings. */
export const CommissionPayload = Type.Object({
  id: Type.Integer({ description: 'the booking\'s: one commission per booking' }),
  booking_id: Type.Integer(),
  trip_id: Type.Integer(),
  supplier_id: Type.Integer(),
  currency: Currency,
  expected: DecimalString,
  received: DecimalString,
  balance: DecimalString,
  due_date: DateOnly,
  status: LiteralUnion(COMMISSION_STATUSES),
  ...Audit
})

/** Commission a supplier paid for a booking. */
export const CommissionPaymentPayload = Type.Object({
  id: Type.Integer(),
  booking_id: Type.Integer(),
  trip_id: Type.Integer(),
  supplier_id: Type.Integer(),
  currency: Currency,
  amount: DecimalString,
  received_date: DateOnly,
  ...Audit
})

export const PaymentPayload = Type.Object({
  id: Type.Integer(),
  invoice_id: Type.Integer(),
  trip_id: Type.Integer(),
  client_id: Type.Integer(),
  amount: DecimalString,
  currency: Currency,
  payment_date: DateOnly,
  payment_method: Type.String(),
  reference: Type.Union([Type.String(), Type.Null()]),
  ...Audit
})

/**
 * A deleted payment, whole: what it was, who deleted it, when and why. A payment is money received, so its
 * deletion (an entry made by mistake) is itself a record, and this event alone lets an audit trail tell it.
 */
export const DeletedPaymentPayload = Type.Object({
  ...PaymentPayload.properties,
  deleted_by: Type.Union([Type.Integer(), Type.Null()], { description: 'the user who deleted it; null when no user did (a cascade from crm)' }),
  deleted_at: Timestamp,
  deletion_reason: Type.Union([Type.String(), Type.Null()], { description: 'the `reason` given with the delete, if any' })
})

/** A webhook endpoint as its events give it; its signing secret never travels. */
export const EndpointPayload = Type.Object({
  id: Type.Integer(),
  url: Type.String({ format: 'uri' }),
  events: Type.Array(Type.String(), { description: 'subject patterns: `billing.payment.recorded`, `billing.invoice.*`, `>`' }),
  description: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  failing_since: Type.Union([Timestamp, Type.Null()], { description: 'first failed attempt since the last success' }),
  ...Audit
})

export type UserPayload = Static<typeof UserPayload>
export type ClientPayload = Static<typeof ClientPayload>
export type TripPayload = Static<typeof TripPayload>
export type NotePayload = Static<typeof NotePayload>
export type TravellerPayload = Static<typeof TravellerPayload>
export type SupplierPayload = Static<typeof SupplierPayload>
export type BookingPayload = Static<typeof BookingPayload>
export type SupplierKind = (typeof SUPPLIER_KINDS)[number]
export type BookingStatus = (typeof BOOKING_STATUSES)[number]
export type InvoicePayload = Static<typeof InvoicePayload>
export type Installment = Static<typeof Installment>
export type InvoiceReminderPayload = Static<typeof InvoiceReminderPayload>
export type PaymentPayload = Static<typeof PaymentPayload>
export type DeletedPaymentPayload = Static<typeof DeletedPaymentPayload>
export type EndpointPayload = Static<typeof EndpointPayload>
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number]
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number]
export type CommissionPayload = Static<typeof CommissionPayload>
export type CommissionPaymentPayload = Static<typeof CommissionPaymentPayload>
