import { expect } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { checkConsistency, type FaultStack } from './fault-stack.js'
import { totalOf, type Attempt } from './payment-load.js'

/** A whole stack and an admin's way in: a fault stack, or one a test built on servers of its own (a cluster). */
type StackUnderTest = Pick<FaultStack, 'stack' | 'call' | 'token'>

async function referenceCounts (fault: StackUnderTest, schema: 'billing' | 'reporting', label: string): Promise<Map<string, number>> {
  const rows = await fault.stack.query<{ reference: string, count: number }>(
    `select reference, count(*)::int as count from ${schema}.payment where starts_with(reference, $1) group by reference`,
    [`${label}-`]
  )
  return new Map(rows.map((row) => [row.reference, row.count]))
}

/**
 * Every acknowledged payment of the load is in billing once, and nothing else of it is; reporting, once it
 * has caught up, holds the same payments once each and its revenue for the client is their exact sum; every
 * event billing and crm wrote was applied by reporting exactly once; and `check:consistency` agrees.
 */
export async function expectEveryPaymentOnce (fault: StackUnderTest, options: { label: string, clientId: number, attempts: Attempt[], parked?: string[] }): Promise<void> {
  const acknowledged = options.attempts.filter((attempt) => attempt.status === 201)
  const expected = new Map(acknowledged.map((attempt) => [attempt.reference, 1]))
  expect(acknowledged.length).toBeGreaterThan(0)
  expect(await referenceCounts(fault, 'billing', options.label)).toEqual(expected)

  await eventually(async () => {
    expect(await referenceCounts(fault, 'reporting', options.label)).toEqual(expected)
  }, 60_000)
  const revenue = await fault.call('GET', '/reports/revenue-by-client', { token: fault.token })
  expect(revenue.status).toBe(200)
  const clientRevenue = (revenue.body as Array<{ client_id: number, total_revenue: string }>).filter((row) => row.client_id === options.clientId)
  expect(clientRevenue).toEqual([expect.objectContaining({ client_id: options.clientId, currency: 'EUR', total_revenue: totalOf(acknowledged) })])

  await expectEveryEventAppliedOnce(fault, options.parked)
  const consistency = await checkConsistency(fault.stack, 30)
  expect(consistency, consistency.output).toMatchObject({ code: 0 })
}

/**
 * The events reporting's read models applied are exactly the events crm and billing wrote to their outboxes
 * (which keep published rows for days), each has its audit entry (the consumer also applies auth's and
 * webhooks' events to the trail, so only crm's and billing's are compared), and billing applied exactly crm's trip events: nothing
 * missed, nothing twice (the inbox key is the event id), no event published twice under two ids. No event is parked in
 * `dead_letter` but the `parked` ones a test sent on purpose.
 */
export async function expectEveryEventAppliedOnce (fault: StackUnderTest, parked: string[] = []): Promise<void> {
  await eventually(async () => {
    const [reporting] = await fault.stack.query<{ missing: number, extra: number, dead: number }>(`
      select
        (select count(*)::int from (select id from crm.outbox union all select id from billing.outbox) o
          where not exists (select 1 from reporting.inbox i where i.event_id = o.id and i.consumer = 'reporting')
            or not exists (select 1 from reporting.audit_entry a where a.event_id = o.id)) as missing,
        (select count(*)::int from reporting.inbox i
          where i.consumer = 'reporting' and (starts_with(i.subject, 'crm.') or starts_with(i.subject, 'billing.'))
            and not exists (select 1 from crm.outbox o where o.id = i.event_id)
            and not exists (select 1 from billing.outbox o where o.id = i.event_id)) as extra,
        (select count(*)::int from reporting.dead_letter where not (event_id = any($1::text[]))) as dead`, [parked])
    expect(reporting).toEqual({ missing: 0, extra: 0, dead: 0 })
    const [billing] = await fault.stack.query<{ missing: number, extra: number, dead: number }>(`
      select
        (select count(*)::int from crm.outbox o where starts_with(o.subject, 'crm.trip.')
          and not exists (select 1 from billing.inbox i where i.event_id = o.id)) as missing,
        (select count(*)::int from billing.inbox i where not exists (select 1 from crm.outbox o where o.id = i.event_id)) as extra,
        (select count(*)::int from billing.dead_letter where not (event_id = any($1::text[]))) as dead`, [parked])
    expect(billing).toEqual({ missing: 0, extra: 0, dead: 0 })
  }, 60_000)
}
