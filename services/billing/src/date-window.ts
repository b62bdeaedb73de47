import { todayUtc } from '@travel-crm/contracts'
import { BillingProblems } from './problems.js'

/**
 * The dates billing takes: a typo (9999-12-31, 0201-05-04) would otherwise sit in every report and every
 * overdue list for good. Nothing before 2000 (the agency has no money history that old) and nothing more than
 * ten years ahead of today, for the issue and due dates of an invoice and the date of a payment (a post-dated
 * cheque is dated ahead); an invoice falls due within ten years of its issue.
 */
export const EARLIEST_DATE = '2000-01-01'

export function daysAfter (date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + days)
  return day.toISOString().slice(0, 10)
}

function within (field: string, date: string, earliest: string, latest: string): void {
  if (date < earliest || date > latest) throw new BillingProblems.dateOutOfRange(field, date, `${earliest} to ${latest}`)
}

const TEN_YEARS = 3653

export function checkInvoiceDates (issueDate: string, dueDate: string, now: Date): void {
  const latest = daysAfter(todayUtc(now), TEN_YEARS)
  within('issue_date', issueDate, EARLIEST_DATE, latest)
  within('due_date', dueDate, issueDate, latest < daysAfter(issueDate, TEN_YEARS) ? latest : daysAfter(issueDate, TEN_YEARS))
}

export function checkPaymentDate (paymentDate: string, now: Date): void {
  within('payment_date', paymentDate, EARLIEST_DATE, daysAfter(todayUtc(now), TEN_YEARS))
}
