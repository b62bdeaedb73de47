import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CloudEvent, Webhook } from '@travel-crm/contracts'
import { TEST_METRICS_TOKEN } from '@travel-crm/testkit'
import { eventually, startWebhooks, type WebhooksUnderTest } from './support/webhooks.js'

describe('retries', () => {
  let service: WebhooksUnderTest

  // A short timeout, retry window and failure allowance, so that parking and disabling happen within a test.
  beforeAll(async () => {
    service = await startWebhooks({ WEBHOOK_TIMEOUT_MS: '300', WEBHOOK_RETRY_FOR_MS: '3000', WEBHOOK_DISABLE_AFTER_MS: '4000' })
  })
  afterEach(async () => { await service.forgetEndpoints() })
  afterAll(async () => { await service?.close() })

  it('retries through a receiver outage and delivers everything once it is back, each delivery still verifiable', async () => {
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url)
    receiver.secrets = [endpoint.secret]
    await receiver.goDown()
    const published: CloudEvent[] = []
    for (let index = 0; index < 5; index++) published.push(await service.publish('billing.payment.recorded'))
    await eventually(async () => {
      const failed = (await service.attempts(endpoint.id)).filter((attempt) => attempt.outcome === 'retrying')
      expect(failed.length).toBeGreaterThanOrEqual(5)
      for (const attempt of failed) {
        expect(attempt.status_code).toBeNull()
        expect(attempt.error).toMatch(/ECONNREFUSED/)
        expect(attempt.next_retry_at).not.toBeNull()
      }
    })
    await receiver.comeBack()
    await eventually(() => { expect(new Set(receiver.received.map((request) => request.id))).toEqual(new Set(published.map((event) => event.id))) })
    expect(receiver.received.every((request) => request.verified)).toBe(true)
    // Each delivery is recorded a moment after the receiver answered it.
    await eventually(async () => { expect((await service.attempts(endpoint.id)).filter((attempt) => attempt.outcome === 'delivered')).toHaveLength(5) })
  })

  it('counts an error status as a failure, keeps the start of the answer, and succeeds on a later try', async () => {
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url)
    let calls = 0
    receiver.answer = () => (++calls <= 2 ? { status: 503, body: `busy ${'x'.repeat(5000)}` } : 200)
    const event = await service.publish('billing.payment.recorded')
    await eventually(() => { expect(receiver.received).toHaveLength(3) })
    expect(receiver.received.every((request) => request.id === event.id)).toBe(true)
    const attempts = await eventually(async () => {
      const listed = await service.attempts(endpoint.id)
      expect(listed).toHaveLength(3)
      return listed
    })
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status_code, attempt.outcome])).toEqual([[3, 200, 'delivered'], [2, 503, 'retrying'], [1, 503, 'retrying']])
    expect(attempts[2]?.response_body).toMatch(/^busy x+$/)
    expect(attempts[2]?.response_body).toHaveLength(1024)
    // Exponential backoff: the second wait is about twice the first (each drawn between half and all of its ceiling).
    expect(new Date(attempts[1]?.next_retry_at ?? 0).getTime()).toBeGreaterThan(new Date(attempts[1]?.attempted_at ?? 0).getTime())
  })

  it('does not follow a redirect', async () => {
    const receiver = await service.aReceiver()
    const elsewhere = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url)
    receiver.answer = () => ({ status: 307, headers: { location: elsewhere.url } })
    await service.publish('billing.payment.recorded')
    await eventually(async () => { expect((await service.attempts(endpoint.id))[0]?.status_code).toBe(307) })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(elsewhere.received).toEqual([])
    await service.app.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}`, headers: service.as('admin') })
  })

  it('gives up on an answer that takes longer than the timeout', async () => {
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url)
    receiver.answer = () => ({ status: 200, delayMs: 1000 })
    await service.publish('billing.payment.recorded')
    const [attempt] = await eventually(async () => {
      const listed = await service.attempts(endpoint.id)
      expect(listed.length).toBeGreaterThan(0)
      return listed
    })
    expect(attempt?.status_code).toBeNull()
    expect(attempt?.error).toMatch(/no answer within 300 ms/)
    expect(attempt?.duration_ms).toBeGreaterThanOrEqual(290)
    await service.app.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}`, headers: service.as('admin') })
  })

  it('parks a delivery after the retry window, and disables an endpoint that keeps failing, with an event', async () => {
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url, ['billing.invoice.*'])
    receiver.answer = () => 500
    const consumer = await service.bus.js.consumers.get(service.bus.stream, { filter_subjects: service.bus.subject('webhooks.endpoint.disabled') })
    const disabledEvents = await consumer.consume()
    const seen: CloudEvent[] = []
    void (async () => { for await (const message of disabledEvents) seen.push(message.json<CloudEvent>()) })()

    await service.publish('billing.invoice.created')
    await eventually(async () => { expect((await service.attempts(endpoint.id))[0]?.outcome).toBe('parked') }, 10_000)
    const metrics = await service.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })
    expect(metrics.body).toMatch(/webhook_deliveries\{status="parked",service="webhooks"\} 1/)
    // Still failing past the allowance: the next failure disables the endpoint.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await service.publish('billing.invoice.updated')
    await eventually(() => { expect(seen.map((event) => event.type)).toEqual(['webhooks.endpoint.disabled']) }, 10_000)
    expect(seen[0]?.data).toMatchObject({ id: endpoint.id, enabled: false })
    const shown = await service.app.inject({ method: 'GET', url: `/webhooks/${endpoint.id}`, headers: service.as('admin') })
    expect(shown.json<Webhook>()).toMatchObject({ enabled: false, disabled_reason: expect.stringMatching(/failed since/) })
    await disabledEvents.close()

    // Turned back on, it receives again (the parked delivery stays parked: a replay would send it).
    receiver.answer = () => 204
    const enabled = await service.app.inject({ method: 'PATCH', url: `/webhooks/${endpoint.id}`, headers: service.as('admin'), payload: { enabled: true } })
    expect(enabled.json<Webhook>()).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null })
    const next = await service.publish('billing.invoice.paid')
    await eventually(() => { expect(receiver.received.some((request) => request.id === next.id && request.headers['webhook-id'] === next.id)).toBe(true) })
  })
})
