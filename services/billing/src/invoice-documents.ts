import { IsolationLevel } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { Language } from '@travel-crm/contracts'
import type { DocumentAgency, InvoiceForDocument } from '@travel-crm/documents'
import type { DocumentRenderer } from '@travel-crm/documents/renderer'
import { agencySettings } from './agency.js'
import { knownClients } from './clients.js'
import { Invoice, statusOf } from './entities/invoice.js'
import { Payment } from './entities/payment.js'
import { judgedInstallments } from './installments/answer.js'
import { installmentsOfInvoices } from './installments/store.js'
import { BillingProblems } from './problems.js'

/** Invoices as their documents print them: each with its client, trip, installments and payments, read in a few queries. */
export async function invoicesForDocuments (em: EntityManager, invoices: Invoice[], today: string): Promise<InvoiceForDocument[]> {
  if (invoices.length === 0) return []
  const payments = await em.find(Payment, { invoiceId: { $in: invoices.map((invoice) => invoice.id) } }, { orderBy: { paymentDate: 'asc', id: 'asc' } })
  const installments = await installmentsOfInvoices(em, invoices.map((invoice) => invoice.id))
  const clients = await knownClients(em, [...new Set(invoices.map((invoice) => invoice.clientId))])
  const trips = new Map((await em.execute<Array<{ id: number, destination: string }>>('select id, destination from trip where id in (?)',
    [[...new Set(invoices.map((invoice) => invoice.tripId))]])).map((trip) => [trip.id, trip.destination]))
  return invoices.map((invoice) => {
    const client = clients.get(invoice.clientId)
    return {
      number: invoice.number,
      issue_date: invoice.issueDate,
      due_date: invoice.dueDate,
      amount: invoice.amount,
      paid_amount: invoice.paidAmount,
      currency: invoice.currency,
      status: statusOf(invoice, today),
      client: { id: invoice.clientId, name: client?.name ?? null, email: client?.email ?? null, phone: client?.phone ?? null, company: client?.company ?? null },
      trip: { id: invoice.tripId, destination: trips.get(invoice.tripId) ?? null },
      installments: judgedInstallments(invoice, installments.get(invoice.id) ?? [], today),
      payments: payments.filter((payment) => payment.invoiceId === invoice.id).map((payment) => ({
        payment_date: payment.paymentDate, payment_method: payment.paymentMethod, reference: payment.reference ?? null, amount: payment.amount
      }))
    }
  })
}

export async function documentAgency (em: EntityManager): Promise<DocumentAgency | undefined> {
  return await agencySettings(em)
}

/** One invoice's PDF, read in one snapshot of the database and rendered once its transaction has ended. */
export async function invoicePdf (
  em: EntityManager, renderer: DocumentRenderer, invoiceId: number, language: Language, today: string
): Promise<{ number: string, pdf: Buffer }> {
  const { document, agency } = await em.transactional(async (tx) => {
    const invoice = await tx.findOne(Invoice, { id: invoiceId })
    if (invoice === null) throw new BillingProblems.invoiceNotFound(invoiceId)
    const [read] = await invoicesForDocuments(tx, [invoice], today)
    if (read === undefined) throw new BillingProblems.invoiceNotFound(invoiceId)
    return { document: read, agency: await documentAgency(tx) }
  }, { isolationLevel: IsolationLevel.REPEATABLE_READ })
  return { number: document.number, pdf: await renderer.invoicePdf(document, agency, language) }
}

/** A file name for an invoice's PDF: its number with anything a file system or header dislikes replaced. */
export function invoiceFileName (number: string): string {
  return `invoice-${number.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`
}
