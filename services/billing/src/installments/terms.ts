import type { InvoiceCreate, InvoicePatch } from '@travel-crm/contracts'
import { moneyOf, optionalMoneyOf } from '../money.js'
import type { DueTerms } from './plan.js'

/** What a request body says is due when, its money as the two-decimal strings the rest of billing works with. */
export function dueTermsOf (body: Pick<InvoiceCreate | InvoicePatch, 'due_date' | 'amount' | 'installments' | 'schedule'>): DueTerms {
  return {
    dueDate: body.due_date,
    amount: optionalMoneyOf(body.amount, 'amount'),
    installments: body.installments?.map((installment, index) => ({ dueDate: installment.due_date, amount: moneyOf(installment.amount, `installments/${index}/amount`) })),
    schedule: body.schedule === undefined
      ? undefined
      : { depositPercent: moneyOf(body.schedule.deposit_percent, 'schedule/deposit_percent'), balanceDaysBeforeDeparture: body.schedule.balance_days_before_departure }
  }
}
