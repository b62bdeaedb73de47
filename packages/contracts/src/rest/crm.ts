// REST request and response schemas of the crm service: shared with the gateway's OpenAPI document.
import { Type, type Static } from 'typebox'
import { BOOKING_STATUSES, BookingPayload, ClientPayload, NotePayload, SUPPLIER_KINDS, SupplierPayload, TravellerPayload, TripPayload } from '../events/payloads.js'
import { CountryCode } from '../countries.js'
import { Currency, CurrencyCode, DateOnly, DecimalString, Id, LiteralUnion, MoneyInput, OptionalTrimmedText, Pagination, Problem, Sorting, StrictObject, Timestamp, TrimmedText } from '../schemas.js'
import { TRIP_STATUSES } from '../trip-status.js'
import { ARCHIVED_FILTERS } from '../archive.js'
import { compareMoney, parseMoney } from '../money.js'

/** A case-insensitive substring filter; empty means no filter. */
function Contains (description: string) {
  return Type.Optional(Type.String({ maxLength: 100, description }))
}

const Email = Type.String({ format: 'email', maxLength: 254, description: 'unique, regardless of case', examples: ['ana@example.com'] })

export const ClientCreate = StrictObject({
  name: TrimmedText(100),
  email: Email,
  phone: TrimmedText(30),
  company: Type.Optional(OptionalTrimmedText(100))
})

export const ClientPatch = StrictObject({
  name: Type.Optional(TrimmedText(100)),
  email: Type.Optional(Email),
  phone: Type.Optional(TrimmedText(30)),
  company: Type.Optional(OptionalTrimmedText(100))
}, { minProperties: 1 })

/**
 * Archived records leave lists and searches unless asked for: `include` lists them with the others, `only`
 * lists nothing else.
 */
const ArchivedFilter = Type.Optional(LiteralUnion(ARCHIVED_FILTERS, { description: 'archived records: left out unless `include` or `only`' }))

export const ClientListQuery = StrictObject({
  archived: ArchivedFilter,
  name: Contains('part of the name, any case'),
  email: Contains('part of the email address, any case'),
  phone: Contains('part of the phone number'),
  company: Contains('part of the company name, any case'),
  ...Pagination,
  ...Sorting(['id', 'name', 'email', 'phone', 'company', 'created_at', 'updated_at'])
})

export const Client = ClientPayload

function TripStatusField () {
  return LiteralUnion(TRIP_STATUSES)
}

export const TripCreate = StrictObject({
  client_id: Id,
  destination: TrimmedText(100),
  start_date: DateOnly,
  end_date: DateOnly,
  price: MoneyInput({ positive: false }),
  currency: Type.Optional(CurrencyCode),
  notes: Type.Optional(OptionalTrimmedText(5000)),
  status: Type.Optional(TripStatusField())
}, { description: 'end_date is not before start_date; currency defaults to the service setting DEFAULT_CURRENCY; status to booked' })

export const TripPatch = StrictObject({
  client_id: Type.Optional(Id),
  destination: Type.Optional(TrimmedText(100)),
  start_date: Type.Optional(DateOnly),
  end_date: Type.Optional(DateOnly),
  price: Type.Optional(MoneyInput({ positive: false })),
  currency: Type.Optional(CurrencyCode),
  notes: Type.Optional(OptionalTrimmedText(5000)),
  status: Type.Optional(TripStatusField())
}, {
  minProperties: 1,
  description: 'only the fields given change; end_date stays on or after start_date; the status moves forward ' +
    '(inquiry, quoted, booked, completed; a step may be skipped) or to cancelled before completed, else 409 CRM_TRIP_STATUS_TRANSITION'
})

export const TripListQuery = StrictObject({
  archived: ArchivedFilter,
  destination: Contains('part of the destination, any case'),
  client_id: Type.Optional(Id),
  start_date: Type.Optional(DateOnly),
  start_date_to: Type.Optional(DateOnly),
  status: Type.Optional(Type.String({
    pattern: `^(${TRIP_STATUSES.join('|')})(,(${TRIP_STATUSES.join('|')}))*$`,
    maxLength: 100,
    description: 'trips in any of these statuses, comma-separated: `booked,quoted`',
    examples: ['booked,quoted']
  })),
  ...Pagination,
  ...Sorting(['id', 'destination', 'start_date', 'end_date', 'price', 'created_at', 'updated_at'])
}, { description: 'start_date and start_date_to bound the first day of the trip, both inclusive' })

/** What the agency earns on a trip in one currency, from its bookings that are not cancelled. */
export const TripTotal = Type.Object({
  currency: Currency,
  sell: DecimalString,
  cost: DecimalString,
  commission: DecimalString,
  margin: DecimalString
}, { description: 'margin = sell - cost + commission' })

