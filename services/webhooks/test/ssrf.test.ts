import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startWebhookReceiver, type WebhookReceiver } from '@travel-crm/testkit'
import { startDnsServer, type DnsServer } from './support/dns-server.js'
import { eventually, startWebhooks, type WebhooksUnderTest } from './support/webhooks.js'

/** A public address for names the test DNS server answers; nothing ever connects to it. */
const PUBLIC = '93.184.215.14'

describe('SSRF refusals in the service', () => {
  let dns: DnsServer
  let service: WebhooksUnderTest
  let receiver: WebhookReceiver

  // No allowed hosts: the service is as strict as in production, and resolves names with the test's DNS server.
  beforeAll(async () => {
    dns = await startDnsServer()
    service = await startWebhooks({ WEBHOOK_ALLOWED_HOSTS: '', WEBHOOK_DNS_SERVERS: dns.address })
  })
  afterEach(async () => { await receiver?.close() })
  afterAll(async () => {
    await service?.close()
    await dns?.close()
  })

  it.each([
    'https://127.0.0.1/hooks', 'https://localhost/hooks', 'https://10.0.0.1/hooks', 'https://169.254.169.254/latest/meta-data',
    'https://[fd00:ec2::254]/hooks', 'http://93.184.215.14/hooks'
  ])('will not register %s', async (url) => {
    dns.records.set('localhost', '127.0.0.1')
    const response = await service.app.inject({ method: 'POST', url: '/webhooks', headers: service.as('admin'), payload: { url, events: ['>'] } })
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(response.json()).toMatchObject({ code: 'WEBHOOKS_URL_REFUSED' })
  })

  it('checks again at send time: a name rebound to loopback after registering gets no connection', async () => {
    receiver = await startWebhookReceiver()
    dns.records.set('rebind.example', PUBLIC)
    const endpoint = await service.anEndpoint(`https://rebind.example:${receiver.port}/hooks`)
    dns.records.set('rebind.example', '127.0.0.1')
    await service.publish('billing.payment.recorded')
    const [attempt] = await eventually(async () => {
      const attempts = await service.attempts(endpoint.id)
      expect(attempts.length).toBeGreaterThan(0)
      return attempts
    })
    expect(attempt).toMatchObject({ status_code: null, outcome: 'retrying', error: expect.stringMatching(/refused: rebind.example resolves to 127.0.0.1, a loopback address/) })
    expect(receiver.connections).toBe(0)

    // Editing the URL to a refused one is refused like registering it.
    const patched = await service.app.inject({ method: 'PATCH', url: `/webhooks/${endpoint.id}`, headers: service.as('admin'), payload: { url: 'https://rebind.example/other' } })
    expect(patched.json()).toMatchObject({ code: 'WEBHOOKS_URL_REFUSED' })
  })
})
