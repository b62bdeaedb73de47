import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CloudEvent, ReplayQueued, Webhook } from '@travel-crm/contracts'
import { purgeDeliveries } from '../src/retention.js'
import { eventually, startWebhooks, type WebhooksUnderTest } from './support/webhooks.js'

const DAY = 86_400_000

describe('bounded webhook storage', () => {
  let service: WebhooksUnderTest
  beforeAll(async () => { service = await startWebhooks({ WEBHOOK_REPLAY_MAX_DELIVERIES: '3' }) })
  afterAll(async () => { await service?.close() })

  it('queues at most WEBHOOK_REPLAY_MAX_DELIVERIES per replay and says where the rest begins', async () => {
    const published: Array<{ subject: string, event: CloudEvent }> = []
    for (const subject of ['billing.invoice.created', 'crm.trip.created', 'billing.invoice.created', 'billing.invoice.paid', 'crm.client.created', 'billing.invoice.created', 'billing.invoice.paid'] as const) {
      published.push({ subject, event: await service.publish(subject) })
    }
    await service.caughtUp()
    const { state } = await service.bus.jsm.streams.info(service.bus.stream)
    const sequenceOf = (index: number) => state.last_seq - published.length + 1 + index
    const invoices = published.flatMap(({ subject, event }) => subject.startsWith('billing.') ? [event.id] : [])
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url, ['billing.invoice.*'])
    receiver.secrets = [endpoint.secret]
    const replay = async (since: number) => await service.app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/replay`, headers: service.as('admin'), payload: { since } })

    const first = await replay(sequenceOf(0))
    expect(first.statusCode).toBe(202)
    // Three invoice events queued (the trip and the client read, not queued); the fourth is where the next page begins.
    expect(first.json<ReplayQueued>()).toEqual({ deliveries: 3, first_sequence: sequenceOf(0), last_sequence: sequenceOf(4), next_sequence: sequenceOf(5) })
    const rest = await replay(sequenceOf(5))
    expect(rest.json<ReplayQueued>()).toEqual({ deliveries: 2, first_sequence: sequenceOf(5), last_sequence: sequenceOf(6), next_sequence: null })
    await eventually(() => { expect(receiver.received.map((request) => request.id)).toEqual(invoices) })
    expect(receiver.received.every((request) => request.verified)).toBe(true)
  })

  it('purges finished deliveries and their attempts past the retention, never pending ones, one replica at a time', async () => {
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url)
    // A disabled endpoint: its old pending delivery waits for it to be turned on, and nothing sends it meanwhile.
    const off = await service.app.inject({ method: 'PATCH', url: `/webhooks/${endpoint.id}`, headers: service.as('admin'), payload: { enabled: false } })
    expect(off.json<Webhook>().enabled).toBe(false)
    const em = service.app.orm.em.fork()
    const old = new Date(Date.now() - 40 * DAY)
    const recent = new Date(Date.now() - 2 * DAY)
    const event = async (receivedAt: Date) => {
      const id = randomUUID()
      await em.execute('insert into event (id, type, body, received_at) values (?, \'billing.payment.recorded\', \'{}\', ?)', [id, receivedAt])
      return id
    }
    const delivery = async (eventId: string, status: string, createdAt: Date) => {
      const [row] = await em.execute<Array<{ id: string }>>(
        'insert into delivery (endpoint_id, event_id, status, attempts, created_at) values (?, ?, ?, 1, ?) returning id', [endpoint.id, eventId, status, createdAt])
      await em.execute(
        'insert into attempt (delivery_id, endpoint_id, attempt, attempted_at, duration_ms, outcome) values (?, ?, 1, ?, 5, ?)',
        [row?.id, endpoint.id, createdAt, status === 'pending' ? 'retrying' : status])
      return row?.id
    }
    const oldEvent = await event(old)
    const gone = [await delivery(oldEvent, 'delivered', old), await delivery(await event(old), 'parked', old)]
    const waiting = await delivery(await event(old), 'pending', old)
    const kept = await delivery(await event(recent), 'delivered', recent)
    const unreferencedOld = await event(old)
    const unreferencedRecent = await event(recent)

    const rounds = await Promise.all([0, 1, 2].map(async () => await purgeDeliveries(service.app.orm, new Date(Date.now() - 30 * DAY))))
    expect(rounds.reduce((sum, round) => sum + round.deliveries, 0)).toBe(2)
    expect(rounds.filter((round) => round.ran).length).toBeGreaterThanOrEqual(1)

    const ids = async (sql: string, params: unknown[]) => (await em.execute<Array<{ id: string }>>(sql, params)).map((row) => String(row.id)).sort()
    expect(await ids('select id from delivery where endpoint_id = ?', [endpoint.id])).toEqual([waiting, kept].map(String).sort())
    expect(await ids('select delivery_id as id from attempt where endpoint_id = ?', [endpoint.id])).toEqual([waiting, kept].map(String).sort())
    expect(await ids('select id from delivery where id in (?)', [gone])).toEqual([])
    const events = await ids('select id from event where id in (?)', [[oldEvent, unreferencedOld, unreferencedRecent]])
    expect(events).toEqual([unreferencedRecent])
  })
})
