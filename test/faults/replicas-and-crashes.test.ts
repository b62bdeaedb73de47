import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, TEST_METRICS_TOKEN } from '@travel-crm/testkit'
import { expectEveryEventAppliedOnce, expectEveryPaymentOnce } from './support/exactly-once.js'
import { freePort } from '@travel-crm/testkit'
import { aBooking, checkConsistency, expectStatus, runConsistencyCheck, startFaultStack, type FaultStack } from './support/fault-stack.js'
import { PaymentLoad } from './support/payment-load.js'

// The gateway gives up connecting to a service after this long; a 503 sooner means it did not wait for one.
const UPSTREAM_CONNECT_TIMEOUT_MS = 2000

/** How many events a process's durable consumers applied, from its own /metrics. */
async function eventsApplied (url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text()
  return metrics.split('\n')
    .filter((line) => line.startsWith('consumer_events_applied_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0)
}

describe('two replicas each of billing and reporting, and processes that crash', () => {
  let fault: FaultStack

  beforeAll(async () => {
    fault = await startFaultStack({ replicas: { billing: 2, reporting: 2 }, env: { UPSTREAM_CONNECT_TIMEOUT_MS: String(UPSTREAM_CONNECT_TIMEOUT_MS) } })
  })

  afterAll(async () => {
    await fault?.stop()
  })

  it('applies every event once on the shared durable consumers, and the reports are exact', async () => {
    const booking = await aBooking(fault, 'Rita Replica', { invoices: 4 })
    const appliedBefore = await Promise.all(fault.stack.replicaUrls.reporting.map(eventsApplied))
    // Payments go to both billing replicas in turn, so both relays publish; the trip moves meanwhile, which
    // both consumers of crm's events (billing's and reporting's) must apply in order.
    const load = new PaymentLoad({ call: fault.call, token: fault.token, invoiceIds: booking.invoiceIds, label: 'replicas', writers: 4, baseUrls: fault.stack.replicaUrls.billing, maxRequests: 160 }).start()
    for (const destination of ['Porto', 'Faro', 'Lisbon', 'Porto']) {
      await load.answered(30)
      expectStatus(await fault.call('PATCH', `/trips/${booking.tripId}`, { token: fault.token, body: { destination } }), 200, 'move the trip')
    }
    const attempts = await load.stop()
    expect(attempts.filter((attempt) => attempt.status !== 201)).toEqual([])

    await expectEveryPaymentOnce(fault, { label: 'replicas', clientId: booking.clientId, attempts })
    const monthly = await fault.call('GET', '/reports/monthly-revenue?year=2027', { token: fault.token })
    expect(new Set((monthly.body as Array<{ destination: string }>).map((row) => row.destination))).toEqual(new Set(['Porto']))
    // Both reporting replicas did part of the work.
    const appliedAfter = await Promise.all(fault.stack.replicaUrls.reporting.map(eventsApplied))
    for (const [replica, after] of appliedAfter.entries()) expect(after, `reporting replica ${replica}`).toBeGreaterThan(appliedBefore[replica] ?? 0)
  })

  it('loses no acknowledged payment and applies nothing twice when billing and a reporting replica are killed with SIGKILL mid-stream', async () => {
    const booking = await aBooking(fault, 'Kai Kill', { invoices: 3 })
    const gatewayPid = fault.stack.pid('gateway')
    const load = new PaymentLoad({ call: fault.call, token: fault.token, invoiceIds: booking.invoiceIds, label: 'sigkill', writers: 3 }).start()
    await load.answered(20)
    await Promise.all([fault.stack.kill('billing', 'SIGKILL'), fault.stack.kill('reporting', 'SIGKILL', 1)])
    await load.answered(5)

    // The gateway routes to the billing it knows, which is gone: it says so at once, for every billing route.
    for (const path of ['/invoices', `/invoices/${booking.invoiceIds[0]}`, '/payments']) {
      const started = Date.now()
      const reply = await fault.call('GET', path, { token: fault.token })
      expect({ status: reply.status, code: reply.body?.code, retryAfter: reply.headers.get('retry-after') }).toEqual({ status: 503, code: 'UPSTREAM_UNAVAILABLE', retryAfter: '5' })
      expect(Date.now() - started).toBeLessThan(UPSTREAM_CONNECT_TIMEOUT_MS)
    }
    // The other services carry on.
    expect((await fault.call('GET', `/clients/${booking.clientId}`, { token: fault.token })).status).toBe(200)

    await Promise.all([fault.stack.restart('billing'), fault.stack.restart('reporting', 1)])
    await load.answered(20)
    const attempts = await load.stop()
    // The gateway found billing again by itself.
    expect(fault.stack.pid('gateway')).toBe(gatewayPid)
    expect(attempts.at(-1)?.status).toBe(201)
    expect(attempts.filter((attempt) => attempt.status !== 201 && attempt.status !== 503)).toEqual([])
    expect(attempts.some((attempt) => attempt.status === 503)).toBe(true)

    // No acknowledged payment was lost...
    const taken = new Set((await fault.stack.query<{ reference: string }>('select reference from billing.payment where starts_with(reference, $1)', ['sigkill-'])).map((row) => row.reference))
    expect(attempts.filter((attempt) => attempt.status === 201 && !taken.has(attempt.reference))).toEqual([])
    // ...and one cut off in the crash is taken once when retried with its key, as a client does after a 503.
    await load.retryUnacknowledged()
    await expectEveryPaymentOnce(fault, { label: 'sigkill', clientId: booking.clientId, attempts })
  }, 180_000)

  it('parks a poison event in dead_letter once per service, and applies the events after it', async () => {
    const poison = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'travel-crm/crm',
      type: 'crm.trip.updated',
      time: new Date().toISOString(),
      subject: 'trip/424242',
      datacontenttype: 'application/json',
      data: { id: 424242, destination: ['not', 'a', 'destination'], version: 2 }
    }
    await fault.stack.publish('crm.trip.updated', JSON.stringify(poison), poison.id)
    const booking = await aBooking(fault, 'Petra Poison')
    const payment = expectStatus(await fault.call('POST', '/payments', { token: fault.token, body: { invoice_id: booking.invoiceIds[0], amount: '12.34', payment_date: '2027-03-01', payment_method: 'card', reference: 'poison-after' } }), 201, 'a payment after the poison event')

    // Both consumers of crm.trip.* gave up on it after five deliveries, each service once whatever its replicas.
    await eventually(async () => {
      const parked = await fault.stack.query<{ service: string, consumer: string, deliveries: number }>(`
        select 'billing' as service, consumer, deliveries from billing.dead_letter where event_id = $1
        union all select 'reporting', consumer, deliveries from reporting.dead_letter where event_id = $1 order by 1`, [poison.id])
      expect(parked).toEqual([
        { service: 'billing', consumer: 'billing', deliveries: 5 },
        { service: 'reporting', consumer: 'reporting', deliveries: 5 }
      ])
    }, 60_000)
    await eventually(async () => {
      const [row] = await fault.stack.query<{ amount: string }>('select amount::text from reporting.payment where id = $1', [payment.body.id])
      expect(row).toEqual({ amount: '12.34' })
    })
    const trip = await fault.stack.query('select id from billing.trip where id = 424242 union all select id from reporting.trip where id = 424242')
    expect(trip).toEqual([])
    const metrics = await (await fetch(`${fault.stack.urls.reporting}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text()
    expect(metrics).toMatch(/^dead_letter_events\{[^}]*\} 1$/m)
    await expectEveryEventAppliedOnce(fault, [poison.id])
    const consistency = await checkConsistency(fault.stack, 30)
    expect(consistency, consistency.output).toMatchObject({ code: 0 })
  }, 120_000)

  it('check:consistency finds a reporting figure that differs from billing and names it', async () => {
    const booking = await aBooking(fault, 'Cora Consistency', { destination: 'Tallinn' })
    expectStatus(await fault.call('POST', '/payments', { token: fault.token, body: { invoice_id: booking.invoiceIds[0], amount: '250.00', payment_date: '2027-04-20', payment_method: 'transfer' } }), 201, 'a payment')
    expect(await checkConsistency(fault.stack, 30)).toMatchObject({ code: 0 })

    // Damage only what this test made: its client's revenue, its month, and a copy of that month elsewhere.
    await fault.stack.query('update reporting.revenue_by_client set total_revenue = total_revenue + 0.01 where client_id = $1', [booking.clientId])
    await fault.stack.query(`insert into reporting.revenue_by_month (year, month, destination, currency, total_revenue, payments)
      select year, month, 'Atlantis', currency, total_revenue, payments from reporting.revenue_by_month where destination = 'Tallinn'`)
    const corrupted = await checkConsistency(fault.stack)
    expect(corrupted.code, corrupted.output).toBe(1)
    expect(corrupted.output).toMatch(new RegExp(`revenue by client +\\| client_id=${booking.clientId} currency=EUR +\\| revenue +\\| 250\\.00 +\\| 250\\.01`))
    expect(corrupted.output).toMatch(/revenue by month +\| year=2027 month=4 destination=Atlantis currency=EUR +\| revenue +\| \(none\) +\| 250\.00/)
    expect(corrupted.output).not.toMatch(/Tallinn/)

    await fault.stack.query('update reporting.revenue_by_client set total_revenue = total_revenue - 0.01 where client_id = $1', [booking.clientId])
    await fault.stack.query('delete from reporting.revenue_by_month where destination = \'Atlantis\'')
    expect(await checkConsistency(fault.stack)).toMatchObject({ code: 0 })
  })

  it('check:consistency fails, saying why, when it cannot read the databases', async () => {
    const stopped = new URL(fault.stack.environment.databaseUrl)
    stopped.port = String(await freePort())
    const result = await runConsistencyCheck(stopped.toString())
    expect(result.code, result.output).toBe(2)
    expect(result.output).toMatch(/^cannot compare billing with reporting: .*ECONNREFUSED/m)
  })
})
