import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startWebhooks, type WebhooksUnderTest } from './support/webhooks.js'

describe('delivery', () => {
  let service: WebhooksUnderTest

  beforeAll(async () => { service = await startWebhooks() })
  afterEach(async () => { await service.forgetEndpoints() })
  afterAll(async () => { await service?.close() })

  it('sends each matching event, signed as Standard Webhooks says, with the CloudEvent as published as its body', async () => {
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url, ['billing.payment.recorded', 'billing.invoice.*'])
    receiver.secrets = [endpoint.secret]
    const payment = await service.publish('billing.payment.recorded', { amount: '120.50' })
    const invoice = await service.publish('billing.invoice.paid')
    await service.publish('billing.payment.deleted')
    await service.publish('crm.client.created')

    await eventually(() => { expect(receiver.received.map((request) => request.id)).toEqual([payment.id, invoice.id]) })
    for (const request of receiver.received) {
      expect(request.verified).toBe(true)
      expect(request.headers['content-type']).toBe('application/json')
      expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30)
    }
    expect(JSON.parse(receiver.received[0]?.body ?? '')).toEqual(payment)
    await eventually(async () => {
      expect((await service.attempts(endpoint.id)).map((attempt) => [attempt.event_id, attempt.outcome, attempt.status_code])).toEqual([
        [invoice.id, 'delivered', 204],
        [payment.id, 'delivered', 204]
      ])
    })
  })

  it('keeps stream order for an endpoint that answers every time', async () => {
    const receiver = await service.aReceiver()
    await service.anEndpoint(receiver.url, ['billing.payment.updated'])
    const published = []
    for (let index = 0; index < 40; index++) published.push(await service.publish('billing.payment.updated', { version: index + 1 }))
    await eventually(() => { expect(receiver.received).toHaveLength(40) })
    expect(receiver.received.map((request) => request.id)).toEqual(published.map((event) => event.id))
  })

  it('sends a ping to the one endpoint tested', async () => {
    const receiver = await service.aReceiver()
    const other = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url)
    await service.anEndpoint(other.url, ['>'])
    receiver.secrets = [endpoint.secret]
    const response = await service.app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/test`, headers: service.as('admin') })
    expect(response.statusCode).toBe(202)
    const { event_id: eventId } = response.json<{ event_id: string }>()
    await eventually(() => { expect(receiver.received.map((request) => request.id)).toEqual([eventId]) })
    expect(receiver.received[0]?.verified).toBe(true)
    expect(JSON.parse(receiver.received[0]?.body ?? '')).toMatchObject({ type: 'webhooks.endpoint.ping', source: 'travel-crm/webhooks', data: { id: endpoint.id, url: receiver.url } })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(other.received).toEqual([])
  })
})
