import { createVerifier } from 'fast-jwt'
import { createPublicKey } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, startAuth, type AuthUnderTest } from './auth-app.js'
import { LoginThrottle } from '../src/login-throttle.js'

const GATEWAY_SECRET = 'the-gateway-and-auth-share-this'

describe('login, refresh and logout', () => {
  let auth: AuthUnderTest
  let adminToken: string

  const refresh = async (token: string) => await auth.request({ method: 'POST', url: '/refresh', payload: { refresh_token: token } })
  const me = async (token: string) => await auth.request({ method: 'GET', url: '/me', headers: bearer(token) })
  const problemOf = (response: { json: () => Record<string, unknown> }) => {
    const { instance: _instance, ...rest } = response.json()
    return rest
  }

  beforeAll(async () => {
    auth = await startAuth({ ACCESS_TOKEN_TTL: '900', LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '8', GATEWAY_SECRET })
    adminToken = await auth.tokenOf(auth.admin.username, auth.admin.password)
  })

  afterAll(async () => {
    await auth?.close()
  })

  it('gives a signed access token, a refresh token and the access token lifetime', async () => {
    await auth.aUser({ username: 'Nina', password: 'my-password-1' })
    const response = await auth.login('nina', 'my-password-1')
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-store')
    const pair = response.json()
    expect(pair).toMatchObject({ token_type: 'Bearer', expires_in: 900 })
    expect(pair.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const verify = createVerifier({ key: createPublicKey(auth.privateKeyPem).export({ format: 'pem', type: 'spki' }).toString(), algorithms: ['EdDSA'], complete: true })
    const { header, payload } = verify(pair.access_token)
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'JWT' })
    expect(header.kid).toEqual(expect.any(String))
    expect(payload).toMatchObject({ iss: 'travel-crm-auth', aud: 'travel-crm', role: 'agent', username: 'Nina', typ: 'access', sub: expect.stringMatching(/^\d+$/) })
    expect(payload.exp - payload.iat).toBe(900)

    expect((await me(pair.access_token)).json()).toEqual({ user_id: Number(payload.sub), username: 'Nina', role: 'agent' })
  })

  it('answers an unknown user exactly as a wrong password', async () => {
    const unknown = await auth.login('nobody-here', 'some-password-1', '198.51.100.1')
    const wrong = await auth.login('nina', 'not-her-password', '198.51.100.1')
    expect(unknown.statusCode).toBe(401)
    expect(problemOf(unknown)).toEqual(problemOf(wrong))
    expect(unknown.json().code).toBe('AUTH_INVALID_CREDENTIALS')
    const swedish = await auth.app.inject({ method: 'POST', url: '/login', payload: { username: 'nobody-here', password: 'some-password-1' }, remoteAddress: '198.51.100.2', headers: { 'accept-language': 'sv-SE' } })
    expect(swedish.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', title: 'Inte inloggad', detail: 'Okänt användarnamn eller fel lösenord' })
  })

  it('throttles failed logins per username and address, without locking out the user elsewhere or the address\'s other users', async () => {
    await auth.aUser({ username: 'omar', password: 'my-password-1' })
    await auth.aUser({ username: 'olga', password: 'my-password-1' })
    const attacker = '203.0.113.7'
    for (let attempt = 1; attempt <= 3; attempt++) expect((await auth.login('omar', `guess-number-${attempt}`, attacker)).statusCode).toBe(401)
    const throttled = await auth.login('OMAR', 'my-password-1', attacker)
    expect(throttled.statusCode).toBe(429)
    expect(throttled.json().code).toBe('AUTH_LOGIN_THROTTLED')
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0)

    expect((await auth.login('olga', 'my-password-1', attacker)).statusCode).toBe(200)
    expect((await auth.login('omar', 'my-password-1', '192.0.2.10')).statusCode).toBe(200)
  })

  it('counts failures by the client address the gateway reports, and believes only a trusted gateway that proves itself', async () => {
    await auth.aUser({ username: 'quentin', password: 'my-password-1' })
    const viaGateway = async (client: string, password: string, hop = '127.0.0.1', proof: string | null = GATEWAY_SECRET) => await auth.request({
      method: 'POST',
      url: '/login',
      remoteAddress: hop,
      headers: { 'x-forwarded-for': client, ...(proof === null ? {} : { 'x-gateway-proof': proof }) },
      payload: { username: 'quentin', password }
    })
    for (let attempt = 0; attempt < 3; attempt++) expect((await viaGateway('203.0.113.61', 'not-the-password')).statusCode).toBe(401)
    expect((await viaGateway('203.0.113.61', 'my-password-1')).statusCode).toBe(429)
    // Another client behind the same gateway is someone else.
    expect((await viaGateway('203.0.113.62', 'my-password-1')).statusCode).toBe(200)
    // A caller that is not the gateway cannot pick its address by header.
    for (let attempt = 0; attempt < 3; attempt++) expect((await viaGateway('203.0.113.70', 'not-the-password', '198.51.100.77')).statusCode).toBe(401)
    expect((await viaGateway('203.0.113.71', 'my-password-1', '198.51.100.77')).statusCode).toBe(429)
    // Nor can one on the gateway's own host without the gateway's secret, however it spells the proof: every
    // try, each with a new X-Forwarded-For, counts against the one address it really comes from.
    for (const proof of [null, 'guess', `${GATEWAY_SECRET}x`]) {
      expect((await viaGateway(`203.0.113.${80 + (proof?.length ?? 0) % 100}`, 'not-the-password', '127.0.0.9', proof)).statusCode).toBe(401)
    }
    expect((await viaGateway('203.0.113.90', 'my-password-1', '127.0.0.9', null)).statusCode).toBe(429)
  })

  it('throttles an address that tries many usernames', async () => {
    const sprayer = '203.0.113.99'
    const names = ['ann', 'ben', 'cid', 'dan', 'eli', 'fay', 'gus', 'hal']
    for (const name of names) expect((await auth.login(name, 'password-123', sprayer)).statusCode).toBe(401)
    expect((await auth.login('ivy', 'password-123', sprayer)).statusCode).toBe(429)
    expect((await auth.login('ivy', 'password-123', '203.0.113.100')).statusCode).toBe(401)
  })

  it('forgets a user\'s failures once the user logs in', async () => {
    await auth.aUser({ username: 'pia', password: 'my-password-1' })
    for (let round = 0; round < 2; round++) {
      for (let attempt = 0; attempt < 2; attempt++) expect((await auth.login('pia', 'typo-password', '192.0.2.20')).statusCode).toBe(401)
      expect((await auth.login('pia', 'my-password-1', '192.0.2.20')).statusCode).toBe(200)
    }
  })

  it('rotates refresh tokens: the new one works once, the old one not at all', async () => {
    await auth.aUser({ username: 'rita', password: 'my-password-1' })
    const first = (await auth.login('rita', 'my-password-1')).json()
    const second = await refresh(first.refresh_token)
    expect(second.statusCode).toBe(200)
    expect(second.headers['cache-control']).toBe('no-store')
    const pair = second.json()
    expect(pair.refresh_token).not.toBe(first.refresh_token)
    expect((await me(pair.access_token)).json().username).toBe('rita')

    const third = await refresh(pair.refresh_token)
    expect(third.statusCode).toBe(200)
    expect((await refresh('not-a-token-we-issued')).json().code).toBe('AUTH_INVALID_REFRESH_TOKEN')
  })

  it('revokes the whole family when a used refresh token comes back', async () => {
    await auth.aUser({ username: 'sam', password: 'my-password-1' })
    const stolen = (await auth.login('sam', 'my-password-1')).json().refresh_token
    const legitimate = (await refresh(stolen)).json().refresh_token
    const replay = await refresh(stolen)
    expect(replay.statusCode).toBe(401)
    expect(replay.json().code).toBe('AUTH_INVALID_REFRESH_TOKEN')
    // The reuse ended the session: the token the legitimate holder got is dead too.
    expect((await refresh(legitimate)).statusCode).toBe(401)
    // Another session of the same user is untouched.
    const other = (await auth.login('sam', 'my-password-1')).json().refresh_token
    expect((await refresh(other)).statusCode).toBe(200)
  })

  it('lets only one of two simultaneous refreshes with one token succeed, and then ends that session', async () => {
    await auth.aUser({ username: 'tia', password: 'my-password-1' })
    const token = (await auth.login('tia', 'my-password-1')).json().refresh_token
    const results = await Promise.all([refresh(token), refresh(token)])
    expect(results.map((response) => response.statusCode).sort()).toEqual([200, 401])
    const winner = results.find((response) => response.statusCode === 200)?.json().refresh_token
    expect((await refresh(winner)).statusCode).toBe(401)
  })

  it('logs out: the refresh token stops working', async () => {
    await auth.aUser({ username: 'uma', password: 'my-password-1' })
    const token = (await auth.login('uma', 'my-password-1')).json().refresh_token
    const logout = await auth.request({ method: 'POST', url: '/logout', payload: { refresh_token: token } })
    expect(logout.statusCode).toBe(204)
    expect((await refresh(token)).statusCode).toBe(401)
    expect((await auth.request({ method: 'POST', url: '/logout', payload: { refresh_token: token } })).statusCode).toBe(204)
    expect((await auth.request({ method: 'POST', url: '/logout', payload: {} })).statusCode).toBe(400)
  })

  it('keeps disabled users from logging in and refreshing, and lets them back when re-enabled', async () => {
    const id = await auth.aUser({ username: 'vic', password: 'my-password-1' })
    const session = (await auth.login('vic', 'my-password-1')).json()
    const patch = async (disabled: boolean) => await auth.request({ method: 'PATCH', url: `/users/${id}`, headers: bearer(adminToken), payload: { disabled } })
    expect((await patch(true)).json().disabled).toBe(true)

    const login = await auth.login('vic', 'my-password-1', '192.0.2.30')
    expect(login.statusCode).toBe(401)
    expect(login.json().code).toBe('AUTH_INVALID_CREDENTIALS')
    expect((await refresh(session.refresh_token)).statusCode).toBe(401)
    // Auth checks the account on its own routes, so a still-valid access token no longer opens them.
    expect((await me(session.access_token)).json().code).toBe('AUTH_ACCOUNT_INACTIVE')

    await patch(false)
    expect((await auth.login('vic', 'my-password-1', '192.0.2.30')).statusCode).toBe(200)
    // Disabling ended the old session for good.
    expect((await refresh(session.refresh_token)).statusCode).toBe(401)
  })

  it('keeps deleted users from logging in and refreshing', async () => {
    const id = await auth.aUser({ username: 'wes', password: 'my-password-1' })
    const session = (await auth.login('wes', 'my-password-1')).json()
    expect((await auth.request({ method: 'DELETE', url: `/users/${id}`, headers: bearer(adminToken) })).statusCode).toBe(204)
    expect((await auth.login('wes', 'my-password-1', '192.0.2.40')).statusCode).toBe(401)
    expect((await refresh(session.refresh_token)).statusCode).toBe(401)
    expect((await me(session.access_token)).statusCode).toBe(401)
  })

  it('ends every session when an admin sets a new password', async () => {
    const id = await auth.aUser({ username: 'xena', password: 'my-password-1' })
    const session = (await auth.login('xena', 'my-password-1')).json()
    const change = await auth.request({ method: 'PATCH', url: `/users/${id}`, headers: bearer(adminToken), payload: { password: 'my-password-2' } })
    expect(change.statusCode).toBe(200)
    expect((await refresh(session.refresh_token)).statusCode).toBe(401)
    expect((await auth.login('xena', 'my-password-1', '192.0.2.50')).statusCode).toBe(401)
    expect((await auth.login('xena', 'my-password-2', '192.0.2.50')).statusCode).toBe(200)
  })
})

