import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'
import {
  AgencyPayload, ClientErasedPayload, ClientPayload, DEFAULT_TRIP_STATUS, erasedValues, InvoicePayload, NotePayload, PaymentPayload, TripPayload,
  type CloudEvent, type EventSubject
} from '@travel-crm/contracts'
import { eraseFromKeptMessages, type EventHandler } from '@travel-crm/service-kit/messaging'
import { withPipelineStart } from '../pipeline/projection.js'
import { countingChanges } from '../read-model-changes.js'
import { invoiceOverdue } from './overdue.js'
import { removeRecord, storeRecord, type RecordKind, type RecordRef, type RecordRow } from './records.js'

/** How one kind of record is read from its event payload, and which records it hangs off. */
export interface Projection<Payload> {
  kind: RecordKind
  schema: TSchema
  row: (payload: Payload) => RecordRow
  ancestors: (payload: Payload) => RecordRef[]
}

function audit (payload: ClientPayload | NotePayload | TripPayload | InvoicePayload | PaymentPayload) {
  return {
    created_at: payload.created_at,
    updated_at: payload.updated_at,
    created_by: payload.created_by,
    updated_by: payload.updated_by,
    version: payload.version
  }
}

const client: Projection<ClientPayload> = {
  kind: 'client',
  schema: ClientPayload,
  row: (c) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, company: c.company, ...audit(c) }),
  ancestors: () => []
}

const note: Projection<NotePayload> = {
  kind: 'note',
  schema: NotePayload,
  row: (n) => ({ id: n.id, client_id: n.client_id, note: n.note, ...audit(n) }),
  ancestors: (n) => [{ kind: 'client', id: n.client_id }]
}

const trip: Projection<TripPayload> = {
  kind: 'trip',
  schema: TripPayload,
  row: (t) => ({
    id: t.id,
    client_id: t.client_id,
    destination: t.destination,
    start_date: t.start_date,
    end_date: t.end_date,
    price: t.price,
    currency: t.currency,
    notes: t.notes,
    status: t.status ?? DEFAULT_TRIP_STATUS,
    ...audit(t)
  }),
  ancestors: (t) => [{ kind: 'client', id: t.client_id }]
}

// The invoice's own `status` and `paid_amount` are not copied: paid is summed from the payments held here and
// overdue is judged on the day a report is asked; only a cancellation is the invoice's own word.
const invoice: Projection<InvoicePayload> = {
  kind: 'invoice',
  schema: InvoicePayload,
  row: (i) => ({
    id: i.id,
    number: i.number ?? null,
    trip_id: i.trip_id,
    client_id: i.client_id,
    issue_date: i.issue_date,
    due_date: i.due_date,
    amount: i.amount,
    currency: i.currency,
    cancelled: i.status === 'Cancelled',
    ...audit(i)
  }),
  ancestors: (i) => [{ kind: 'client', id: i.client_id }, { kind: 'trip', id: i.trip_id }]
}

const payment: Projection<PaymentPayload> = {
  kind: 'payment',
  schema: PaymentPayload,
  row: (p) => ({
    id: p.id,
    invoice_id: p.invoice_id,
    trip_id: p.trip_id,
    client_id: p.client_id,
    amount: p.amount,
    currency: p.currency,
    payment_date: p.payment_date,
    payment_method: p.payment_method,
    reference: p.reference,
    ...audit(p)
  }),
  ancestors: (p) => [{ kind: 'client', id: p.client_id }, { kind: 'trip', id: p.trip_id }, { kind: 'invoice', id: p.invoice_id }]
}

