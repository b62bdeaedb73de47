import { Type, type Static } from 'typebox'
import { Audit, Currency, DateOnly, DecimalString, LiteralUnion, Timestamp } from '../schemas.js'
import { ROLES } from '../roles.js'

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
export type InvoicePayload = Static<typeof InvoicePayload>
export type PaymentPayload = Static<typeof PaymentPayload>
export type EndpointPayload = Static<typeof EndpointPayload>
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number]
