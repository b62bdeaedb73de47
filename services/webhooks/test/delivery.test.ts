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

  it('records only the events an enabled endpoint asks for; the others pass without an inbox row, even to an endpoint made after', async () => {
    const inInbox = async (ids: string[]) => (await service.app.orm.em.fork().execute<Array<{ event_id: string }>>(
      'select event_id from inbox where event_id in (?)', [ids])).map((row) => row.event_id).sort()
    const nobodyAsked = [await service.publish('billing.payment.recorded'), await service.publish('crm.client.created')]
    await service.caughtUp()
    expect(await inInbox(nobodyAsked.map((event) => event.id))).toEqual([])

    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url, ['billing.payment.recorded'])
    const disabled = await service.anEndpoint(receiver.url, ['crm.client.*'])
    await service.app.inject({ method: 'PATCH', url: `/webhooks/${disabled.id}`, headers: service.as('admin'), payload: { enabled: false } })
    const wanted = await service.publish('billing.payment.recorded')
    const unwanted = [await service.publish('crm.client.created'), await service.publish('billing.invoice.paid')]
    await eventually(() => { expect(receiver.received.map((request) => request.id)).toEqual([wanted.id]) })
    await service.caughtUp()
    expect(await inInbox([wanted.id, ...unwanted.map((event) => event.id)])).toEqual([wanted.id])
    expect((await service.attempts(endpoint.id)).map((attempt) => attempt.event_id)).toEqual([wanted.id])
    // The events from before the endpoint were not queued for it later: only a replay sends those.
    expect(receiver.received.map((request) => request.id)).not.toContain(nobodyAsked[0]?.id)
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