function payloadOf<Payload> (projection: Projection<Payload>, check: ReturnType<typeof Compile>, event: CloudEvent): Payload {
  if (check.Check(event.data)) return event.data as Payload
  const problems = [...check.Errors(event.data)].slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message}`)
  throw new Error(`${event.type} ${event.id}: not a ${projection.kind} payload (${problems.join('; ')})`)
}

export function stored<Payload> (projection: Projection<Payload>): EventHandler {
  const check = Compile(projection.schema)
  return async (em, event) => {
    const payload = payloadOf(projection, check, event)
    await storeRecord(em, projection.kind, projection.row(payload), projection.ancestors(payload))
  }
}

export function removed<Payload extends { id: number, version: number }> (projection: Projection<Payload>): EventHandler {
  const check = Compile(projection.schema)
  return async (em, event) => {
    const payload = payloadOf(projection, check, event)
    await removeRecord(em, { kind: projection.kind, id: payload.id }, payload.version)
  }
}

const agencyCheck = Compile(AgencyPayload)

/** The agency's details for the documents' header: the latest version wins, the logo included. */
const agencyUpdated: EventHandler = async (em, event) => {
  if (!agencyCheck.Check(event.data)) throw new Error(`${event.type} ${event.id}: not an agency payload`)
  await em.execute(`insert into agency (id, details, version) values (1, ?::jsonb, ?)
    on conflict (id) do update set details = excluded.details, version = excluded.version where agency.version < excluded.version`,
  [JSON.stringify(event.data), event.data.version])
}

/**
 * An erasure: the read models keep the client's money and totals and forget its personal values, whatever
 * version they hold (the client's and its records' own events with the erased values come just before).
 */
const clientErased: EventHandler = async (em, event) => {
  if (!Value.Check(ClientErasedPayload, event.data)) throw new Error(`${event.type} ${event.id} does not carry an erasure`)
  const erasure = event.data
  const erased = erasedValues('client', erasure.client_id)
  await em.execute('update client set name = ?, email = ?, phone = ?, company = ? where id = ?',
    [erased['name'], erased['email'], erased['phone'], erased['company'], erasure.client_id])
  await em.execute('delete from note where client_id = ?', [erasure.client_id])
  if (erasure.trip_ids.length > 0) await em.execute('update trip set notes = null where id in (?)', [erasure.trip_ids])
  // Travellers (the departures report's): their names and passport expiry go, and whether there was a number, as in crm.
  for (const id of erasure.traveller_ids) {
    const traveller = erasedValues('traveller', id)
    await em.execute('update traveller set first_name = ?, last_name = ?, has_passport_number = ?, passport_expiry = ? where id = ?',
      [traveller['first_name'], traveller['last_name'], traveller['has_passport_number'], traveller['passport_expiry'], id])
  }
  await eraseFromKeptMessages(em, erasure)
}

/** Every event the read models are built from; `auth.*` events carry nothing the reports show. */
export const projections: Partial<Record<EventSubject, EventHandler>> = countingChanges({
  'crm.client.created': stored(client),
  'crm.client.updated': stored(client),
  // Archived records stay in every report: the move only keeps the read model at the record's version.
  'crm.client.archived': stored(client),
  'crm.client.restored': stored(client),
  'crm.client.deleted': removed(client),
  'crm.client.erased': clientErased,
  'crm.note.created': stored(note),
  'crm.note.updated': stored(note),
  'crm.note.deleted': removed(note),
  'crm.trip.created': withPipelineStart(stored(trip)),
  'crm.trip.updated': withPipelineStart(stored(trip)),
  'crm.trip.archived': withPipelineStart(stored(trip)),
  'crm.trip.restored': withPipelineStart(stored(trip)),
  'crm.trip.deleted': removed(trip),
  'billing.invoice.created': stored(invoice),
  'billing.invoice.updated': stored(invoice),
  'billing.invoice.paid': stored(invoice),
  'billing.invoice.deleted': removed(invoice),
  // Overdue figures follow billing's word as well as the reading date.
  'billing.invoice.overdue': invoiceOverdue,
  'billing.payment.recorded': stored(payment),
  'billing.payment.updated': stored(payment),
  'billing.payment.deleted': removed(payment),
  'billing.agency.updated': agencyUpdated
})
