import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { policiesOf } from '@travel-crm/contracts'
import { assertBadInputRefusedCleanly, injectedInto, schemaFingerprint, startWebhookReceiver, type WebhookReceiver } from '@travel-crm/testkit'
import { startDnsServer, type DnsServer } from './support/dns-server.js'
import { startWebhooks, type WebhooksUnderTest } from './support/webhooks.js'

// Deletes last, so that the other routes meet the endpoints made at the start.
const routes = [...policiesOf('webhooks')].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))

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

  it('generates requests from the schemas of exactly the routes the policy table gives webhooks', () => {
    expect(service.app.servedRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(routes.map((route) => `${route.method} ${route.url}`).sort())
  })

  it.each(routes.map((policy) => [`${policy.method} ${policy.url}`, policy] as const))('%s', async (_name, policy) => {
    const route = service.app.servedRoutes.find((served) => served.method === policy.method && served.url === policy.url)
    expect(route).toBeDefined()
    await assertBadInputRefusedCleanly({
      route: route ?? policy,
      request: { headers: { authorization } },
      send: injectedInto(service.app),
      fingerprint: storedRows,
      numRuns: 40,
      seed: 20261204
    })
  })
})
