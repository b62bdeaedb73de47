import type { EntityManager } from '@mikro-orm/postgresql'
import { formatInvoiceNumber } from '@travel-crm/contracts'

/**
 * The next number of the year `issueDate` falls in. The counter row stays locked until the caller's
 * transaction ends: concurrent creates wait for it in turn, and a rollback (or a crash before commit) undoes
 * the increment, so the year's numbers have no gap and no repeat. Take it last, just before the insert, so
 * that the lock is held as briefly as possible.
 */
export async function takeInvoiceNumber (em: EntityManager, issueDate: string, format: string): Promise<string> {
  const year = Number(issueDate.slice(0, 4))
  const [row] = await em.execute<Array<{ last_number: number }>>(
    `insert into invoice_number_counter (year, last_number) values (?, 1)
      on conflict (year) do update set last_number = invoice_number_counter.last_number + 1
      returning last_number`, [year])
  if (row === undefined) throw new Error(`no invoice number was taken for ${year}`)
  return formatInvoiceNumber(format, year, row.last_number)
}
