import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTokenIssuer, type TokenIssuer, startAuthEventStream, type AuthEventStream } from '@travel-crm/testkit'
import { buildGateway } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { allowListOf } from '../src/security.js'
import { startStandIn, type StandIn } from './stand-ins.js'
import { accessToken, newSigningKey } from './tokens.js'

// Auth's events, which the gateway reads to refuse tokens of accounts that moved on, in a stream of this file's own.
let authEvents: AuthEventStream
beforeAll(async () => { authEvents = await startAuthEventStream() })
afterAll(async () => { await authEvents?.close() })

type Gateway = Awaited<ReturnType<typeof buildGateway>>

describe('gateway security', () => {
  let issuer: TokenIssuer
  let upstream: StandIn
  const gateways: Gateway[] = []

  async function gatewayWith (env: Record<string, string>): Promise<Gateway> {
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

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    upstream = await startStandIn()
  })

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close()
    await upstream?.close()
    await issuer?.close()
  })

  it('limits requests per client address and says when to come back', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_MAX: '3' })
    const call = async (address: string) => await gateway.inject({ method: 'GET', url: '/clients', remoteAddress: address, headers: { authorization: `Bearer ${issuer.token('agent')}` } })
    for (let i = 0; i < 3; i++) expect((await call('198.51.100.1')).statusCode).toBe(200)
    const limited = await call('198.51.100.1')
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    // Anonymous or forged requests count too: the limit comes before the token check.
    expect((await gateway.inject({ method: 'GET', url: '/clients', remoteAddress: '198.51.100.1' })).statusCode).toBe(429)
    expect((await call('198.51.100.2')).statusCode).toBe(200)
  })

  it('limits logins more tightly than the rest', async () => {
    const gateway = await gatewayWith({ LOGIN_RATE_LIMIT_MAX: '2' })
    const login = async () => await gateway.inject({ method: 'POST', url: '/login', remoteAddress: '198.51.100.3', headers: { 'content-type': 'application/json' }, payload: '{}' })
    expect((await login()).statusCode).not.toBe(429)
    expect((await login()).statusCode).not.toBe(429)
    expect((await login()).statusCode).toBe(429)
    expect((await gateway.inject({ method: 'GET', url: '/roles', remoteAddress: '198.51.100.3' })).statusCode).not.toBe(429)
  })

  it('exempts only the configured addresses', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_MAX: '1', LOGIN_RATE_LIMIT_MAX: '1', RATE_LIMIT_ALLOW: 'loopback,203.0.113.0/24' })
    for (let i = 0; i < 3; i++) {
      expect((await gateway.inject({ method: 'GET', url: '/roles', remoteAddress: '127.0.0.1' })).statusCode).not.toBe(429)
      expect((await gateway.inject({ method: 'GET', url: '/roles', remoteAddress: '203.0.113.9' })).statusCode).not.toBe(429)
    }
    await gateway.inject({ method: 'GET', url: '/roles', remoteAddress: '198.51.100.4' })
    expect((await gateway.inject({ method: 'GET', url: '/roles', remoteAddress: '198.51.100.4' })).statusCode).toBe(429)
  })

  it('reads the allow-list as addresses, CIDRs and loopback, and refuses anything else', () => {
    const allowed = allowListOf(['loopback', '10.0.0.0/8', '2001:db8::1'])
    expect(['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '10.200.0.1', '2001:db8::1'].every(allowed)).toBe(true)
    expect(['11.0.0.1', '2001:db8::2', '192.168.0.1'].some(allowed)).toBe(false)
    expect(allowListOf([])('127.0.0.1')).toBe(false)
    expect(() => allowListOf(['nonsense'])).toThrow(/RATE_LIMIT_ALLOW/)
  })

  it('sends security headers on every answer', async () => {
    const gateway = await gatewayWith({})
    for (const url of ['/roles', '/clients', '/nowhere']) {
      const response = await gateway.inject({ method: 'GET', url })
      expect(response.headers['x-content-type-options'], url).toBe('nosniff')
      expect(response.headers['content-security-policy'], url).toContain('default-src \'none\'')
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN')
      expect(response.headers['strict-transport-security'], url).toMatch(/max-age=/)
    }
  })

  it('allows browser calls from the configured origins only', async () => {
    const closed = await gatewayWith({})
    const noCors = await closed.inject({ method: 'GET', url: '/roles', headers: { origin: 'https://crm.example.com' } })
    expect(noCors.headers['access-control-allow-origin']).toBeUndefined()

    const open = await gatewayWith({ CORS_ORIGINS: 'https://crm.example.com, https://admin.example.com' })
    const allowed = await open.inject({ method: 'GET', url: '/roles', headers: { origin: 'https://crm.example.com' } })
    expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.example.com')
    const other = await open.inject({ method: 'GET', url: '/roles', headers: { origin: 'https://evil.example.net' } })
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await open.inject({ method: 'OPTIONS', url: '/clients', headers: { origin: 'https://admin.example.com', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,if-match' } })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-methods']).toContain('PATCH')
    expect(preflight.headers['access-control-allow-headers']).toContain('if-match')
  })

  it('refuses bodies above the limit before any service sees them', async () => {
    const gateway = await gatewayWith({ BODY_LIMIT: '2048' })
    const before = upstream.received.length
    const response = await gateway.inject({ method: 'POST', url: '/clients', headers: { authorization: `Bearer ${issuer.token('agent')}`, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(4096) }) })
    expect(response.statusCode).toBe(413)
    expect(response.json().code).toBe('BODY_TOO_LARGE')
    expect(upstream.received.length).toBe(before)
  })
})

describe('the gateway\'s view of auth\'s keys', () => {
  it('refetches the JWKS for an unknown kid at most once per cooldown, and so picks up a rotated-in key', async () => {
    const issuer = await startTokenIssuer()
    let published = (await (await fetch(`${issuer.url}/.well-known/jwks.json`)).json() as { keys: object[] }).keys
    const auth = await startStandIn((_request, response) => { response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published })) })
    const cooldownMs = 400
    const gateway = await buildGateway(loadConfig({ ...authEvents.env, LOG_LEVEL: 'silent', AUTH_URL: auth.url, JWKS_COOLDOWN_MS: String(cooldownMs) }))
    const coolDown = async () => { await new Promise((resolve) => setTimeout(resolve, cooldownMs + 100)) }
    try {
      const jwksFetches = () => auth.received.filter((request) => request.url === '/.well-known/jwks.json').length
      const call = async (token: string) => await gateway.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } })
      expect((await call(issuer.token('agent'))).statusCode).toBe(200)
      expect((await call(issuer.token('analyst'))).statusCode).toBe(200)
      expect(jwksFetches()).toBe(1)

      // Tokens of a key auth does not publish: one refetch, then none until the cooldown is over.
      await coolDown()
      const key = newSigningKey()
      const token = accessToken(key, { sub: '5', username: 'rotated' })
      for (let i = 0; i < 5; i++) expect((await call(token)).statusCode).toBe(401)
      expect(jwksFetches()).toBe(2)

      // Auth rotates to that key: after the cooldown, its first token brings it in.
      published = [key.jwk, ...published]
      await coolDown()
      expect((await call(accessToken(key, { sub: '6', username: 'rotated' }))).statusCode).toBe(200)
      expect(jwksFetches()).toBe(3)
      expect((await call(issuer.token('agent'))).statusCode).toBe(200)
      expect(jwksFetches()).toBe(3)
    } finally {
      await gateway.close()
      await auth.close()
      await issuer.close()
    }
  })
})
