// REST schemas of reporting's departures report: trips starting soon and what is still to settle before them.
import { Type, type Static } from 'typebox'
import { ExportOptions } from './documents.js'
import { PASSPORT_WARNING_CODES } from '../passports.js'
import { SUPPLIER_KINDS } from '../events/payloads.js'
import { TRIP_STATUSES } from '../trip-status.js'
import { Currency, DecimalString, LiteralUnion, StrictObject } from '../schemas.js'

/** How far ahead the report looks by default, in days. */
export const DEPARTURE_DAYS_DEFAULT = 30

export const DeparturesQuery = StrictObject({
  days: Type.Optional(Type.Integer({
    minimum: 1, maximum: 365, default: DEPARTURE_DAYS_DEFAULT,
    description: 'trips starting from today (UTC) to this many days later, both included; 30 unless given'
  }))
})

export const DeparturesExportQuery = StrictObject({ ...DeparturesQuery.properties, ...ExportOptions })

const DateText = Type.String({ format: 'date' })

/** What the client still owes on the trip's invoices in one currency: amount - paid of those open (not cancelled). */
export const DepartureBalance = Type.Object({
  currency: Currency,
  open: DecimalString
})

/** A booking the supplier has not confirmed yet. */
export const UnconfirmedBooking = Type.Object({
  booking_id: Type.Integer(),
  supplier_id: Type.Integer(),
  supplier_name: Type.Union([Type.String(), Type.Null()], { description: 'null while reporting has not heard of the supplier' }),
  kind: Type.Union([LiteralUnion(SUPPLIER_KINDS), Type.Null()], { description: 'null for bookings stored before reporting kept it, until a rebuild' }),
  description: Type.Union([Type.String(), Type.Null()], { description: 'null for bookings stored before reporting kept it, until a rebuild' }),
  start_date: DateText
})

/** A traveller whose passport needs a look: none known yet, or one expiring less than six months after the trip ends. */
export const PassportWarning = Type.Object({
  traveller_id: Type.Integer(),
  name: Type.String(),
  code: LiteralUnion(PASSPORT_WARNING_CODES, {
    description: 'PASSPORT_MISSING: no passport number or no expiry known; PASSPORT_EXPIRES_TOO_SOON: it expires less than six months after the trip ends'
  })
})

/** A trip starting in the window, soonest first, with what is still open before it leaves. */
export const Departure = Type.Object({
  trip_id: Type.Integer(),
  destination: Type.String(),
  start_date: DateText,
  end_date: DateText,
  status: LiteralUnion(TRIP_STATUSES, { description: 'the trip\'s status: any but cancelled and completed' }),
  client_id: Type.Integer(),
  client_name: Type.Union([Type.String(), Type.Null()], { description: 'null while reporting has not heard of the client' }),
  currency: Currency,
  price: DecimalString,
  not_invoiced: DecimalString,
  balance: Type.Array(DepartureBalance, { description: 'per currency, only those with money open' }),
  travellers: Type.Integer({ minimum: 0 }),
  unconfirmed_bookings: Type.Array(UnconfirmedBooking, { description: 'pending bookings, by start date' }),
  passport_warnings: Type.Array(PassportWarning, { description: 'by traveller' })
}, { description: '`not_invoiced` is the trip\'s price less its invoices not cancelled in the trip\'s currency, never below zero' })

export const Departures = Type.Array(Departure)

export type DeparturesQuery = Static<typeof DeparturesQuery>
export type DeparturesExportQuery = Static<typeof DeparturesExportQuery>
export type Departure = Static<typeof Departure>
