import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { todayUtc, type InvoiceReminderPayload } from '@travel-crm/contracts'
import { eventually, followStream } from '@travel-crm/testkit'
import { aBooking, startFaultStack, type FaultStack } from './support/fault-stack.js'

/** Enough installments due soon that a reminder round takes many transactions, so a kill lands inside it. */
const INSTALLMENTS = 1500

function daysFromToday (days: number): string {
  const day = new Date()
  day.setUTCDate(day.getUTCDate() + days)
  return todayUtc(day)
}

describe('a reminder round killed halfway', () => {
  let fault: FaultStack

  beforeAll(async () => {
    // Two billing replicas, each looking for reminders twice a second.
    fault = await startFaultStack({ replicas: { billing: 2 }, processEnv: { billing: { REMINDER_INTERVAL_MS: '500' } } })
  })

  afterAll(async () => {
    await fault?.stop()
  })

  it('sends every reminder once: nothing twice, nothing skipped, after SIGKILL mid-round and a restart', async () => {
    const { stack } = fault
    const booking = await aBooking(fault, 'Rhea Reminder')
    const stream = await followStream(fault.nats.url, stack.environment.stream, `${stack.environment.subjectPrefix}billing.invoice.due_soon`)
    try {
      // Installments due in three days, written at once so that one round finds them all.
      const dueDate = daysFromToday(3)
      await stack.query(`
        with made as (
          insert into billing.invoice (number, trip_id, client_id, issue_date, due_date, amount, paid_amount, currency)
          select 'REMIND-' || n, $1, $2, $3::date, $3::date, 10, 0, 'EUR' from generate_series(1, $4::int) n
          returning id, due_date, amount)
        insert into billing.installment (invoice_id, position, due_date, amount) select id, 0, due_date, amount from made`,
      [booking.tripId, booking.clientId, dueDate, INSTALLMENTS])

      const claims = async () => Number((await stack.query<{ count: string }>('select count(*) from billing.invoice_reminder'))[0]?.count)
      await eventually(async () => { expect(await claims()).toBeGreaterThan(0) }, 10_000, 5)
      await Promise.all([stack.kill('billing', 'SIGKILL', 0), stack.kill('billing', 'SIGKILL', 1)])
      const claimedAtKill = await claims()
      expect(claimedAtKill).toBeLessThan(INSTALLMENTS)

      await stack.restart('billing', 0)
      await eventually(async () => { expect(await claims()).toBe(INSTALLMENTS) }, 20_000)
      await stack.restart('billing', 1)

      const [outbox] = await stack.query<{ events: number, installments: number }>(`
        select count(*)::int as events, count(distinct (envelope->'data'->>'id', envelope->'data'->'installment'->>'due_date'))::int as installments
        from billing.outbox where subject = 'billing.invoice.due_soon'`)
      expect(outbox).toEqual({ events: INSTALLMENTS, installments: INSTALLMENTS })
      // Each published once: as many messages in the stream as reminders, one per installment.
      await eventually(async () => { expect(stream.events.length).toBeGreaterThanOrEqual(INSTALLMENTS) }, 20_000)
      const sent = stream.events.map((stored) => stored.event.data as InvoiceReminderPayload)
      expect(sent).toHaveLength(INSTALLMENTS)
      expect(new Set(sent.map((reminder) => reminder.id)).size).toBe(INSTALLMENTS)
      expect(new Set(sent.map((reminder) => reminder.installment.due_date))).toEqual(new Set([dueDate]))
    } finally {
      await stream.stop()
    }
  }, 90_000)
})
