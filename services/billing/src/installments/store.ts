import type { EntityManager } from '@mikro-orm/postgresql'
import { inDueOrder, type InstallmentFacts } from '@travel-crm/contracts'

interface InstallmentRow { invoice_id: number, due_date: string, amount: string }

/** An invoice's installments, oldest first. */
export async function installmentsOf (em: EntityManager, invoiceId: number): Promise<InstallmentFacts[]> {
  return (await installmentsOfInvoices(em, [invoiceId])).get(invoiceId) ?? []
}

/** The installments of several invoices (a page of a list) in one query, each invoice's oldest first. */
export async function installmentsOfInvoices (em: EntityManager, invoiceIds: readonly number[]): Promise<Map<number, InstallmentFacts[]>> {
  const byInvoice = new Map<number, InstallmentFacts[]>()
  if (invoiceIds.length === 0) return byInvoice
  const rows = await em.execute<InstallmentRow[]>(
    'select invoice_id, due_date::text as due_date, amount::text as amount from installment where invoice_id in (?) order by invoice_id, position',
    [invoiceIds]
  )
  for (const row of rows) {
    const list = byInvoice.get(row.invoice_id) ?? []
    list.push({ dueDate: row.due_date, amount: row.amount })
    byInvoice.set(row.invoice_id, list)
  }
  return byInvoice
}

/** Writes an invoice's installments anew, in the order payments fill them; its row must be locked or new. */
export async function replaceInstallments (em: EntityManager, invoiceId: number, installments: readonly InstallmentFacts[]): Promise<void> {
  await em.execute('delete from installment where invoice_id = ?', [invoiceId])
  const ordered = inDueOrder(installments)
  await em.execute(
    `insert into installment (invoice_id, position, due_date, amount) values ${ordered.map(() => '(?, ?, ?, ?)').join(', ')}`,
    ordered.flatMap((installment, position) => [invoiceId, position, installment.dueDate, installment.amount])
  )
}
