import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTokenIssuer, type TokenIssuer, startAuthEventStream, type AuthEventStream } from '@travel-crm/testkit'
import { buildGateway } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { startStandIn, type StandIn } from './stand-ins.js'

// Redis runs on the test machines; RATE_LIMIT_TEST_REDIS_URL names another.
const REDIS_URL = process.env['RATE_LIMIT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/0'

type Gateway = Awaited<ReturnType<typeof buildGateway>>

describe('rate limits shared by gateway replicas through Redis', () => {
  let authEvents: AuthEventStream
  let issuer: TokenIssuer
  let upstream: StandIn
  let redis: Redis
  // This file's own keys, removed afterwards: other runs and deployments may share the Redis.
  const prefix = `travel-crm-test:${randomUUID()}:`
  const gateways: Gateway[] = []

  async function replica (env: Record<string, string>): Promise<Gateway> {
    const gateway = await buildGateway(loadConfig({ ...authEvents.env,
      LOG_LEVEL: 'silent',
      AUTH_URL: issuer.url,
      CRM_URL: upstream.url,
      BILLING_URL: upstream.url,
      REPORTING_URL: upstream.url,
      ...env
    }))
    await gateway.ready()
    gateways.push(gateway)
    return gateway
  }

  const shared = (env: Record<string, string>) => ({ RATE_LIMIT_REDIS_URL: REDIS_URL, RATE_LIMIT_REDIS_PREFIX: prefix, ...env })
  const login = async (gateway: Gateway, address: string) => await gateway.inject({
    method: 'POST', url: '/login', remoteAddress: address, headers: { 'content-type': 'application/json' }, payload: '{}'
  })

  beforeAll(async () => {
    authEvents = await startAuthEventStream()
    issuer = await startTokenIssuer()
    upstream = await startStandIn()
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
    await redis.connect()
  })

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close()
    if (redis !== undefined) {
      const keys = await redis.keys(`${prefix}*`)
      if (keys.length > 0) await redis.del(...keys)
      await redis.quit()
    }
    await upstream?.close()
    await issuer?.close()
    await authEvents?.close()
  })

  it('holds the login throttle across two replicas', async () => {
    const [first, second] = [await replica(shared({ LOGIN_RATE_LIMIT_MAX: '3' })), await replica(shared({ LOGIN_RATE_LIMIT_MAX: '3' }))]
    expect((await login(first, '198.51.100.10')).statusCode).not.toBe(429)
    expect((await login(second, '198.51.100.10')).statusCode).not.toBe(429)
    expect((await login(first, '198.51.100.10')).statusCode).not.toBe(429)
    // The fourth try, whichever replica takes it, is one too many for this address.
    const limited = await login(second, '198.51.100.10')
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' })
    expect((await login(first, '198.51.100.10')).statusCode).toBe(429)
    // Another address, and other routes from this one, are counted apart.
    expect((await login(second, '198.51.100.11')).statusCode).not.toBe(429)
    expect((await second.inject({ method: 'GET', url: '/roles', remoteAddress: '198.51.100.10' })).statusCode).not.toBe(429)
    expect(await redis.keys(`${prefix}*`)).not.toHaveLength(0)
  })

  it('holds the every-route limit across two replicas', async () => {
    const [first, second] = [await replica(shared({ RATE_LIMIT_MAX: '4' })), await replica(shared({ RATE_LIMIT_MAX: '4' }))]
    const call = async (gateway: Gateway) => await gateway.inject({ method: 'GET', url: '/clients', remoteAddress: '198.51.100.12', headers: { authorization: `Bearer ${issuer.token('agent')}` } })
    for (const gateway of [first, second, first, second]) expect((await call(gateway)).statusCode).toBe(200)
    expect((await call(first)).statusCode).toBe(429)
    expect((await call(second)).statusCode).toBe(429)
  })

  it('counts per process without Redis', async () => {
    const [first, second] = [await replica({ LOGIN_RATE_LIMIT_MAX: '1' }), await replica({ LOGIN_RATE_LIMIT_MAX: '1' })]
    expect((await login(first, '198.51.100.13')).statusCode).not.toBe(429)
    expect((await login(second, '198.51.100.13')).statusCode).not.toBe(429)
    expect((await login(first, '198.51.100.13')).statusCode).toBe(429)
  })

  it('lets requests through while Redis cannot be reached', async () => {
    // Port 1 refuses connections: the limit cannot be decided, and the API stays usable.
    const gateway = await replica({ RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1/0', RATE_LIMIT_REDIS_PREFIX: prefix, RATE_LIMIT_MAX: '1' })
    for (let i = 0; i < 3; i++) expect((await gateway.inject({ method: 'GET', url: '/roles', remoteAddress: '198.51.100.14' })).statusCode).not.toBe(429)
  })
})
