import { defineProblems, STALE_VERSION_MESSAGE } from '@travel-crm/service-kit/http'
import { es } from './problem-words/es.js'
import { sv } from './problem-words/sv.js'

export const BILLING_PROBLEMS = {
  invoiceNotFound: ['BILLING_INVOICE_NOT_FOUND', 'Invoice %s not found', 404],
  paymentNotFound: ['BILLING_PAYMENT_NOT_FOUND', 'Payment %s not found', 404],
  tripNotFound: ['BILLING_TRIP_NOT_FOUND', 'Trip %s not found', 404],
  dateOutOfRange: ['BILLING_DATE_OUT_OF_RANGE', 'The %s %s is outside %s', 400],
  dueBeforeIssue: ['BILLING_DUE_DATE_BEFORE_ISSUE_DATE', 'The due date %s is before the issue date %s', 400],
  exceedsBalance: ['BILLING_PAYMENT_EXCEEDS_BALANCE', 'The payment of %s is more than the open balance of %s %s', 422],
  invoiceCancelled: ['BILLING_INVOICE_CANCELLED', 'Invoice %s is cancelled', 422],
  invoiceHasPayments: ['BILLING_INVOICE_HAS_PAYMENTS', 'Invoice %s has payments and cannot be cancelled', 422],
  amountBelowPaid: ['BILLING_AMOUNT_BELOW_PAID', 'The amount %s is less than the %s %s already paid', 422],
  agencyNotSet: ['BILLING_AGENCY_NOT_SET', 'The agency\'s details have not been set yet (PUT /settings/agency)', 404],
  logoInvalid: ['BILLING_LOGO_INVALID', 'The logo is not a valid %s image of at most %s bytes', 400],
  dueDatesUnclear: ['BILLING_DUE_DATES_UNCLEAR', 'Say what is due when with exactly one of due_date, installments or schedule', 400],
  amountMissing: ['BILLING_AMOUNT_MISSING', 'An amount is needed with %s', 400],
  installmentsMismatch: ['BILLING_INSTALLMENTS_MISMATCH', 'The installments add up to %s, not to the amount %s', 400],
  lastInstallmentNotPositive: ['BILLING_LAST_INSTALLMENT_NOT_POSITIVE', 'The amount %s would leave the last installment at %s: give the installments', 400],
  installmentsBelowPaid: ['BILLING_INSTALLMENTS_BELOW_PAID', 'The installments add up to %s, less than the %s %s already paid', 409],
  tripStartUnknown: ['BILLING_TRIP_START_UNKNOWN', 'The start date of trip %s is not known yet; give the installments', 422],
  commissionNotFound: ['BILLING_COMMISSION_NOT_FOUND', 'No commission is expected on booking %s', 404],
  commissionCancelled: ['BILLING_COMMISSION_CANCELLED', 'The booking %s is cancelled: no commission is expected on it', 422],
  commissionExceedsBalance: ['BILLING_COMMISSION_EXCEEDS_BALANCE', 'The commission payment of %s is more than the open balance of %s %s', 422],
  tripArchived: ['BILLING_TRIP_ARCHIVED', 'Trip %s is archived: restore it before billing it', 409],
  clientArchived: ['BILLING_CLIENT_ARCHIVED', 'Client %s is archived: restore it before billing it', 409],
  staleVersion: ['BILLING_STALE_VERSION', STALE_VERSION_MESSAGE, 412]
} as const

export type BillingProblemName = keyof typeof BILLING_PROBLEMS

/** Billing's refusals, each with a stable code that clients and tests rely on; worded in every app language. */
export const BillingProblems = defineProblems('BILLING', BILLING_PROBLEMS, { sv, es })
