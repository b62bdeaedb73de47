import type { EntityManager } from '@mikro-orm/postgresql'
import { invoiceStatusCondition, type InvoiceListQuery } from '@travel-crm/contracts'
import { listOrder, orderWithTieBreak } from '@travel-crm/service-kit/data'
import { Invoice } from './entities/invoice.js'

/** The columns an invoice list sorts by, as the entity's properties. */
const INVOICE_COLUMNS = { id: 'id', issue_date: 'issueDate', due_date: 'dueDate', amount: 'amount', paid_amount: 'paidAmount', created_at: 'createdAt', updated_at: 'updatedAt' }

/** The invoice table's columns to the status rule of the contracts; `?` is today. */
const COLUMNS = { cancelled: 'i.cancelled', amount: 'i.amount', paid: 'i.paid_amount', dueDate: 'i.due_date', today: '?' }

export async function searchInvoices (em: EntityManager, query: InvoiceListQuery, today: string): Promise<{ invoices: Invoice[], total: number }> {
  const search = em.createQueryBuilder(Invoice, 'i')
  if (query.trip_id !== undefined) search.andWhere({ tripId: query.trip_id })
  if (query.client_id !== undefined) search.andWhere({ clientId: query.client_id })
  if (query.due_before !== undefined) search.andWhere({ dueDate: { $lt: query.due_before } })
  if (query.due_after !== undefined) search.andWhere({ dueDate: { $gt: query.due_after } })
  if (query.status !== undefined) {
    // The status filter pages through the database rather than through memory; `today` is its one parameter.
    const condition = invoiceStatusCondition(query.status, COLUMNS)
    search.andWhere(condition, condition.includes('?') ? [today] : [])
  }
  const [invoices, total] = await search.orderBy(orderWithTieBreak(listOrder(query.sort, INVOICE_COLUMNS))).limit(query.limit).offset(query.offset).getResultAndCount()
  return { invoices, total }
}
