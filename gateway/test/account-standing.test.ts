import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAuthEventStream, startTokenIssuer, type AuthEventStream, type TokenIssuer } from '@travel-crm/testkit'
import { buildGateway } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { startStandIn, type StandIn } from './stand-ins.js'

type Gateway = Awaited<ReturnType<typeof buildGateway>>

describe('the gateway refuses tokens of accounts that moved on', () => {
  let authEvents: AuthEventStream
  let issuer: TokenIssuer
  let upstream: StandIn
  let gateway: Gateway

  const configWith = (env: Record<string, string>) => loadConfig({
    LOG_LEVEL: 'silent', AUTH_URL: issuer.url, CRM_URL: upstream.url, BILLING_URL: upstream.url, REPORTING_URL: upstream.url, ...env
  })
  const readClients = async (token: string, on = gateway) => await on.inject({ method: 'GET', url: '/clients', headers: { authorization: `Bearer ${token}` } })

  /** Milliseconds from the event's publication until the gateway refuses the token. */
  async function refusedWithin (token: string, publish: () => Promise<void>): Promise<number> {
    expect((await readClients(token)).statusCode).toBe(200)
    const start = Date.now()
    await publish()
    for (;;) {
      const response = await readClients(token)
      if (response.statusCode === 401) return Date.now() - start
      expect(response.statusCode).toBe(200)
      if (Date.now() - start > 5000) throw new Error('the token was still honoured after 5 s')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  beforeAll(async () => {
    authEvents = await startAuthEventStream()
    issuer = await startTokenIssuer()
    upstream = await startStandIn()
    // Events from before the gateway started: the replica is built from them.
    await authEvents.publishUser('auth.user.registered', { id: 50, role: 'agent', version: 1 })
    await authEvents.publishUser('auth.user.updated', { id: 50, role: 'agent', session_generation: 2, version: 3 })
    gateway = await buildGateway(configWith(authEvents.env))
    await gateway.ready()
  })

  afterAll(async () => {
    await gateway?.close()
    await upstream?.close()
    await issuer?.close()
    await authEvents?.close()
  })

  it('builds its replica from the events published before it started', async () => {
    expect((await gateway.inject({ method: 'GET', url: '/readyz' })).json().checks.accounts).toBe('ok')
    expect((await readClients(issuer.token('agent', { userId: 50, claims: { sgen: 1 } }))).statusCode).toBe(401)
    expect((await readClients(issuer.token('agent', { userId: 50, claims: { sgen: 2 } }))).statusCode).toBe(200)
    // A user the stream never mentioned cannot have been cut off: the signature decides.
    expect((await readClients(issuer.token('agent', { userId: 51 }))).statusCode).toBe(200)
  })

  it('refuses a token within a second of its sessions ending, its account being disabled, demoted or deleted', async () => {
    const cases: Array<[string, (id: number) => Promise<void>]> = [
      ['sessions ended', async (id) => { await authEvents.publishUser('auth.user.updated', { id, role: 'agent', session_generation: 1, version: 2 }) }],
      ['disabled', async (id) => { await authEvents.publishUser('auth.user.updated', { id, role: 'agent', disabled: true, session_generation: 1, version: 2 }) }],
      ['demoted', async (id) => { await authEvents.publishUser('auth.user.updated', { id, role: 'analyst', session_generation: 1, version: 2 }) }],
      ['deleted', async (id) => { await authEvents.publishUser('auth.user.deleted', { id, role: 'agent', version: 2 }) }]
    ]
    for (const [index, [what, change]] of cases.entries()) {
      const id = 60 + index
      await authEvents.publishUser('auth.user.registered', { id, role: 'agent', version: 1 })
      const token = issuer.token('agent', { userId: id, claims: { sgen: 0 } })
      const elapsed = await refusedWithin(token, async () => { await change(id) })
      expect(elapsed, what).toBeLessThan(1000)
      expect((await readClients(token)).json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' })
    }
    // The demoted user's next token, issued with the new role and generation, works.
    expect((await readClients(issuer.token('analyst', { userId: 62, claims: { sgen: 1 } }))).statusCode).toBe(200)
  })

  it('ignores an event older than what it holds', async () => {
    await authEvents.publishUser('auth.user.registered', { id: 70, role: 'agent', session_generation: 0, version: 1 })
    await authEvents.publishUser('auth.user.updated', { id: 70, role: 'agent', session_generation: 1, version: 3 })
    await authEvents.publishUser('auth.user.updated', { id: 70, role: 'agent', session_generation: 0, version: 2 })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await readClients(issuer.token('agent', { userId: 70, claims: { sgen: 0 } }))).statusCode).toBe(401)
  })

  it('refuses every token, and is not ready, while it cannot build its replica', async () => {
    const blind = await buildGateway({ ...configWith({ ...authEvents.env, NATS_STREAM: 'NO_SUCH_STREAM' }), accountsBuildTimeoutMs: 300 })
    try {
      await blind.ready()
      const forwarded = upstream.received.length
      const response = await readClients(issuer.token('admin', { userId: 51 }), blind)
      expect(response.statusCode).toBe(503)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(upstream.received.length).toBe(forwarded)
      expect((await blind.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503)
    } finally {
      await blind.close()
    }
  })
})
