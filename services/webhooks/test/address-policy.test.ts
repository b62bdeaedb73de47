import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startWebhookReceiver, type WebhookReceiver } from '@travel-crm/testkit'
import { AddressPolicy, hostResolver, RefusedTarget } from '../src/address-policy.js'
import { startDnsServer, type DnsServer } from './support/dns-server.js'
import { eventually, startWebhooks, type WebhooksUnderTest } from './support/webhooks.js'

/** A public address for names the test DNS server answers; nothing ever connects to it. */
const PUBLIC = '93.184.215.14'

describe('the address policy', () => {
  let dns: DnsServer
  let policy: AddressPolicy

  beforeAll(async () => {
    dns = await startDnsServer()
    policy = new AddressPolicy([], hostResolver([dns.address]))
  })
  afterAll(async () => { await dns?.close() })

  const refusal = async (url: string, allowed: string[] = []) => {
    const checking = allowed.length === 0 ? policy : new AddressPolicy(allowed, hostResolver([dns.address]))
    try {
      await checking.check(url)
      return undefined
    } catch (error) {
      expect(error).toBeInstanceOf(RefusedTarget)
      return (error as Error).message
    }
  }

  it.each([
    ['https://127.0.0.1/hooks', /loopback/],
    ['https://127.8.9.10/hooks', /loopback/],
    ['https://[::1]/hooks', /loopback/],
    ['https://[::ffff:127.0.0.1]/hooks', /loopback/],
    ['https://10.1.2.3/hooks', /private/],
    ['https://172.16.0.1/hooks', /private/],
    ['https://192.168.1.1/hooks', /private/],
    ['https://169.254.169.254/latest/meta-data', /linkLocal/],
    ['https://[fd00:ec2::254]/hooks', /uniqueLocal/],
    ['https://[fe80::1]/hooks', /linkLocal/],
    ['https://100.100.100.200/hooks', /carrierGradeNat/],
    ['https://0.0.0.0/hooks', /unspecified/],
    ['https://224.0.0.1/hooks', /multicast/],
    ['http://93.184.215.14/hooks', /must be https/],
    ['ftp://93.184.215.14/hooks', /must be https/],
    ['https://user:pass@93.184.215.14/hooks', /user name or password/]
  ])('refuses %s', async (url, reason) => {
    expect(await refusal(url)).toMatch(reason)
  })

  it('refuses names that resolve to private addresses, and names that do not resolve', async () => {
    dns.records.set('intranet.example', '10.0.0.5')
    dns.records.set('db.example', '127.0.0.1')
    expect(await refusal('https://intranet.example/hooks')).toMatch(/intranet.example resolves to 10.0.0.5, a private address/)
    expect(await refusal('https://db.example:5432/')).toMatch(/loopback/)
    expect(await refusal('https://nowhere.example/hooks')).toMatch(/does not resolve/)
  })

  it('accepts HTTPS to a public address, and answers that very address to connect to', async () => {
    dns.records.set('hooks.example', PUBLIC)
    expect(await refusal('https://hooks.example/travel-crm')).toBeUndefined()
    expect(await policy.check('https://hooks.example/travel-crm')).toMatchObject({ address: PUBLIC, family: 4 })
  })

  it('opens allowed hosts and ranges, over plain HTTP too, and nothing else', async () => {
    dns.records.set('receiver.dev', '127.0.0.1')
    expect(await refusal('http://receiver.dev:8080/hooks', ['receiver.dev'])).toBeUndefined()
    expect(await refusal('http://127.0.0.1:8080/hooks', ['127.0.0.0/8'])).toBeUndefined()
    expect(await refusal('http://10.0.0.9/hooks', ['10.0.0.0/24'])).toBeUndefined()
    expect(await refusal('http://10.0.1.9/hooks', ['10.0.0.0/24'])).toMatch(/must be https/)
    expect(await refusal('https://10.0.1.9/hooks', ['10.0.0.0/24'])).toMatch(/private/)
    expect(await refusal('https://[::1]/hooks', ['127.0.0.1'])).toMatch(/loopback/)
  })
})

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
