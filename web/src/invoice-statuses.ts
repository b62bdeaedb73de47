import type { CommissionStatus, InvoiceStatus } from '@travel-crm/contracts'

/**
 * The invoice statuses in the order the screens offer them. Contracts' INVOICE_STATUSES would bring its
 * schemas (and their validator) into the bundle; a unit test holds this list equal to it.
 */
export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['Pending', 'Partially Paid', 'Paid', 'Overdue', 'Cancelled']

/** The commission statuses, for the same reason as above; the same unit test holds it to contracts'. */
export const COMMISSION_STATUSES: readonly CommissionStatus[] = ['Expected', 'Partially Received', 'Received', 'Overdue', 'Cancelled']
