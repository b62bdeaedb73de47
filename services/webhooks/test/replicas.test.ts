import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CloudEvent } from '@travel-crm/contracts'
import type { WebhookReceiver } from '@travel-crm/testkit'
import { eventually, startWebhooks, type WebhooksUnderTest } from './support/webhooks.js'

describe('two replicas', () => {
  let service: WebhooksUnderTest
  const receivers: WebhookReceiver[] = []

  beforeAll(async () => {
    service = await startWebhooks({ WEBHOOK_CONCURRENCY: '2' })
    await service.replica()
  })
  afterAll(async () => { await service?.close() })

  it('deliver each event to each endpoint once between them, each endpoint in stream order', async () => {
    for (let index = 0; index < 4; index++) receivers.push(await service.aReceiver())
    for (const receiver of receivers) receiver.secrets = [(await service.anEndpoint(receiver.url, ['billing.>'])).secret]
    const published: CloudEvent[] = []
    for (let index = 0; index < 60; index++) published.push(await service.publish(index % 2 === 0 ? 'billing.payment.recorded' : 'billing.invoice.updated'))

    for (const receiver of receivers) {
      await eventually(() => { expect(receiver.received).toHaveLength(60) })
      expect(receiver.received.map((request) => request.id)).toEqual(published.map((event) => event.id))
      expect(receiver.received.every((request) => request.verified)).toBe(true)
    }
    // Nothing more comes: no replica sent anything a second time.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(receivers.map((receiver) => receiver.received.length)).toEqual([60, 60, 60, 60])
    const [row] = await service.app.orm.em.fork().execute<Array<{ attempts: string, pending: string }>>(
      'select count(*) as attempts, count(*) filter (where outcome <> \'delivered\') as pending from attempt')
    expect(row).toEqual({ attempts: '240', pending: '0' })
  })
})
