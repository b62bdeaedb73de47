import { addMoney, compareMoney, inDueOrder, installmentStates, MAX_MONEY, subtractMoney, type InstallmentFacts } from '@travel-crm/contracts'
import { Problems, withExtensions } from '@travel-crm/service-kit/http'
import { checkInvoiceDates } from '../date-window.js'
import { BillingProblems } from '../problems.js'
import { scheduledInstallments, type PaymentSchedule } from './schedule.js'

/** What a request says about what is due when (money already parsed); any of it may be left out. */
export interface DueTerms {
  dueDate?: string | undefined
  amount?: string | undefined
  installments?: InstallmentFacts[] | undefined
  schedule?: PaymentSchedule | undefined
}

/** An invoice's amount and its installments oldest first, which always add up to it. */
export interface InstallmentPlan {
  amount: string
  installments: InstallmentFacts[]
}

/** The first day of the invoiced trip, looked up only when a schedule needs it. */
export type TripStart = () => Promise<string>

function total (installments: readonly InstallmentFacts[]): string {
  const sum = addMoney(...installments.map((installment) => installment.amount))
  // Sixty installments of the largest amount would not fit the invoice's NUMERIC(12,2).
  if (compareMoney(sum, MAX_MONEY) > 0) throw new Problems.validation(`body/installments add up to more than ${MAX_MONEY}`)
  return sum
}

function given (terms: InstallmentFacts[], amount: string | undefined): InstallmentPlan {
  const sum = total(terms)
  if (amount !== undefined && compareMoney(sum, amount) !== 0) throw new BillingProblems.installmentsMismatch(sum, amount)
  return { amount: sum, installments: inDueOrder(terms) }
}

/** Every installment falls due on or after the issue date and, where `checkWindow`, within the dates billing takes. */
function checkDates (plan: InstallmentPlan, issueDate: string, now: Date, checkWindow: boolean): InstallmentPlan {
  for (const { dueDate } of plan.installments) {
    if (dueDate < issueDate) throw new BillingProblems.dueBeforeIssue(dueDate, issueDate)
    if (checkWindow) checkInvoiceDates(issueDate, dueDate, now)
  }
  return plan
}

/** A new invoice's installments from exactly one of: a due date and amount, installments, a schedule and amount. */
export async function plannedInstallments (terms: DueTerms, issueDate: string, tripStart: TripStart, now: Date): Promise<InstallmentPlan> {
  const ways = [terms.dueDate, terms.installments, terms.schedule].filter((way) => way !== undefined).length
  if (ways !== 1) throw new BillingProblems.dueDatesUnclear()
  let plan: InstallmentPlan
  if (terms.installments !== undefined) {
    plan = given(terms.installments, terms.amount)
  } else if (terms.schedule !== undefined) {
    if (terms.amount === undefined) throw new BillingProblems.amountMissing('schedule')
    plan = { amount: terms.amount, installments: scheduledInstallments(terms.amount, issueDate, await tripStart(), terms.schedule) }
  } else {
    if (terms.amount === undefined) throw new BillingProblems.amountMissing('due_date')
    plan = { amount: terms.amount, installments: [{ dueDate: terms.dueDate ?? issueDate, amount: terms.amount }] }
  }
  return checkDates(plan, issueDate, now, true)
}

/** An invoice as it stands: its installments are oldest first. */
export interface StandingInvoice {
  issueDate: string
  amount: string
  paid: string
  currency: string
  installments: InstallmentFacts[]
}

/**
 * An invoice's installments after a change. Installments or a schedule replace them all; a due date alone
 * moves the next unpaid one (what older clients mean by the invoice's due date); an amount alone changes the
 * last one by the difference. Money already received always stays covered: the new amount is never below it.
 */
export async function amendedInstallments (invoice: StandingInvoice, terms: DueTerms, issueDate: string, tripStart: TripStart, now: Date): Promise<InstallmentPlan> {
  if (terms.installments !== undefined || terms.schedule !== undefined) {
    if (terms.dueDate !== undefined || (terms.installments !== undefined && terms.schedule !== undefined)) throw new BillingProblems.dueDatesUnclear()
    const amount = terms.amount ?? invoice.amount
    const plan = terms.schedule === undefined
      ? given(terms.installments ?? [], terms.amount)
      : { amount, installments: scheduledInstallments(amount, issueDate, await tripStart(), terms.schedule) }
    if (compareMoney(plan.amount, invoice.paid) < 0) {
      throw withExtensions(new BillingProblems.installmentsBelowPaid(plan.amount, invoice.currency, invoice.paid), { paid_amount: invoice.paid, currency: invoice.currency })
    }
    return checkDates(plan, issueDate, now, true)
  }

  const amount = terms.amount ?? invoice.amount
  if (compareMoney(amount, invoice.paid) < 0) {
    throw withExtensions(new BillingProblems.amountBelowPaid(amount, invoice.currency, invoice.paid), { paid_amount: invoice.paid, currency: invoice.currency })
  }
  let installments = invoice.installments.map((installment) => ({ ...installment }))
  if (terms.dueDate !== undefined) {
    const states = installmentStates(installments, { paid: invoice.paid, cancelled: false }, issueDate)
    const open = states.findIndex((state) => compareMoney(state.balance, '0.00') > 0)
    const moved = installments[open === -1 ? installments.length - 1 : open]
    if (moved !== undefined) moved.dueDate = terms.dueDate
    installments = inDueOrder(installments)
  }
  const last = installments.at(-1)
  if (last !== undefined && terms.amount !== undefined) {
    last.amount = addMoney(last.amount, subtractMoney(amount, invoice.amount))
    if (compareMoney(last.amount, '0.00') <= 0) throw new BillingProblems.lastInstallmentNotPositive(amount, last.amount)
  }
  // Only dates being changed must fit today's window: an old invoice stays amendable.
  return checkDates({ amount, installments }, issueDate, now, terms.dueDate !== undefined || issueDate !== invoice.issueDate)
}
