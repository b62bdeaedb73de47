import type { EntityManager } from '@mikro-orm/postgresql'
import type { InvoiceListQuery, InvoiceStatus } from '@travel-crm/contracts'
import { Invoice } from './entities/invoice.js'

/**
 * `invoiceStatus` (entities/invoice.ts) in SQL, so that a status filter pages through the database rather
 * than through memory. `today` is the one parameter: the same invoice is Pending today and Overdue later.
 */
export function invoiceStatusCondition (status: InvoiceStatus, today: string): { sql: string, params: string[] } {
  const open = 'not i.cancelled and i.paid_amount < i.amount'
  switch (status) {
    case 'Cancelled': return { sql: 'i.cancelled', params: [] }
    case 'Paid': return { sql: 'not i.cancelled and i.paid_amount >= i.amount', params: [] }
    case 'Overdue': return { sql: `${open} and i.due_date < ?`, params: [today] }
    case 'Partially Paid': return { sql: `${open} and i.paid_amount > 0 and i.due_date >= ?`, params: [today] }
    case 'Pending': return { sql: `${open} and i.paid_amount = 0 and i.due_date >= ?`, params: [today] }
  }
}

export async function searchInvoices (em: EntityManager, query: InvoiceListQuery, today: string): Promise<{ invoices: Invoice[], total: number }> {
  const search = em.createQueryBuilder(Invoice, 'i')
  if (query.trip_id !== undefined) search.andWhere({ tripId: query.trip_id })
  if (query.client_id !== undefined) search.andWhere({ clientId: query.client_id })
  if (query.due_before !== undefined) search.andWhere({ dueDate: { $lt: query.due_before } })
  if (query.due_after !== undefined) search.andWhere({ dueDate: { $gt: query.due_after } })
  if (query.status !== undefined) {
    const condition = invoiceStatusCondition(query.status, today)
    search.andWhere(condition.sql, condition.params)
  }
  const [invoices, total] = await search.orderBy({ id: 'asc' }).limit(query.limit).offset(query.offset).getResultAndCount()
  return { invoices, total }
}
