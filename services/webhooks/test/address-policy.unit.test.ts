import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AddressPolicy, hostResolver, RefusedTarget } from '../src/address-policy.js'
import { startDnsServer, type DnsServer } from './support/dns-server.js'

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
