import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { expectEveryPaymentOnce } from './support/exactly-once.js'
import { aBooking, expectStatus, startFaultStack, type FaultStack } from './support/fault-stack.js'
import { PaymentLoad } from './support/payment-load.js'

const NATS_OUTAGE_MS = 30_000

describe('infrastructure that goes away under load', () => {
  let fault: FaultStack

  beforeAll(async () => {
    fault = await startFaultStack()
  })

  afterAll(async () => {
    await fault?.stop()
  })

  async function everyProcessReady (): Promise<void> {
    // The gateway's readiness asks every service for its own (database and NATS).
    const ready = await fault.call('GET', '/readyz')
    expect(ready.status, ready.text).toBe(200)
  }

  it('takes every payment while NATS is down for 30 seconds, reconnects by itself, and reports each payment once', async () => {
    const booking = await aBooking(fault, 'Nora Outage', { invoices: 3 })
    const pids = { billing: fault.stack.pid('billing'), reporting: fault.stack.pid('reporting'), crm: fault.stack.pid('crm') }
    const load = new PaymentLoad({ call: fault.call, token: fault.token, invoiceIds: booking.invoiceIds, label: 'nats-outage', writers: 2, paceMs: 100 }).start()
    await load.answered(10)

    await fault.nats.stop()
    const outageEnds = Date.now() + NATS_OUTAGE_MS
    const notReady = await fault.call('GET', '/readyz')
    expect(notReady.status).toBe(503)
    // crm takes writes too: a note per second while the bus is gone.
    const notes: number[] = []
    while (Date.now() < outageEnds) {
      const note = await fault.call('POST', `/clients/${booking.clientId}/notes`, { token: fault.token, body: { note: `written during the outage ${notes.length}` } })
      notes.push(expectStatus(note, 201, 'a note while NATS is down').body.id as number)
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    const backlog = await fault.stack.query<{ count: number }>('select count(*)::int as count from billing.outbox where published_at is null')
    expect(backlog[0]?.count).toBeGreaterThan(0)
    await fault.nats.start()
    await load.answered(10)
    const attempts = await load.stop()

    // Every write succeeded: the outbox held the events.
    expect(attempts.filter((attempt) => attempt.status !== 201)).toEqual([])
    expect(attempts.length).toBeGreaterThan(30)
    // Nobody restarted anything.
    expect({ billing: fault.stack.pid('billing'), reporting: fault.stack.pid('reporting'), crm: fault.stack.pid('crm') }).toEqual(pids)
    await eventually(everyProcessReady)
    await expectEveryPaymentOnce(fault, { label: 'nats-outage', clientId: booking.clientId, attempts })
    const [held] = await fault.stack.query<{ count: number }>('select count(*)::int as count from reporting.note where client_id = $1', [booking.clientId])
    expect(held?.count).toBe(notes.length)
  }, 180_000)

  it('answers 503 at once while Postgres is down, and recovers by itself when it is back', async () => {
    const booking = await aBooking(fault, 'Paula Restart', { invoices: 3 })
    const pids = { billing: fault.stack.pid('billing'), reporting: fault.stack.pid('reporting'), crm: fault.stack.pid('crm'), auth: fault.stack.pid('auth'), gateway: fault.stack.pid('gateway') }
    const load = new PaymentLoad({ call: fault.call, token: fault.token, invoiceIds: booking.invoiceIds, label: 'pg-restart', writers: 2 }).start()
    await load.answered(10)

    await fault.postgres.stop()
    const probes: Array<{ path: string, status: number, type: string | null, code: unknown, ms: number }> = []
    const downUntil = Date.now() + 8000
    while (Date.now() < downUntil) {
      for (const path of ['/clients', '/invoices', '/payments', '/reports/invoice-summary', `/clients/${booking.clientId}/details`]) {
        const started = Date.now()
        const reply = await fault.call('GET', path, { token: fault.token })
        probes.push({ path, status: reply.status, type: reply.headers.get('content-type'), code: reply.body?.code, ms: Date.now() - started })
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    await load.answered(5)
    await fault.postgres.start()
    await eventually(everyProcessReady)
    await load.answered(20)
    const attempts = await load.stop()

    // Each service said it cannot answer now, itself, in a fraction of the shortest timeout on the way (the
    // pool waits 5 s for a connection, the gateway 15 s for a service): nobody waited for Postgres.
    expect(probes.length).toBeGreaterThan(10)
    for (const probe of probes) {
      expect(probe).toMatchObject({ status: 503, type: expect.stringMatching(/^application\/problem\+json/), code: 'SERVICE_UNAVAILABLE' })
      expect(probe.ms).toBeLessThan(2000)
    }
    // Payments were taken, then refused with 503 (never a 500), then taken again: all without a restart.
    expect(attempts.filter((attempt) => attempt.status !== 201 && attempt.status !== 503)).toEqual([])
    expect(attempts.some((attempt) => attempt.status === 503)).toBe(true)
    expect(attempts.at(-1)?.status).toBe(201)
    expect({ billing: fault.stack.pid('billing'), reporting: fault.stack.pid('reporting'), crm: fault.stack.pid('crm'), auth: fault.stack.pid('auth'), gateway: fault.stack.pid('gateway') }).toEqual(pids)

    // A refused payment was not taken; sent again with its key it is taken once.
    await load.retryUnacknowledged()
    await expectEveryPaymentOnce(fault, { label: 'pg-restart', clientId: booking.clientId, attempts })
  }, 180_000)

  it('finishes or refuses with 503 every request when billing gets SIGTERM, and publishes what it left in the outbox after the next start', async () => {
    const booking = await aBooking(fault, 'Tomas Term', { invoices: 3 })
    const load = new PaymentLoad({ call: fault.call, token: fault.token, invoiceIds: booking.invoiceIds, label: 'sigterm', writers: 3 }).start()
    await load.answered(10)
    // With NATS away, the relay cannot empty the outbox on the way out, so rows written before the stop stay.
    await fault.nats.stop()
    await load.answered(10)
    await fault.stack.kill('billing', 'SIGTERM')
    const left = await fault.stack.query<{ id: string }>('select id::text from billing.outbox where published_at is null')
    expect(left.length).toBeGreaterThan(0)
    await load.answered(5)
    const attempts = await load.stop()

    // Nothing half-done: every request was answered 201 or 503, and exactly the acknowledged payments exist.
    expect(attempts.filter((attempt) => attempt.status !== 201 && attempt.status !== 503)).toEqual([])
    expect(attempts.some((attempt) => attempt.status === 503)).toBe(true)
    const taken = await fault.stack.query<{ reference: string }>('select reference from billing.payment where starts_with(reference, $1)', ['sigterm-'])
    expect(taken.map((row) => row.reference).sort()).toEqual(attempts.filter((attempt) => attempt.status === 201).map((attempt) => attempt.reference).sort())

    await fault.nats.start()
    await fault.stack.restart('billing')
    await eventually(async () => {
      const [unpublished] = await fault.stack.query<{ count: number }>('select count(*)::int as count from billing.outbox where id = any($1::uuid[]) and published_at is null', [left.map((row) => row.id)])
      expect(unpublished?.count).toBe(0)
    })
    await load.retryUnacknowledged()
    await expectEveryPaymentOnce(fault, { label: 'sigterm', clientId: booking.clientId, attempts })
  }, 180_000)
})
