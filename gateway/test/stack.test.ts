import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POLICY, type RoutePolicy, type ServiceName } from '@travel-crm/contracts'
import { startStack, type Stack } from '@travel-crm/testkit'
import { caller, type CallOptions, type Reply as Answer } from '@travel-crm/testkit'

const call = async (base: string, method: string, path: string, options?: CallOptions): Promise<Answer> => await caller(base)(method, path, options)
import { accessClaims, accessToken, ed25519, hs256, jwt, newSigningKey, publicKeyPemOf, type SigningKey } from './tokens.js'

type Caller = 'admin' | 'agent' | 'analyst' | 'anonymous'
const CALLERS: Caller[] = ['admin', 'agent', 'analyst', 'anonymous']
const MISSING = '999999'

/** What the policy table says a caller gets: through, or refused with 401/403. */
function expectedFor (policy: RoutePolicy, caller: Caller): 'through' | 401 | 403 {
  if ('public' in policy.access) return 'through'
  // Users exist on this stack (the bootstrap admin), so anonymous registration is over.
  if (caller === 'anonymous') return 401
  return policy.access.roles.includes(caller) ? 'through' : 403
}

describe('the running stack', () => {
  let stack: Stack
  let signingKey: SigningKey
  const tokens: Partial<Record<Caller, string>> = {}
  const ids: Partial<Record<Caller, number>> = {}
  let gateway: string
  const direct = (service: ServiceName) => stack.urls[service]

  async function login (base: string, username: string, password: string): Promise<Answer> {
    return await call(base, 'POST', '/login', { body: { username, password } })
  }

  async function aUser (username: string, role: string, password = `${username}-password`): Promise<{ id: number, token: string, refresh: string }> {
    const registered = await call(gateway, 'POST', '/register', { token: tokens.admin, body: { username, password, role } })
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    const session = await login(gateway, username, password)
    expect(session.status).toBe(200)
    return { id: registered.body.id, token: session.body.access_token, refresh: session.body.refresh_token }
  }

  beforeAll(async () => {
    signingKey = newSigningKey()
    stack = await startStack({
      env: {
        JWT_PRIVATE_KEY: signingKey.privateKeyPem,
        LOG_LEVEL: 'warn',
        // The matrix alone makes some 500 requests a minute; the limits themselves are tested in security.test.ts.
        RATE_LIMIT_MAX: '100000',
        LOGIN_RATE_LIMIT_MAX: '1000'
      }
    })
    gateway = stack.gatewayUrl
    const admin = await login(gateway, stack.admin.username, stack.admin.password)
    expect(admin.status).toBe(200)
    tokens.admin = admin.body.access_token
    ids.admin = (await call(gateway, 'GET', '/me', { token: tokens.admin })).body.user_id
    for (const role of ['agent', 'analyst'] as const) {
      const user = await aUser(`matrix-${role}`, role)
      tokens[role] = user.token
      ids[role] = user.id
    }
    // The kid in the stack's tokens is the thumbprint auth computed for the key given to it.
    signingKey.kid = JSON.parse(Buffer.from((tokens.admin ?? '').split('.')[0] ?? '', 'base64url').toString()).kid
  }, 180_000)

  afterAll(async () => {
    await stack?.stop()
  })

  describe('the role matrix: every route × admin, agent, analyst, no token', () => {
    const urlOf = (policy: RoutePolicy) => policy.url.replace(':id', MISSING).replace(':noteId', MISSING)
    const send = async (base: string, policy: RoutePolicy, caller: Caller) => await call(base, policy.method, urlOf(policy), {
      ...(caller === 'anonymous' ? {} : { token: tokens[caller] }),
      ...(policy.method === 'POST' || policy.method === 'PATCH' ? { body: {} } : {})
    })

    for (const policy of POLICY) {
      it(`${policy.method} ${policy.url} (${policy.service})`, async () => {
        for (const caller of CALLERS) {
          const expected = expectedFor(policy, caller)
          const through = await send(gateway, policy, caller)
          const skipping = await send(direct(policy.service), policy, caller)
          const where = `${policy.method} ${urlOf(policy)} as ${caller}`
          if (expected === 'through') {
            expect([401, 403], `${where}: ${JSON.stringify(through.body)}`).not.toContain(through.status)
            expect(through.status, `${where} must not fail: ${JSON.stringify(through.body)}`).toBeLessThan(500)
            expect(through.code, `${where} must reach a route of ${policy.service}`).not.toBe('ROUTE_NOT_FOUND')
          } else {
            expect(through.status, `${where}: ${JSON.stringify(through.body)}`).toBe(expected)
            expect(through.headers.get('content-type'), where).toMatch(/^application\/problem\+json/)
          }
          // Skipping the gateway changes nothing.
          expect({ status: skipping.status, code: skipping.code }, `${where}, directly at ${policy.service}`).toEqual({ status: through.status, code: through.code })
        }
      })
    }
  })

  describe('forged tokens', () => {
    const protectedRoutes: Array<[ServiceName, string]> = [['auth', '/me'], ['crm', '/clients'], ['billing', '/invoices'], ['reporting', '/reports/invoice-summary']]

    async function expectRefused (token: string, what: string): Promise<void> {
      for (const [service, path] of protectedRoutes) {
        for (const [where, base] of [['gateway', gateway], [service, direct(service)]] as const) {
          const answer = await call(base, 'GET', path, { token })
          expect(answer.status, `${what}: GET ${path} at ${where} ${JSON.stringify(answer.body)}`).toBe(401)
          expect(answer.headers.get('content-type'), what).toMatch(/^application\/problem\+json/)
        }
      }
    }

    it('are told apart from a genuine one made the same way', async () => {
      // The control: the forging helpers make tokens the stack accepts when nothing is wrong with them.
      const genuine = accessToken(signingKey, { sub: String(ids.admin), username: stack.admin.username })
      for (const [service, path] of protectedRoutes) {
        expect((await call(gateway, 'GET', path, { token: genuine })).status, path).toBe(200)
        expect((await call(direct(service), 'GET', path, { token: genuine })).status, path).toBe(200)
      }
    })

    it('with the role edited are refused', async () => {
      const [header, payload, signature] = (tokens.analyst ?? '').split('.')
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())
      const edited = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')
      await expectRefused(`${header}.${edited}.${signature}`, 'role edited')
    })

    it('with alg none are refused', async () => {
      const claims = accessClaims({ sub: String(ids.admin) })
      await expectRefused(jwt({ alg: 'none', typ: 'JWT', kid: signingKey.kid }, claims, () => ''), 'alg none')
      await expectRefused(jwt({ alg: 'none', typ: 'JWT' }, claims, () => ''), 'alg none without kid')
    })

    it('signed with HS256 and the public key as secret are refused', async () => {
      const claims = accessClaims({ sub: String(ids.admin) })
      const jwks = (await call(gateway, 'GET', '/.well-known/jwks.json')).body
      for (const secret of [publicKeyPemOf(signingKey.privateKeyPem), JSON.stringify(jwks.keys[0]), jwks.keys[0].x]) {
        await expectRefused(jwt({ alg: 'HS256', typ: 'JWT', kid: signingKey.kid }, claims, hs256(secret)), 'HS256 with the public key')
      }
    })

    it('with a wrong issuer or audience are refused', async () => {
      await expectRefused(accessToken(signingKey, { iss: 'someone-else' }), 'wrong iss')
      await expectRefused(accessToken(signingKey, { aud: 'another-app' }), 'wrong aud')
    })

    it('that expired, or are not valid yet, are refused', async () => {
      const now = Math.floor(Date.now() / 1000)
      await expectRefused(accessToken(signingKey, { iat: now - 7200, exp: now - 60 }), 'expired')
      await expectRefused(accessToken(signingKey, { nbf: now + 600 }), 'nbf in the future')
    })

    it('signed by a key auth does not publish are refused', async () => {
      const stranger = newSigningKey()
      await expectRefused(accessToken(stranger), 'unknown kid')
      await expectRefused(accessToken({ ...stranger, kid: signingKey.kid }), 'known kid, other key')
      await expectRefused(jwt({ alg: 'EdDSA', typ: 'JWT' }, accessClaims(), ed25519(signingKey.privateKeyPem)), 'no kid')
    })

    it('that are not access tokens are refused', async () => {
      const session = await login(gateway, 'matrix-agent', 'matrix-agent-password')
      await expectRefused(session.body.refresh_token, 'a refresh token used as an access token')
      await expectRefused(accessToken(signingKey, { typ: 'refresh' }), 'typ refresh')
      await expectRefused(accessToken(signingKey, { role: 'root' }), 'unknown role')
      await expectRefused(accessToken(signingKey, { sub: 'admin' }), 'sub not a user id')
    })
  })

  describe('escalation', () => {
    it('anonymous or agent registration of an admin is refused', async () => {
      for (const base of [gateway, direct('auth')]) {
        const anonymous = await call(base, 'POST', '/register', { body: { username: 'intruder', password: 'intruder-password', role: 'admin' } })
        expect(anonymous.status).toBe(401)
        const byAgent = await call(base, 'POST', '/register', { token: tokens.agent, body: { username: 'intruder', password: 'intruder-password', role: 'admin' } })
        expect(byAgent.status).toBe(403)
      }
    })

    it('an agent cannot make itself or anyone an admin', async () => {
      for (const base of [gateway, direct('auth')]) {
        for (const id of [ids.agent, ids.analyst, ids.admin]) {
          expect((await call(base, 'PATCH', `/users/${id}`, { token: tokens.agent, body: { role: 'admin' } })).status).toBe(403)
          expect((await call(base, 'PATCH', `/users/${id}`, { body: { role: 'admin' } })).status).toBe(401)
        }
      }
      expect((await call(gateway, 'GET', '/me', { token: tokens.agent })).body.role).toBe('agent')
    })
  })

  describe('accounts through the gateway', () => {
    it('never loses the last active admin', async () => {
      for (const change of [{ role: 'agent' }, { disabled: true }]) {
        const answer = await call(gateway, 'PATCH', `/users/${ids.admin}`, { token: tokens.admin, body: change })
        expect(answer.status).toBe(409)
        expect(answer.code).toBe('AUTH_LAST_ADMIN')
      }
      expect((await call(gateway, 'DELETE', `/users/${ids.admin}`, { token: tokens.admin })).code).toBe('AUTH_LAST_ADMIN')
    })

    it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
      const user = await aUser('rotating-rita', 'agent')
      const renewed = await call(gateway, 'POST', '/refresh', { body: { refresh_token: user.refresh } })
      expect(renewed.status).toBe(200)
      expect(renewed.body.token_type).toBe('Bearer')
      expect((await call(gateway, 'GET', '/clients', { token: renewed.body.access_token })).status).toBe(200)
      const reuse = await call(gateway, 'POST', '/refresh', { body: { refresh_token: user.refresh } })
      expect(reuse.status).toBe(401)
      expect((await call(gateway, 'POST', '/refresh', { body: { refresh_token: renewed.body.refresh_token } })).status).toBe(401)

      const again = await login(gateway, 'rotating-rita', 'rotating-rita-password')
      expect((await call(gateway, 'POST', '/logout', { body: { refresh_token: again.body.refresh_token } })).status).toBe(204)
      expect((await call(gateway, 'POST', '/refresh', { body: { refresh_token: again.body.refresh_token } })).status).toBe(401)
    })

    it('keeps a disabled user from logging in and refreshing', async () => {
      const user = await aUser('disabled-dan', 'agent')
      expect((await call(gateway, 'PATCH', `/users/${user.id}`, { token: tokens.admin, body: { disabled: true } })).status).toBe(200)
      expect((await login(gateway, 'disabled-dan', 'disabled-dan-password')).status).toBe(401)
      expect((await call(gateway, 'POST', '/refresh', { body: { refresh_token: user.refresh } })).status).toBe(401)
      expect((await call(gateway, 'GET', '/me', { token: user.token })).status).toBe(401)
    })

    it('throttles failed logins with 429 and Retry-After, and other users of the address still log in', async () => {
      await aUser('throttled-theo', 'agent')
      await aUser('colleague-cleo', 'agent')
      let answer: Answer | undefined
      for (let attempt = 1; attempt <= 6; attempt++) {
        answer = await login(gateway, 'throttled-theo', `wrong-guess-${attempt}`)
        if (answer.status === 429) break
        expect(answer.status).toBe(401)
      }
      expect(answer?.status).toBe(429)
      expect(answer?.code).toBe('AUTH_LOGIN_THROTTLED')
      expect(Number(answer?.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await login(gateway, 'throttled-theo', 'throttled-theo-password')).status).toBe(429)
      expect((await login(gateway, 'colleague-cleo', 'colleague-cleo-password')).status).toBe(200)
    })
  })
})
