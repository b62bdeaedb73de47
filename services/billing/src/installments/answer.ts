import { installmentStates, todayUtc, type InstallmentFacts, type Invoice as InvoiceAnswer } from '@travel-crm/contracts'
import { invoicePayload, type Invoice } from '../entities/invoice.js'

/** The invoice as billing's routes answer it: as its events give it, with its installments judged at `now`. */
export function invoiceAnswer (invoice: Invoice, installments: readonly InstallmentFacts[], now = new Date()): InvoiceAnswer {
  const states = installmentStates(installments, { paid: invoice.paidAmount, cancelled: invoice.cancelled }, todayUtc(now))
  return {
    ...invoicePayload(invoice, now),
    installments: states.map((state) => ({ due_date: state.dueDate, amount: state.amount, paid: state.paid, balance: state.balance, status: state.status }))
  }
}