/** Something to look at before the trip; the record is accepted all the same. */
export const TripWarning = Type.Object({
  code: LiteralUnion(['PASSPORT_EXPIRES_TOO_SOON'], { description: 'the passport expires less than six months after the trip ends' }),
  traveller_id: Type.Integer()
})

const { previous_status: _previousStatus, ...tripFields } = TripPayload.properties

/** A trip as the API answers it: the record, its totals per currency and its warnings. */
export const Trip = Type.Object({
  ...tripFields,
  status: TripStatusField(),
  status_changed_at: Timestamp,
  totals: Type.Array(TripTotal),
  warnings: Type.Array(TripWarning)
})

const PassportNumber = Type.String({
  pattern: '^[A-Za-z0-9]{5,20}$',
  description: 'letters and digits, 5 to 20; stored encrypted and upper-cased; an analyst reads it masked (•••••1234)'
})

export const TravellerCreate = StrictObject({
  first_name: TrimmedText(100),
  last_name: TrimmedText(100),
  date_of_birth: Type.Optional(Type.Union([DateOnly, Type.Null()])),
  nationality: Type.Optional(Type.Union([CountryCode, Type.Null()])),
  passport_number: Type.Optional(Type.Union([PassportNumber, Type.Null()])),
  passport_expiry: Type.Optional(Type.Union([DateOnly, Type.Null()])),
  lead: Type.Optional(Type.Boolean({ description: 'at most one lead traveller per trip' })),
  client_id: Type.Optional(Type.Union([Id, Type.Null()], { description: 'when the traveller is a client of the agency' }))
}, { description: 'date_of_birth is not in the future; a passport expiring within six months of the trip end is a warning, not a refusal' })

export const TravellerPatch = StrictObject({
  first_name: Type.Optional(TrimmedText(100)),
  last_name: Type.Optional(TrimmedText(100)),
  date_of_birth: Type.Optional(Type.Union([DateOnly, Type.Null()])),
  nationality: Type.Optional(Type.Union([CountryCode, Type.Null()])),
  passport_number: Type.Optional(Type.Union([PassportNumber, Type.Null()])),
  passport_expiry: Type.Optional(Type.Union([DateOnly, Type.Null()])),
  lead: Type.Optional(Type.Boolean()),
  client_id: Type.Optional(Type.Union([Id, Type.Null()]))
}, { minProperties: 1, description: 'only the fields given change; null clears an optional one' })

export const TravellerParams = StrictObject({ id: Id, travellerId: Id })

export const TravellerListQuery = StrictObject({ ...Pagination })

const { has_passport_number: _hasPassportNumber, ...travellerFields } = TravellerPayload.properties

export const Traveller = Type.Object({
  ...travellerFields,
  passport_number: Type.Union([Type.String(), Type.Null()], { description: 'whole for admins and agents, masked for analysts' }),
  warnings: Type.Array(TripWarning)
})

const SupplierEmail = Type.String({ format: 'email', maxLength: 254, examples: ['reservations@example.com'] })

/** A rate given as a number or a decimal string, 0 to 100 with at most two decimals. */
export const PercentInput = Type.Refine(
  Type.Union([Type.Number(), Type.String({ maxLength: 20 })], { description: 'percent, 0 to 100, at most two decimals', examples: ['10.00', 12.5] }),
  (value) => { const amount = parseMoney(value); return amount !== undefined && compareMoney(amount, '100.00') <= 0 },
  () => 'must be a percentage from 0 to 100 with at most two decimals'
)

const SupplierKind = LiteralUnion(SUPPLIER_KINDS)

export const SupplierCreate = StrictObject({
  name: TrimmedText(100),
  kind: SupplierKind,
  email: Type.Optional(Type.Union([SupplierEmail, Type.Null()])),
  phone: Type.Optional(OptionalTrimmedText(30)),
  default_commission_rate: Type.Optional(PercentInput)
}, { description: 'default_commission_rate defaults to 0' })

export const SupplierPatch = StrictObject({
  name: Type.Optional(TrimmedText(100)),
  kind: Type.Optional(SupplierKind),
  email: Type.Optional(Type.Union([SupplierEmail, Type.Null()])),
  phone: Type.Optional(OptionalTrimmedText(30)),
  default_commission_rate: Type.Optional(PercentInput)
}, { minProperties: 1 })

export const SupplierListQuery = StrictObject({
  name: Contains('part of the name, any case'),
  kind: Type.Optional(SupplierKind),
  ...Pagination
})

export const Supplier = SupplierPayload

const BookingStatus = LiteralUnion(BOOKING_STATUSES)

