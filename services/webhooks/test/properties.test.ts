import { afterAll, beforeAll, describe } from 'vitest'
import { itRefusesBadInputOnEveryRoute, schemaFingerprint, startWebhookReceiver, type WebhookReceiver } from '@travel-crm/testkit'
import { startDnsServer, type DnsServer } from './support/dns-server.js'
import { startWebhooks, type WebhooksUnderTest } from './support/webhooks.js'

describe('webhooks refuses bad input cleanly', () => {
  let dns: DnsServer
  let receiver: WebhookReceiver
  let service: WebhooksUnderTest
  let authorization: string
  let storedRows: () => Promise<Record<string, string>>

  beforeAll(async () => {
    // Generated URLs name hosts that the test's DNS server does not know: no question leaves the machine.
    dns = await startDnsServer()
    service = await startWebhooks({ WEBHOOK_DNS_SERVERS: dns.address })
    // Deliveries and attempts change in the background as the pings that the generated requests ask for are
    // sent; they are left out of the comparison. The receiver takes every ping, so the endpoints stay as they are.
    storedRows = schemaFingerprint(async (sql) => await service.app.orm.em.fork().execute(sql), { skip: ['delivery', 'attempt'] })
    authorization = `Bearer ${service.issuer.token('admin')}`
    receiver = await startWebhookReceiver()
    for (let made = 0; made < 3; made++) await service.anEndpoint(`${receiver.url}-${made}`)
  })

  afterAll(async () => {
    await service?.close()
    await receiver?.close()
    await dns?.close()
  })

  itRefusesBadInputOnEveryRoute('webhooks', () => ({ app: service.app, request: { headers: { authorization } }, fingerprint: storedRows }), { seed: 20261204 })
})
