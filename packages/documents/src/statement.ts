import type { ClientStatement, Language } from '@travel-crm/contracts'
import { addMoney } from '@travel-crm/contracts/plain'
import { formatDate, formatMoney } from './format.js'
import { documentWords } from './messages.js'
import { DocumentWriter, type DocumentAgency } from './pdf.js'

/** A client's statement as `/clients/:id/details` gives it, with each invoice's number where known. */
export type StatementForDocument = ClientStatement

/** The client's trips with their invoices and payments, and the totals per currency, as of `today`. */
export function statementDocument (statement: StatementForDocument, agency: DocumentAgency | undefined, language: Language, today: string): PDFKit.PDFDocument {
  const t = documentWords(language)
  const writer = new DocumentWriter(language, agency, `${t('statement.title')} ${statement.name}`)
  const date = (day: string) => formatDate(day, language)
  writer.header(t('statement.title'), t('statement.asOf', { date: date(today) }))
  writer.heading(t('statement.client'))
  writer.paragraph([statement.name, statement.company, statement.email, statement.phone].filter((line) => line !== null).join('\n'))

  const totals = new Map<string, { invoiced: string, paid: string, balance: string }>()
  writer.heading(t('statement.trips'))
  if (statement.trips.length === 0) writer.paragraph(t('statement.noTrips'), { grey: true })
  for (const trip of statement.trips) {
    writer.heading(`${trip.destination} · ${date(trip.start_date)} – ${date(trip.end_date)} · ${formatMoney(trip.price, trip.currency, language)}`)
    if (trip.invoices.length === 0) continue
    writer.startTable([
      { key: 'invoice_id', label: t('column.invoice_id'), width: 2.2 },
      { key: 'issue_date', label: t('column.issue_date'), width: 2.5 },
      { key: 'due_date', label: t('column.due_date'), width: 2.5 },
      { key: 'status', label: t('column.status'), width: 2.1 },
      { key: 'amount', label: t('column.amount'), width: 2.1, align: 'right' },
      { key: 'paid', label: t('column.paid'), width: 2.1, align: 'right' },
      { key: 'balance', label: t('column.balance'), width: 2.1, align: 'right' }
    ])
    for (const invoice of trip.invoices) {
      const money = (amount: string) => formatMoney(amount, invoice.currency, language)
      const label = 'number' in invoice && typeof invoice.number === 'string' ? invoice.number : `#${invoice.id}`
      writer.row([label, date(invoice.issue_date), date(invoice.due_date), t(`status.${invoice.status}`), money(invoice.amount), money(invoice.paid), money(invoice.balance)])
      if (invoice.status !== 'Cancelled') {
        const total = totals.get(invoice.currency) ?? { invoiced: '0.00', paid: '0.00', balance: '0.00' }
        totals.set(invoice.currency, { invoiced: addMoney(total.invoiced, invoice.amount), paid: addMoney(total.paid, invoice.paid), balance: addMoney(total.balance, invoice.balance) })
      }
    }
    writer.endTable()
  }

  if (totals.size > 0) {
    writer.heading(t('statement.totals'))
    writer.startTable([
      { key: 'currency', label: t('column.currency'), width: 1 },
      { key: 'invoiced', label: t('statement.invoiced'), width: 2, align: 'right' },
      { key: 'paid', label: t('statement.paid'), width: 2, align: 'right' },
      { key: 'balance', label: t('statement.balance'), width: 2, align: 'right' }
    ])
    for (const [currency, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
      const money = (amount: string) => formatMoney(amount, currency, language)
      writer.row([currency, money(total.invoiced), money(total.paid), money(total.balance)])
    }
    writer.endTable()
  }
  return writer.end()
}