export const BookingCreate = StrictObject({
  supplier_id: Id,
  kind: Type.Optional(SupplierKind),
  description: TrimmedText(500),
  confirmation_ref: Type.Optional(OptionalTrimmedText(50)),
  start_date: DateOnly,
  end_date: Type.Optional(DateOnly),
  status: Type.Optional(BookingStatus),
  currency: Type.Optional(CurrencyCode),
  cost: MoneyInput({ positive: false }),
  sell_price: MoneyInput({ positive: false }),
  commission: Type.Optional(MoneyInput({ positive: false }))
}, {
  description: 'kind defaults to the supplier\'s, end_date to start_date (not before it), status to pending, currency to the trip\'s; ' +
    'commission left out is the supplier\'s default_commission_rate of the sell_price (rounded half up to the cent)'
})

export const BookingPatch = StrictObject({
  supplier_id: Type.Optional(Id),
  kind: Type.Optional(SupplierKind),
  description: Type.Optional(TrimmedText(500)),
  confirmation_ref: Type.Optional(OptionalTrimmedText(50)),
  start_date: Type.Optional(DateOnly),
  end_date: Type.Optional(DateOnly),
  status: Type.Optional(BookingStatus),
  currency: Type.Optional(CurrencyCode),
  cost: Type.Optional(MoneyInput({ positive: false })),
  sell_price: Type.Optional(MoneyInput({ positive: false })),
  commission: Type.Optional(MoneyInput({ positive: false }))
}, {
  minProperties: 1,
  description: 'only the fields given change; a commission worked out from a rate is worked out again when the sell_price or supplier changes'
})

export const BookingParams = StrictObject({ id: Id, bookingId: Id })

export const BookingListQuery = StrictObject({
  status: Type.Optional(BookingStatus),
  supplier_id: Type.Optional(Id),
  ...Pagination
})

export const Booking = BookingPayload

/** A refused delete of a client or trip with money history names how many payments were received on it. */
export const MoneyHistoryProblem = Type.Object({
  ...Problem.properties,
  payments: Type.Optional(Type.Integer({ minimum: 1, description: 'CRM_CLIENT_HAS_PAYMENTS, CRM_TRIP_HAS_PAYMENTS: how many payments were received' }))
})

export const NoteWrite = StrictObject({ note: TrimmedText(5000) })

export const NoteParams = StrictObject({ id: Id, noteId: Id })

export const NoteListQuery = StrictObject({ ...Pagination })

/**
 * A note as the API answers it: `timestamp` is the original API's name for when it was written, kept beside
 * `created_at` so that clients of the original read their field.
 */
export const Note = Type.Object({
  ...NotePayload.properties,
  timestamp: Timestamp
})

/** Body of a `crm.query.trip` request: which trip billing asks about. */
export const TripQueryRequest = StrictObject({ id: Id })

/** What billing needs of a trip it has not heard of yet. */
export const TripReference = Type.Object({
  id: Type.Integer(),
  client_id: Type.Integer(),
  destination: Type.String(),
  currency: Currency,
  start_date: Type.Optional(DateOnly),
  version: Type.Integer({ minimum: 1 }),
  archived: Type.Optional(Type.Boolean({ description: 'the trip or its client is archived: nothing new may be billed on it' }))
})

/** Reply to `crm.query.trip`; a malformed request is answered `found: false` as well. */
export const TripQueryReply = Type.Union([
  Type.Object({ found: Type.Literal(true), trip: TripReference }),
  Type.Object({ found: Type.Literal(false) })
])

export type ClientCreate = Static<typeof ClientCreate>
export type ClientPatch = Static<typeof ClientPatch>
export type ClientListQuery = Static<typeof ClientListQuery>
export type Client = Static<typeof Client>
export type TripCreate = Static<typeof TripCreate>
export type TripPatch = Static<typeof TripPatch>
export type TripListQuery = Static<typeof TripListQuery>
export type Trip = Static<typeof Trip>
export type TripTotal = Static<typeof TripTotal>
export type TripWarning = Static<typeof TripWarning>
export type TravellerCreate = Static<typeof TravellerCreate>
export type TravellerPatch = Static<typeof TravellerPatch>
export type TravellerParams = Static<typeof TravellerParams>
export type TravellerListQuery = Static<typeof TravellerListQuery>
export type Traveller = Static<typeof Traveller>
export type SupplierCreate = Static<typeof SupplierCreate>
export type SupplierPatch = Static<typeof SupplierPatch>
export type SupplierListQuery = Static<typeof SupplierListQuery>
export type Supplier = Static<typeof Supplier>
export type BookingCreate = Static<typeof BookingCreate>
export type BookingPatch = Static<typeof BookingPatch>
export type BookingParams = Static<typeof BookingParams>
export type BookingListQuery = Static<typeof BookingListQuery>
export type Booking = Static<typeof Booking>
export type NoteWrite = Static<typeof NoteWrite>
export type NoteParams = Static<typeof NoteParams>
export type NoteListQuery = Static<typeof NoteListQuery>
export type Note = Static<typeof Note>
export type TripQueryRequest = Static<typeof TripQueryRequest>
export type TripReference = Static<typeof TripReference>
export type TripQueryReply = Static<typeof TripQueryReply>
