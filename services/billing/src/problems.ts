import { defineProblem } from '@travel-crm/service-kit'

/** The billing service's refusals, each with a stable code that clients and tests rely on. */
export const BillingProblems = {
  invoiceNotFound: defineProblem('BILLING_INVOICE_NOT_FOUND', 'Invoice %s not found', 404),
  paymentNotFound: defineProblem('BILLING_PAYMENT_NOT_FOUND', 'Payment %s not found', 404),
  tripNotFound: defineProblem('BILLING_TRIP_NOT_FOUND', 'Trip %s not found', 404),
  dateOutOfRange: defineProblem('BILLING_DATE_OUT_OF_RANGE', 'The %s %s is outside %s', 400),
  dueBeforeIssue: defineProblem('BILLING_DUE_DATE_BEFORE_ISSUE_DATE', 'The due date %s is before the issue date %s', 400),
  exceedsBalance: defineProblem('BILLING_PAYMENT_EXCEEDS_BALANCE', 'The payment of %s is more than the open balance of %s %s', 422),
  invoiceCancelled: defineProblem('BILLING_INVOICE_CANCELLED', 'Invoice %s is cancelled', 422),
  invoiceHasPayments: defineProblem('BILLING_INVOICE_HAS_PAYMENTS', 'Invoice %s has payments and cannot be cancelled', 422),
  amountBelowPaid: defineProblem('BILLING_AMOUNT_BELOW_PAID', 'The amount %s is less than the %s %s already paid', 422)
}
