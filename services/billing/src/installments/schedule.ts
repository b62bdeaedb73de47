import { compareMoney, percentOf, subtractMoney, type InstallmentFacts } from '@travel-crm/contracts'
import { daysAfter } from '../date-window.js'

/** The usual way an agency is paid: a deposit on booking, the balance some weeks before departure. */
export interface PaymentSchedule {
  /** 0 to 100, two decimals. */
  depositPercent: string
  balanceDaysBeforeDeparture: number
}

/**
 * The installments a schedule makes of `amount`: the deposit (its percent, rounded half up to the cent) due
 * on the issue date, and the rest, so the two add up to the cent, due that many days before the trip starts.
 * A balance day that has already passed by the issue date is the issue date: the money is due now. A part of
 * 0.00 (a 0 % or 100 % deposit) is left out, so every installment is owed something.
 */
export function scheduledInstallments (amount: string, issueDate: string, tripStartDate: string, schedule: PaymentSchedule): InstallmentFacts[] {
  const deposit = percentOf(schedule.depositPercent, amount)
  const countedBack = daysAfter(tripStartDate, -schedule.balanceDaysBeforeDeparture)
  const parts: InstallmentFacts[] = [
    { dueDate: issueDate, amount: deposit },
    { dueDate: countedBack < issueDate ? issueDate : countedBack, amount: subtractMoney(amount, deposit) }
  ]
  return parts.filter((part) => compareMoney(part.amount, '0.00') > 0)
}
