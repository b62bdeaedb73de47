// REST request and response schemas of the crm service: shared with the gateway's OpenAPI document.
import { Type, type Static } from 'typebox'
import { ClientPayload, NotePayload, TripPayload } from '../events/payloads.js'
import { Currency, CurrencyCode, DateOnly, Id, MoneyInput, OptionalTrimmedText, Pagination, Sorting, StrictObject, TrimmedText } from '../schemas.js'

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

export const ClientListQuery = StrictObject({
  name: Contains('part of the name, any case'),
  email: Contains('part of the email address, any case'),
  phone: Contains('part of the phone number'),
  company: Contains('part of the company name, any case'),
  ...Pagination,
  ...Sorting(['id', 'name', 'email', 'phone', 'company', 'created_at', 'updated_at'])
})

export const Client = ClientPayload

export const TripCreate = StrictObject({
  client_id: Id,
  destination: TrimmedText(100),
  start_date: DateOnly,
  end_date: DateOnly,
  price: MoneyInput({ positive: false }),
  currency: Type.Optional(CurrencyCode),
  notes: Type.Optional(OptionalTrimmedText(5000))
}, { description: 'end_date is not before start_date; currency defaults to the service setting DEFAULT_CURRENCY' })

export const TripPatch = StrictObject({
  client_id: Type.Optional(Id),
  destination: Type.Optional(TrimmedText(100)),
  start_date: Type.Optional(DateOnly),
  end_date: Type.Optional(DateOnly),
  price: Type.Optional(MoneyInput({ positive: false })),
  currency: Type.Optional(CurrencyCode),
  notes: Type.Optional(OptionalTrimmedText(5000))
}, { minProperties: 1, description: 'only the fields given change; end_date stays on or after start_date' })

export const TripListQuery = StrictObject({
  destination: Contains('part of the destination, any case'),
  client_id: Type.Optional(Id),
  start_date: Type.Optional(DateOnly),
  start_date_to: Type.Optional(DateOnly),
  ...Pagination,
  ...Sorting(['id', 'destination', 'start_date', 'end_date', 'price', 'created_at', 'updated_at'])
}, { description: 'start_date and start_date_to bound the first day of the trip, both inclusive' })

export const Trip = TripPayload

export const NoteWrite = StrictObject({ note: TrimmedText(5000) })

export const NoteParams = StrictObject({ id: Id, noteId: Id })

export const NoteListQuery = StrictObject({ ...Pagination })

export const Note = NotePayload

/** Body of a `crm.query.trip` request: which trip billing asks about. */
export const TripQueryRequest = StrictObject({ id: Id })

/** What billing needs of a trip it has not heard of yet. */
export const TripReference = Type.Object({
  id: Type.Integer(),
  client_id: Type.Integer(),
  destination: Type.String(),
  currency: Currency,
  version: Type.Integer({ minimum: 1 })
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
export type NoteWrite = Static<typeof NoteWrite>
export type NoteParams = Static<typeof NoteParams>
export type NoteListQuery = Static<typeof NoteListQuery>
export type Note = Static<typeof Note>
export type TripQueryRequest = Static<typeof TripQueryRequest>
export type TripReference = Static<typeof TripReference>
export type TripQueryReply = Static<typeof TripQueryReply>
