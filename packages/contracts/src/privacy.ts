import { Type, type Static } from 'typebox'
import type { CloudEvent } from './events/envelope.js'
import { Id, StrictObject, Timestamp, TrimmedText } from './schemas.js'

/**
 * What is personal about a client, by the kind of record that holds it: the fields an erasure replaces and
 * the audit trail shows to admins only. Written once; every service and read model that copies a record
 * reads it from here.
 */
export const PERSONAL_FIELDS = {
  client: ['name', 'email', 'phone', 'company'],
  note: ['note'],
  // A trip's notes are free text about the client's wishes.
  trip: ['notes'],
  traveller: ['first_name', 'last_name', 'date_of_birth', 'nationality', 'passport_number', 'passport_expiry']
} as const satisfies Record<string, readonly string[]>

export type PersonalKind = keyof typeof PERSONAL_FIELDS

export function isPersonalField (kind: string, field: string): boolean {
  return kind in PERSONAL_FIELDS && (PERSONAL_FIELDS[kind as PersonalKind] as readonly string[]).includes(field)
}

/**
 * What an erased record holds in place of its personal fields. The email stays an address (the column is
 * required and unique) in a reserved domain that can reach nobody; a traveller keeps a name because a
 * booking needs one.
 */
export function erasedValues (kind: PersonalKind, id: number): Record<string, unknown> {
  switch (kind) {
    case 'client': return { name: `Erased client ${id}`, email: `erased-client-${id}@erased.invalid`, phone: '', company: null }
    case 'note': return { note: '' }
    case 'trip': return { notes: null }
    case 'traveller': return { first_name: 'Erased', last_name: 'Traveller', date_of_birth: null, nationality: null, passport_number: null, has_passport_number: false, passport_expiry: null }
  }
}

export const ClientErase = StrictObject({
  reason: TrimmedText(500)
}, { description: 'why the client asked to be forgotten (GDPR article 17), kept with the erasure' })

/**
 * A client was erased: every service and read model replaces what it copied of the client, its notes, its
 * trips' notes and the travellers named here with `erasedValues`. The ids are given so that nobody needs to
 * ask which records were the client's.
 */
export const ClientErasedPayload = Type.Object({
  id: Type.Integer({ description: 'the client, as every event names its record' }),
  client_id: Type.Integer(),
  note_ids: Type.Array(Type.Integer()),
  trip_ids: Type.Array(Type.Integer()),
  traveller_ids: Type.Array(Type.Integer()),
  reason: Type.String(),
  erased_at: Timestamp,
  erased_by: Type.Union([Type.Integer(), Type.Null()]),
  version: Type.Integer({ minimum: 1, description: 'the client\'s version after the erasure' })
})

export const ClientErasure = Type.Object({
  client_id: Id,
  erased_at: Timestamp,
  erased_by: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.String()
})

export type ClientErase = Static<typeof ClientErase>
export type ClientErasedPayload = Static<typeof ClientErasedPayload>
export type ClientErasure = Static<typeof ClientErasure>

/** The kind of record an event is about, from its subject: `crm.client.updated` is about a `client`. */
export function kindOfSubject (subject: string): string {
  return subject.split('.')[1] ?? ''
}

/** Whether a record of this kind and id is one an erasure covers. */
export function isErased (erasure: ClientErasedPayload, kind: string, id: number): boolean {
  switch (kind) {
    case 'client': return id === erasure.client_id
    case 'note': return erasure.note_ids.includes(id)
    case 'trip': return erasure.trip_ids.includes(id)
    case 'traveller': return erasure.traveller_ids.includes(id)
    default: return false
  }
}

/** A record's payload with its personal fields erased, when the erasure covers it; otherwise itself. */
export function erasedRecord<Payload> (erasure: ClientErasedPayload, kind: string, record: Payload): Payload {
  if (record === null || typeof record !== 'object' || !(kind in PERSONAL_FIELDS)) return record
  const id = (record as { id?: unknown }).id
  if (typeof id !== 'number' || !isErased(erasure, kind, id)) return record
  const present = Object.entries(erasedValues(kind as PersonalKind, id)).filter(([field]) => field in record)
  return { ...record, ...Object.fromEntries(present) }
}

/**
 * An event as it is kept after an erasure (a stored webhook delivery, a dead letter): the record it carries
 * erased when the erasure covers it, or undefined when the event is none of the erasure's business.
 */
export function erasedEvent (erasure: ClientErasedPayload, event: CloudEvent): CloudEvent | undefined {
  const kind = kindOfSubject(event.type)
  const data = erasedRecord(erasure, kind, event.data)
  return data === event.data ? undefined : { ...event, data }
}

/** A client key's id as a sealed value names it: `c<client id>-<random>`; a new key after each erasure. */
export const CLIENT_KEY_ID = '^c[0-9]{1,10}-[a-z0-9]{8}$'

export const ClientKeyRequest = StrictObject({ key_id: Type.String({ pattern: CLIENT_KEY_ID }) })

/** crm's answer: the key (base64, AES-256) or, once the client was erased, none: what it sealed is gone. */
export const ClientKeyReply = Type.Union([
  Type.Object({ key_id: Type.String(), key: Type.String() }),
  Type.Object({ key_id: Type.String(), erased: Type.Literal(true) })
])

export type ClientKeyRequest = Static<typeof ClientKeyRequest>
export type ClientKeyReply = Static<typeof ClientKeyReply>

/** Core NATS subjects on which each service that holds something about a client gives it all (GDPR article 15). */
export const PERSONAL_DATA_SUBJECTS = {
  billing: 'billing.query.personal-data',
  reporting: 'reporting.query.personal-data'
} as const

export const PersonalDataRequest = StrictObject({ client_id: Id })

const Records = Type.Array(Type.Record(Type.String(), Type.Unknown()))

/** What billing holds about a client: the replica invoices are addressed from, its invoices and their payments. */
export const BillingPersonalData = Type.Object({
  client: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  invoices: Records,
  payments: Records
})

/** What reporting holds beyond the copies of the records above: the audit trail's entries about the client. */
export const ReportingPersonalData = Type.Object({
  audit_entries: Records
})

/**
 * Everything held about a client in every service, as one document (GDPR articles 15 and 20): crm's records
 * as its API gives them (passport numbers whole), billing's and reporting's as they answered crm.
 */
export const PersonalData = Type.Object({
  client_id: Type.Integer(),
  generated_at: Timestamp,
  crm: Type.Object({ client: Type.Record(Type.String(), Type.Unknown()), notes: Records, trips: Records, travellers: Records }),
  billing: BillingPersonalData,
  reporting: ReportingPersonalData
})

export type PersonalDataRequest = Static<typeof PersonalDataRequest>
export type BillingPersonalData = Static<typeof BillingPersonalData>
export type ReportingPersonalData = Static<typeof ReportingPersonalData>
export type PersonalData = Static<typeof PersonalData>
