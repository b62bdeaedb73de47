import { Compile } from 'typebox/compile'
import { InvoiceReminderPayload } from '@travel-crm/contracts'
import type { EventHandler } from '@travel-crm/service-kit/messaging'

const check = Compile(InvoiceReminderPayload)

/**
 * `billing.invoice.overdue`: billing judged an installment past due with money open. The invoice remembers the
 * latest such installment's due date (see OverdueEvents20261206030000); the word counts only while the
 * invoice's next unpaid due date is at or before it, so a reminder that arrives after the payment that settled
 * its installment changes no figure, and one applied twice changes nothing. An invoice reporting does not
 * hold (deleted, or not arrived yet) is left alone: its own events come first on billing's stream.
 */
export const invoiceOverdue: EventHandler = async (em, event) => {
  if (!check.Check(event.data)) throw new Error(`${event.type} ${event.id}: not an invoice reminder payload`)
  const reminder = event.data
  await em.execute(`update invoice set overdue_since = ?::date
    where id = ? and (overdue_since is null or overdue_since < ?::date)`,
  [reminder.installment.due_date, reminder.id, reminder.installment.due_date])
}
