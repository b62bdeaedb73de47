import type { Installment, InvoiceStatus, Language } from '@travel-crm/contracts'
// Values from the part without schemas: the renderer's process loads this file and should not wait for TypeBox.
import { compareMoney, subtractMoney } from '@travel-crm/contracts/plain'
import { formatDate, formatMoney } from './format.js'
import { documentWords } from './messages.js'
import { DocumentWriter, type DocumentAgency } from './pdf.js'

/** What an invoice document says: the invoice, whom it bills for which trip, and what has been paid. */
export interface InvoiceForDocument {
  number: string
  issue_date: string
  due_date: string
  amount: string
  paid_amount: string
  currency: string
  status: InvoiceStatus
  client: { id: number, name: string | null, email: string | null, phone: string | null, company: string | null }
  trip: { id: number, destination: string | null }
  /** Oldest first, each with what of it is paid and its status as of the day the document is printed. */
  installments: Installment[]
  payments: Array<{ payment_date: string, payment_method: string, reference: string | null, amount: string }>
}

/** The invoice as a PDF in `language`, streaming its bytes as `doc` is read. */
export function invoiceDocument (invoice: InvoiceForDocument, agency: DocumentAgency | undefined, language: Language): PDFKit.PDFDocument {
  const t = documentWords(language)
  const writer = new DocumentWriter(language, agency, `${t('invoice.title')} ${invoice.number}`)
  const money = (amount: string) => formatMoney(amount, invoice.currency, language)
  const date = (day: string) => formatDate(day, language)
  const balance = subtractMoney(invoice.amount, invoice.paid_amount)

  writer.header(t('invoice.title'), invoice.number)
  writer.facts([
    [t('invoice.number'), invoice.number],
    [t('invoice.status'), t(`status.${invoice.status}`)],
    [t('invoice.issueDate'), date(invoice.issue_date)],
    [t('invoice.dueDate'), date(invoice.due_date)]
  ])

  const { client } = invoice
  writer.heading(t('invoice.billTo'))
  writer.paragraph([client.name ?? `#${client.id}`, client.company, client.email, client.phone].filter((line) => line !== null).join('\n'))
  writer.heading(t('invoice.trip'))
  writer.paragraph(t('invoice.tripLine', { destination: invoice.trip.destination ?? '—', id: invoice.trip.id }))

  writer.heading(t('invoice.installments'))
  writer.startTable([
    { key: 'due_date', label: t('column.due_date'), width: 2 },
    { key: 'amount', label: t('column.amount'), width: 2, align: 'right' },
    { key: 'paid', label: t('column.paid'), width: 2, align: 'right' },
    { key: 'balance', label: t('column.balance'), width: 2, align: 'right' },
    { key: 'status', label: t('column.status'), width: 2 }
  ])
  for (const installment of invoice.installments) {
    writer.row([date(installment.due_date), money(installment.amount), money(installment.paid), money(installment.balance), t(`status.${installment.status}`)])
  }
  writer.endTable()

  writer.heading(t('invoice.payments'))
  if (invoice.payments.length === 0) writer.paragraph(t('invoice.noPayments'), { grey: true })
  else {
    writer.startTable([
      { key: 'payment_date', label: t('column.payment_date'), width: 2 },
      { key: 'method', label: t('column.method'), width: 2 },
      { key: 'reference', label: t('column.reference'), width: 3 },
      { key: 'amount', label: t('column.amount'), width: 2, align: 'right' }
    ])
    for (const payment of invoice.payments) writer.row([date(payment.payment_date), payment.payment_method, payment.reference ?? '', money(payment.amount)])
    writer.endTable()
  }
  writer.totals([
    [t('invoice.total'), money(invoice.amount)],
    [t('invoice.paid'), money(invoice.paid_amount)],
    [t('invoice.balance'), money(balance), true]
  ])

  writer.heading(t('invoice.payTo'))
  if (invoice.status === 'Cancelled') writer.paragraph(t('invoice.cancelled'))
  else if (compareMoney(balance, '0.00') <= 0) writer.paragraph(t('invoice.paidInFull'))
  else {
    writer.paragraph(t('invoice.payToText', { balance: money(balance), dueDate: date(invoice.due_date), number: invoice.number }))
    if (agency !== undefined) {
      writer.paragraph([agency.legal_name, `${t('agency.iban')} ${groupedIban(agency.iban)}`, ...(agency.bic !== null ? [`${t('agency.bic')} ${agency.bic}`] : [])].join('\n'))
    }
  }
  if (agency?.invoice_footer !== undefined && agency.invoice_footer !== null) {
    writer.doc.moveDown(1.5)
    writer.paragraph(agency.invoice_footer, { grey: true, size: 8 })
  }
  return writer.end()
}

/** An IBAN in groups of four, as banks print it. */
export function groupedIban (iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ')
}
