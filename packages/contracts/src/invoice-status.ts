import type { CommissionStatus, InvoiceStatus } from './events/payloads.js'
import { compareMoney, fromCents, toCents } from './money.js'

/**
 * An invoice's status is derived, never typed in (except `Cancelled`): billing answers with it, its list
 * filters by it in SQL, and reporting's statements and reports show it. The rule is written here once, as
 * data; the TypeScript judgement and the SQL are both read from it, so they cannot disagree.
 */

/** What an invoice's status follows from. */
export interface InvoiceFacts {
  cancelled: boolean
  amount: string
  /** What its payments add up to. */
  paid: string
  /**
   * `YYYY-MM-DD`. For an invoice paid in installments, the due date of the oldest installment not fully paid
   * (`nextDueDate`): payments fill installments oldest first, so that one is past due exactly when any
   * installment past due is still open, and the rule below judges installments without knowing them.
   */
  dueDate: string
}

type Test = 'cancelled' | 'covered' | 'pastDue' | 'partlyPaid'

/**
 * In order, the first status whose test holds is the invoice's; `Pending` when none does. `Overdue` comes
 * before `Partially Paid`: an invoice past due is overdue however much of it was paid.
 */
const RULE: ReadonlyArray<readonly [InvoiceStatus, Test]> = [
  ['Cancelled', 'cancelled'],
  ['Paid', 'covered'],
  ['Overdue', 'pastDue'],
  ['Partially Paid', 'partlyPaid']
]
const OTHERWISE: InvoiceStatus = 'Pending'

const HOLDS: Record<Test, (invoice: InvoiceFacts, today: string) => boolean> = {
  cancelled: (invoice) => invoice.cancelled,
  covered: (invoice) => compareMoney(invoice.paid, invoice.amount) >= 0,
  pastDue: (invoice, today) => invoice.dueDate < today,
  partlyPaid: (invoice) => compareMoney(invoice.paid, '0.00') > 0
}

/** The status as of `today` (`YYYY-MM-DD`, UTC). */
export function invoiceStatus (invoice: InvoiceFacts, today: string): InvoiceStatus {
  return RULE.find(([, test]) => HOLDS[test](invoice, today))?.[0] ?? OTHERWISE
}

/** Where a query keeps an invoice's facts: an SQL expression for each, and the parameter that holds today. */
export interface InvoiceColumns {
  cancelled: string
  amount: string
  paid: string
  dueDate: string
  today: string
}

function sqlOf (test: Test, columns: InvoiceColumns): string {
  switch (test) {
    case 'cancelled': return `(${columns.cancelled})`
    case 'covered': return `(${columns.paid} >= ${columns.amount})`
    case 'pastDue': return `(${columns.dueDate} < ${columns.today})`
    case 'partlyPaid': return `(${columns.paid} > 0)`
  }
}

/** The status as an SQL `case` expression over the given columns. */
export function invoiceStatusSql (columns: InvoiceColumns): string {
  const branches = RULE.map(([status, test]) => `when ${sqlOf(test, columns)} then '${status}'`)
  return `case ${branches.join(' ')} else '${OTHERWISE}' end`
}

/** An SQL condition that holds exactly for invoices of this status: its own test holds and none before it. */
export function invoiceStatusCondition (status: InvoiceStatus, columns: InvoiceColumns): string {
  const position = RULE.findIndex(([ruled]) => ruled === status)
  const before = position === -1 ? RULE : RULE.slice(0, position)
  const conditions = before.map(([, test]) => `not ${sqlOf(test, columns)}`)
  if (position !== -1) conditions.push(sqlOf(RULE[position]?.[1] ?? 'cancelled', columns))
  return conditions.join(' and ')
}

/** What is due on which day: one part of an invoice's amount. */
export interface InstallmentFacts {
  /** `YYYY-MM-DD` */
  dueDate: string
  amount: string
}

/** An installment with what of it is paid, what is open and its status by the same rule as an invoice's. */
export interface InstallmentState extends InstallmentFacts {
  paid: string
  balance: string
  status: InvoiceStatus
}

/** Installments oldest first (by due date; those due the same day in the order given): the order payments fill them. */
export function inDueOrder<Installment extends InstallmentFacts> (installments: readonly Installment[]): Installment[] {
  return installments.map((installment, position) => ({ installment, position }))
    .sort((a, b) => a.installment.dueDate < b.installment.dueDate ? -1 : a.installment.dueDate > b.installment.dueDate ? 1 : a.position - b.position)
    .map(({ installment }) => installment)
}

/**
 * Spreads what an invoice has been paid over its installments, oldest first: each takes as much as it is
 * owed before the next takes anything. What is paid beyond their sum (never, while the rules hold) is nobody's.
 */
export function installmentStates (installments: readonly InstallmentFacts[], invoice: Pick<InvoiceFacts, 'paid' | 'cancelled'>, today: string): InstallmentState[] {
  let left = toCents(invoice.paid)
  return inDueOrder(installments).map((installment) => {
    const owed = toCents(installment.amount)
    const taken = left < owed ? (left > 0n ? left : 0n) : owed
    left -= taken
    const paid = fromCents(taken)
    return {
      dueDate: installment.dueDate,
      amount: installment.amount,
      paid,
      balance: fromCents(owed - taken),
      status: invoiceStatus({ cancelled: invoice.cancelled, amount: installment.amount, paid, dueDate: installment.dueDate }, today)
    }
  })
}

/** The due date an invoice's status follows (see `InvoiceFacts.dueDate`); the last one once all are paid. */
export function nextDueDate (installments: readonly InstallmentFacts[], paid: string): string {
  const states = installmentStates(installments, { paid, cancelled: false }, '0000-01-01')
  const open = states.find((state) => compareMoney(state.balance, '0.00') > 0) ?? states.at(-1)
  if (open === undefined) throw new RangeError('an invoice has at least one installment')
  return open.dueDate
}

/**
 * A supplier's commission on a booking is owed and received the way an invoice is paid: the same tests in the
 * same order (a cancelled booking, all received, past due, some received), under the names the agency uses for
 * money it is owed by a supplier. `amount` is the expected commission, `paid` what the supplier has paid.
 */
const COMMISSION_NAMES: Record<InvoiceStatus, CommissionStatus> = {
  Cancelled: 'Cancelled',
  Paid: 'Received',
  Overdue: 'Overdue',
  'Partially Paid': 'Partially Received',
  Pending: 'Expected'
}

export function commissionStatus (commission: InvoiceFacts, today: string): CommissionStatus {
  return COMMISSION_NAMES[invoiceStatus(commission, today)]
}

export function commissionStatusSql (columns: InvoiceColumns): string {
  const branches = RULE.map(([status, test]) => `when ${sqlOf(test, columns)} then '${COMMISSION_NAMES[status]}'`)
  return `case ${branches.join(' ')} else '${COMMISSION_NAMES[OTHERWISE]}' end`
}

export function commissionStatusCondition (status: CommissionStatus, columns: InvoiceColumns): string {
  const ruled = (Object.keys(COMMISSION_NAMES) as InvoiceStatus[]).find((name) => COMMISSION_NAMES[name] === status) ?? OTHERWISE
  return invoiceStatusCondition(ruled, columns)
}
