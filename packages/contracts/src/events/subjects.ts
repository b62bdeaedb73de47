import type { TSchema } from 'typebox'
import { AgencyPayload } from '../agency.js'
import { ClientErasedPayload } from '../privacy.js'
import { BookingPayload, ClientPayload, CommissionPayload, CommissionPaymentPayload, DeletedPaymentPayload, EndpointPayload, InvoicePayload, InvoiceReminderPayload, NotePayload, PaymentPayload, SupplierPayload, TravellerPayload, TripPayload, UserPayload } from './payloads.js'

/** Every subject published to the stream, with the schema of its `data`: the public event catalogue. */
export const EVENT_CATALOGUE = {
  'auth.user.registered': { payload: UserPayload, summary: 'A user account was created.' },
  'auth.user.updated': { payload: UserPayload, summary: 'A user changed role, was disabled or re-enabled, changed password, or had every session ended.' },
  'auth.user.deleted': { payload: UserPayload, summary: 'A user account was deleted.' },
  'crm.client.created': { payload: ClientPayload, summary: 'A client was created.' },
  'crm.client.updated': { payload: ClientPayload, summary: 'A client was changed.' },
  'crm.client.deleted': { payload: ClientPayload, summary: 'A client without money history was deleted, with its trips and notes.' },
  'crm.client.archived': { payload: ClientPayload, summary: 'A client was archived (`archived_at` set): out of default lists, no new trips, invoices or payments; its money stays in every report.' },
  'crm.client.restored': { payload: ClientPayload, summary: 'An archived client was restored (`archived_at` null again).' },
  'crm.client.erased': {
    payload: ClientErasedPayload,
    summary: 'A client was erased (GDPR article 17): its personal fields, its notes\' text, its trips\' notes and its travellers\' personal fields are replaced ' +
      '(PERSONAL_FIELDS, erasedValues). Keep nothing personal of the records named: replace what you copied. Money records stay, with their amounts and dates. ' +
      'A `crm.client.updated` with the erased values comes just before it.'
  },
  'crm.trip.created': { payload: TripPayload, summary: 'A trip was created.' },
  'crm.trip.updated': { payload: TripPayload, summary: 'A trip was changed; when its status changed, `previous_status` is the one it left.' },
  'crm.trip.deleted': { payload: TripPayload, summary: 'A trip without money history was deleted (also when its client was), with its travellers and bookings.' },
  'crm.trip.archived': { payload: TripPayload, summary: 'A trip was archived (`archived_at` set): out of default lists, no new invoices or payments; its money stays in every report.' },
  'crm.trip.restored': { payload: TripPayload, summary: 'An archived trip was restored (`archived_at` null again).' },
  'crm.traveller.created': { payload: TravellerPayload, summary: 'A traveller was added to a trip (never with the passport number).' },
  'crm.traveller.updated': { payload: TravellerPayload, summary: 'A traveller was changed (also when the client it was was deleted).' },
  'crm.traveller.deleted': { payload: TravellerPayload, summary: 'A traveller was removed, also with its trip.' },
  'crm.supplier.created': { payload: SupplierPayload, summary: 'A supplier was created.' },
  'crm.supplier.updated': { payload: SupplierPayload, summary: 'A supplier was changed.' },
  'crm.supplier.deleted': { payload: SupplierPayload, summary: 'A supplier without bookings was deleted.' },
  'crm.booking.created': { payload: BookingPayload, summary: 'A booking with a supplier was added to a trip.' },
  'crm.booking.updated': { payload: BookingPayload, summary: 'A booking was changed (its status, dates or money).' },
  'crm.booking.deleted': { payload: BookingPayload, summary: 'A booking was deleted, also with its trip.' },
  'crm.note.created': { payload: NotePayload, summary: 'A note was written about a client.' },
  'crm.note.updated': { payload: NotePayload, summary: 'A client note was changed.' },
  'crm.note.deleted': { payload: NotePayload, summary: 'A client note was deleted.' },
  'billing.invoice.created': { payload: InvoicePayload, summary: 'An invoice was issued.' },
  'billing.invoice.updated': { payload: InvoicePayload, summary: 'An invoice changed (amount, dates, status or paid amount).' },
  'billing.invoice.deleted': { payload: InvoicePayload, summary: 'An invoice was deleted, with its payments.' },
  'billing.invoice.paid': { payload: InvoicePayload, summary: 'An invoice became fully paid.' },
  'billing.invoice.due_soon': {
    payload: InvoiceReminderPayload,
    summary: 'An installment with money open falls due within REMINDER_DAYS (7): sent once per installment and due date, by the clock alone.'
  },
  'billing.invoice.overdue': {
    payload: InvoiceReminderPayload,
    summary: 'An installment\'s due date passed with money open: sent once per installment and due date, the day after it fell due.'
  },
  'billing.commission.updated': {
    payload: CommissionPayload,
    summary: 'A supplier\'s commission on a booking changed: the booking was written, changed, cancelled or deleted in crm, or the supplier paid.'
  },
  'billing.commission.received': { payload: CommissionPaymentPayload, summary: 'A supplier paid commission on a booking.' },
  'billing.payment.recorded': { payload: PaymentPayload, summary: 'A payment was recorded against an invoice.' },
  'billing.payment.updated': { payload: PaymentPayload, summary: 'A payment was changed.' },
  'billing.payment.deleted': { payload: DeletedPaymentPayload, summary: 'A payment was deleted: the whole payment as it was, who deleted it, when and why (kept in billing\'s deleted-payments record too).' },
  'billing.agency.updated': { payload: AgencyPayload, summary: 'An admin changed the agency\'s details that documents carry (name, address, bank details, logo, footer, invoice number format).' },
  'webhooks.endpoint.ping': {
    payload: EndpointPayload,
    summary: 'Sent by `POST /webhooks/:id/test` to that one endpoint only, to check that it receives and verifies.',
    webhookOnly: true
  },
  'webhooks.endpoint.disabled': {
    payload: EndpointPayload,
    summary: 'A webhook endpoint kept failing for days and was disabled; `PATCH /webhooks/:id {"enabled": true}` turns it back on.'
  }
} as const satisfies Record<string, { payload: TSchema, summary: string, webhookOnly?: true }>

export type EventSubject = keyof typeof EVENT_CATALOGUE

/** Whether an event only ever goes to a webhook endpoint, never into the stream (the ping). */
export function isWebhookOnly (subject: EventSubject): boolean {
  return 'webhookOnly' in EVENT_CATALOGUE[subject]
}
export const EVENT_SUBJECTS = Object.keys(EVENT_CATALOGUE) as EventSubject[]

/**
 * What the stream stores: the catalogue's subjects by entity (`crm.trip.*`). Not `crm.>`, which would also
 * capture request-reply subjects such as `crm.query.trip`: JetStream would store each question and answer it
 * with a PubAck before the service could.
 */
export const STREAM_SUBJECTS = [...new Set(EVENT_SUBJECTS.map((subject) => subject.replace(/\.[a-z_]+$/, '.*')))]

/** Core NATS request-reply subjects (not stored in the stream). */
export const QUERY_SUBJECTS = {
  trip: 'crm.query.trip',
  /** The key that sealed a client's personal fields in the stream (privacy.ts); services only. */
  clientKey: 'crm.query.client-key'
} as const
