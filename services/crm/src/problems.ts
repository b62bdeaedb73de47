import { defineProblems, STALE_VERSION_MESSAGE } from '@travel-crm/service-kit/http'
import { es } from './problem-words/es.js'
import { sv } from './problem-words/sv.js'

export const CRM_PROBLEMS = {
  clientNotFound: ['CRM_CLIENT_NOT_FOUND', 'Client %s not found', 404],
  tripNotFound: ['CRM_TRIP_NOT_FOUND', 'Trip %s not found', 404],
  noteNotFound: ['CRM_NOTE_NOT_FOUND', 'Note %s of client %s not found', 404],
  emailTaken: ['CRM_CLIENT_EMAIL_TAKEN', 'Another client already has the email address %s', 409],
  tripCurrencyLocked: ['CRM_TRIP_CURRENCY_LOCKED', 'Trip %s has invoices in %s: its currency cannot change', 409],
  tripEndsBeforeStart: ['CRM_TRIP_ENDS_BEFORE_START', 'The trip would end (%s) before it starts (%s)', 400],
  tripStatusTransition: ['CRM_TRIP_STATUS_TRANSITION', 'Trip %s cannot move from %s; from there it can move to %s', 409],
  travellerNotFound: ['CRM_TRAVELLER_NOT_FOUND', 'Traveller %s of trip %s not found', 404],
  leadTaken: ['CRM_TRIP_LEAD_TAKEN', 'Trip %s already has a lead traveller (%s): make that one not the lead first', 409],
  bornInFuture: ['CRM_TRAVELLER_BORN_IN_FUTURE', 'The date of birth %s is in the future', 400],
  supplierNotFound: ['CRM_SUPPLIER_NOT_FOUND', 'Supplier %s not found', 404],
  supplierHasBookings: ['CRM_SUPPLIER_HAS_BOOKINGS', 'Supplier %s has %s bookings: it cannot be deleted while they refer to it', 409],
  bookingNotFound: ['CRM_BOOKING_NOT_FOUND', 'Booking %s of trip %s not found', 404],
  bookingEndsBeforeStart: ['CRM_BOOKING_ENDS_BEFORE_START', 'The booking would end (%s) before it starts (%s)', 400],
  clientHasPayments: ['CRM_CLIENT_HAS_PAYMENTS', 'Client %s has %s payments received on its trips: money received is kept, archive the client instead', 409],
  tripHasPayments: ['CRM_TRIP_HAS_PAYMENTS', 'Trip %s has %s payments received: money received is kept, archive the trip instead', 409],
  clientArchived: ['CRM_CLIENT_ARCHIVED', 'Client %s is archived: restore it before giving it trips', 409],
  staleVersion: ['CRM_STALE_VERSION', STALE_VERSION_MESSAGE, 412]
} as const

export type CrmProblemName = keyof typeof CRM_PROBLEMS

/** Crm's refusals, each with a stable code that clients and tests rely on; worded in every app language. */
export const CrmProblems = defineProblems('CRM', CRM_PROBLEMS, { sv, es })
