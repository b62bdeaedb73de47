import type { EntityManager } from '@mikro-orm/postgresql'
import { installmentStates, subtractMoney, todayUtc, type InvoiceReminderPayload } from '@travel-crm/contracts'
import type { EventSink, UnitOfWork } from '@travel-crm/service-kit/messaging'
import { daysAfter } from '../date-window.js'
import { Invoice } from '../entities/invoice.js'
import { installmentsOfInvoices } from '../installments/store.js'

/** At most this many reminders go in one transaction: a crash loses (and the next run redoes) no more. */
const BATCH = 100

export type ReminderKind = 'due_soon' | 'overdue'

const REMINDER_EVENTS = {
  due_soon: { subject: 'billing.invoice.due_soon' },
  overdue: { subject: 'billing.invoice.overdue' }
} as const

interface Claim { invoice_id: number, position: number, kind: ReminderKind, due_date: string }

/**
 * Claims a batch of reminders not sent yet. An installment is open when the installments up to it (in the
 * order payments fill them) add up to more than the invoice has been paid: the allocation rule of the
 * contracts' `installmentStates`, in SQL. One due within `days` is due soon; one whose due date has passed
 * is overdue (and only that, when billing first sees it late). The insert is the claim: a concurrent run
 * waits on the key and then skips it.
 */
async function claimBatch (em: EntityManager, today: string, days: number): Promise<Claim[]> {
  return await em.execute<Claim[]>(
    `with owed as (
       select s.invoice_id, s.position, s.due_date, i.paid_amount,
         sum(s.amount) over (partition by s.invoice_id order by s.position) as owed_through
       from installment s join invoice i on i.id = s.invoice_id
       where not i.cancelled and i.paid_amount < i.amount and s.due_date <= ?
     ), due as (
       select invoice_id, position, due_date, case when due_date < ? then 'overdue' else 'due_soon' end as kind
       from owed where owed_through > paid_amount
     )
     insert into invoice_reminder (invoice_id, position, kind, due_date, sent_on)
     select invoice_id, position, kind, due_date, ? from due
     where not exists (select 1 from invoice_reminder r
       where r.invoice_id = due.invoice_id and r.position = due.position and r.kind = due.kind and r.due_date = due.due_date)
     order by due_date, invoice_id, position
     limit ${BATCH}
     on conflict do nothing
     returning invoice_id, position, kind, due_date::text as due_date`,
    [daysAfter(today, days), today, today]
  )
}

/** Claims a batch and puts its events in the outbox, in one transaction; answers how many it claimed. */
async function remindBatch (em: EntityManager, events: EventSink, today: string, days: number): Promise<number> {
  const claims = await claimBatch(em, today, days)
  if (claims.length === 0) return 0
  const ids = [...new Set(claims.map((claim) => claim.invoice_id))]
  const invoices = new Map((await em.find(Invoice, { id: { $in: ids } })).map((invoice) => [invoice.id, invoice]))
  const installments = await installmentsOfInvoices(em, ids)
  for (const claim of claims) {
    const invoice = invoices.get(claim.invoice_id)
    const state = installmentStates(installments.get(claim.invoice_id) ?? [], { paid: invoice?.paidAmount ?? '0.00', cancelled: false }, today)[claim.position]
    // Both were read under the claim's transaction, from the rows the claim was made from.
    if (invoice === undefined || state === undefined) throw new Error(`installment ${claim.position} of invoice ${claim.invoice_id} vanished while it was claimed`)
    const data: InvoiceReminderPayload = {
      id: invoice.id,
      number: invoice.number,
      trip_id: invoice.tripId,
      client_id: invoice.clientId,
      currency: invoice.currency,
      installment: { due_date: state.dueDate, amount: state.amount, paid: state.paid, balance: state.balance, status: state.status },
      invoice_balance: subtractMoney(invoice.amount, invoice.paidAmount),
      judged_on: today,
      version: invoice.version
    }
    await events.emit({ ...REMINDER_EVENTS[claim.kind], about: `invoice/${invoice.id}`, data })
  }
  return claims.length
}

/** Sends every reminder that is due as of `now` and not sent yet, a batch per transaction; answers how many. */
export async function sendReminders (transact: UnitOfWork, now: Date, days: number): Promise<number> {
  const today = todayUtc(now)
  let sent = 0
  for (;;) {
    const claimed = await transact({}, async (em, events) => await remindBatch(em, events, today, days))
    sent += claimed
    if (claimed < BATCH) return sent
  }
}