describe('guessing one account\'s password from many addresses', () => {
  let auth: AuthUnderTest

  beforeAll(async () => {
    // The defaults but a shorter longest delay, so the test can wait it out.
    auth = await startAuth({ LOGIN_ACCOUNT_MAX_DELAY: '2' })
  })

  afterAll(async () => {
    await auth?.close()
  })

  it('delays each try once the account has failed often, doubling up to the longest delay', () => {
    expect([0, 9, 10, 11, 12, 15, 40].map((failures) => LoginThrottle.accountDelay(failures, 10, 60))).toEqual([0, 0, 1, 2, 4, 32, 60])
  })

  it('slows the guesses whatever address they come from, and still lets the real user in a moment later', async () => {
    await auth.aUser({ username: 'ulla', password: 'my-keeps-her-secret' })
    const statuses: number[] = []
    for (let address = 1; address <= 12; address++) {
      for (let attempt = 0; attempt < 6; attempt++) statuses.push((await auth.login('ulla', `guess-${address}-${attempt}`, `203.0.113.${address}`)).statusCode)
    }
    // Ten guesses are checked; after that only the rare one that comes after the delay is (in this test at
    // most one a second), and the rest are refused unchecked.
    const checked = statuses.filter((status) => status === 401).length
    expect(checked).toBeGreaterThanOrEqual(10)
    expect(checked).toBeLessThanOrEqual(13)
    expect(statuses.filter((status) => status === 429).length).toBe(72 - checked)
    const right = await auth.login('ulla', 'my-keeps-her-secret', '203.0.113.13')
    expect(right.statusCode).toBe(429)
    expect(right.json().code).toBe('AUTH_LOGIN_THROTTLED')
    const wait = Number(right.headers['retry-after'])
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(wait).toBeLessThanOrEqual(2)
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100))
    expect((await auth.login('ulla', 'my-keeps-her-secret', '198.51.100.5')).statusCode).toBe(200)
  })
})
