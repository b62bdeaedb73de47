import { installmentStates, todayUtc, type Installment, type InstallmentFacts, type Invoice as InvoiceAnswer } from '@travel-crm/contracts'
import { invoicePayload, type Invoice } from '../entities/invoice.js'

/** An invoice's installments as its answer and its document give them: what of each is paid, judged on `today`. */
export function judgedInstallments (invoice: Invoice, installments: readonly InstallmentFacts[], today: string): Installment[] {
  return installmentStates(installments, { paid: invoice.paidAmount, cancelled: invoice.cancelled }, today)
    .map((state) => ({ due_date: state.dueDate, amount: state.amount, paid: state.paid, balance: state.balance, status: state.status }))
}

/** The invoice as billing's routes answer it: as its events give it, with its installments judged at `now`. */
export function invoiceAnswer (invoice: Invoice, installments: readonly InstallmentFacts[], now = new Date()): InvoiceAnswer {
  return { ...invoicePayload(invoice, now), installments: judgedInstallments(invoice, installments, todayUtc(now)) }
}
