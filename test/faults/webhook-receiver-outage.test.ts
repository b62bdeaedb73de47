import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startWebhookReceiver, type WebhookReceiver } from '@travel-crm/testkit'
import { aBooking, expectStatus, startFaultStack, type FaultStack } from './support/fault-stack.js'

/** How long the integrator's server is down: the "receiver down for a minute". */
const OUTAGE_MS = 60_000

describe('a webhook receiver down for a minute, and a webhooks replica killed meanwhile', () => {
  let fault: FaultStack
  let receiver: WebhookReceiver

  beforeAll(async () => {
    receiver = await startWebhookReceiver()
    // Retries at most 5 s apart, so that the backlog drains within seconds of the receiver's return.
    fault = await startFaultStack({ replicas: { webhooks: 2 }, env: { WEBHOOK_FIRST_RETRY_MS: '1000', WEBHOOK_MAX_RETRY_INTERVAL_MS: '5000' } })
  })

  afterAll(async () => {
    await fault?.stop()
    await receiver?.close()
  })

  it('delivers every payment recorded, each verifiable, once the receiver is back', async () => {
    const { call, token } = fault
    const endpoint = expectStatus(await call('POST', '/webhooks', { token, body: { url: receiver.url, events: ['billing.payment.recorded'] } }), 201, 'register an endpoint')
    receiver.secrets = [endpoint.body.secret as string]
    const booking = await aBooking(fault, 'Olga Outage', { invoices: 2 })
    const paymentIds: number[] = []
    const pay = async () => {
      const payment = expectStatus(await call('POST', '/payments', {
        token,
        body: { invoice_id: booking.invoiceIds[paymentIds.length % 2], amount: '1.00', payment_method: 'card' }
      }), 201, 'record a payment')
      paymentIds.push(payment.body.id as number)
    }
    const receivedPayments = () => new Set(receiver.received.map((request) => (JSON.parse(request.body) as { data: { id: number } }).data.id))

    for (let n = 0; n < 3; n += 1) await pay()
    await eventually(async () => { expect(receivedPayments()).toEqual(new Set(paymentIds)) }, 15_000)

    await receiver.goDown()
    const downSince = Date.now()
    let killed = false
    while (Date.now() - downSince < OUTAGE_MS) {
      await pay()
      // Halfway, the second replica dies without a word: what it had claimed is delivered by the first.
      if (!killed && Date.now() - downSince > OUTAGE_MS / 2) {
        await fault.stack.kill('webhooks', 'SIGKILL', 1)
        killed = true
      }
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    const during = await call('GET', `/webhooks/${endpoint.body.id as number}/deliveries?limit=500`, { token })
    const failures = (during.body as Array<{ outcome: string, error: string | null }>).filter((attempt) => attempt.outcome === 'retrying')
    expect(failures.length).toBeGreaterThan(0)
    expect(failures.every((attempt) => /ECONNREFUSED/.test(attempt.error ?? ''))).toBe(true)

    await receiver.comeBack()
    for (let n = 0; n < 3; n += 1) await pay()
    await eventually(async () => { expect(receivedPayments()).toEqual(new Set(paymentIds)) }, 30_000)
    expect(receiver.received.every((request) => request.verified)).toBe(true)
    expect(paymentIds.length).toBeGreaterThan(50)
  }, 150_000)
})
