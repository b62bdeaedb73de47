import type { InvoiceCreate } from '@travel-crm/contracts'
import { addMoney, subtractMoney } from './format.js'

const MONEY = /^\d+(\.\d{1,2})?$/

/** How what is owed falls due: one day, the usual deposit and balance, or parts the agent lists. */
export type DueMode = 'single' | 'schedule' | 'installments'

// A type, not an interface: the form kit wants values indexable by their field names.
export type InvoiceFields = {
  mode: DueMode
  amount: string
  issue_date: string
  due_date: string
  schedule: { deposit_percent: string, balance_days_before_departure: string }
  installments: Array<{ due_date: string, amount: string }>
}

/**
 * What the installments add up to, exactly, and what is left to place of the amount; undefined while an
 * amount is not yet a sum of money.
 */
export function installmentsSum (amount: string, installments: ReadonlyArray<{ amount: string }>): { sum: string, left: string } | undefined {
  const amounts = installments.map((installment) => installment.amount.trim())
  if (!MONEY.test(amount.trim()) || amounts.some((part) => !MONEY.test(part))) return undefined
  const sum = amounts.reduce((total, part) => addMoney(total, part), '0.00')
  return { sum, left: subtractMoney(amount.trim(), sum) }
}

/** The create body for the way chosen: billing takes exactly one of the three. */
export function invoiceBody (tripId: number, values: InvoiceFields): InvoiceCreate {
  const common = { trip_id: tripId, amount: values.amount.trim(), issue_date: values.issue_date }
  if (values.mode === 'schedule') {
    return {
      ...common,
      schedule: {
        deposit_percent: values.schedule.deposit_percent.trim(),
        balance_days_before_departure: Number(values.schedule.balance_days_before_departure)
      }
    }
  }
  if (values.mode === 'installments') {
    return { ...common, installments: values.installments.map((installment) => ({ due_date: installment.due_date, amount: installment.amount.trim() })) }
  }
  return { ...common, due_date: values.due_date }
}
