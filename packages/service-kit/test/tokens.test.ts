import { createHmac, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSigner } from 'fast-jwt'
import { freePort, startTokenIssuer, type TokenIssuer } from '@travel-crm/testkit'
import { createAccessTokenVerifier, publicKeyPem, remoteKeyResolver, type PublishedKey } from '../src/http/index.js'

type Verify = ReturnType<typeof createAccessTokenVerifier>

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

function partsOf (token: string): { header: Record<string, unknown>, payload: Record<string, unknown>, signature: string } {
  const [header = '', payload = '', signature = ''] = token.split('.')
  return { header: JSON.parse(Buffer.from(header, 'base64url').toString()), payload: JSON.parse(Buffer.from(payload, 'base64url').toString()), signature }
}

async function refusalOf (verify: Verify, token: string): Promise<Error & { statusCode?: number, code?: string }> {
  try {
    await verify(token)
  } catch (error) {
    return error as Error & { statusCode?: number, code?: string }
  }
  throw new Error('the token was accepted')
}

async function expectUnauthenticated (verify: Verify, token: string): Promise<void> {
  expect(await refusalOf(verify, token)).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' })
}

function verifierFor (issuer: TokenIssuer, expected = { issuer: 'travel-crm-auth', audience: 'travel-crm' }): Verify {
  return createAccessTokenVerifier({ keys: remoteKeyResolver(`${issuer.url}/.well-known/jwks.json`), ...expected })
}

describe('createAccessTokenVerifier with auth-format tokens', () => {
  let issuer: TokenIssuer
  let verify: Verify

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    verify = verifierFor(issuer)
  })

  afterAll(async () => { await issuer?.close() })

  it('turns a valid token into the actor it names', async () => {
    expect(await verify(issuer.token('agent', { userId: 12, username: 'maria' }))).toEqual({ id: 12, username: 'maria', role: 'agent' })
    expect(await verify(issuer.token('admin'))).toMatchObject({ role: 'admin' })
  })

  it('refuses an expired token', async () => {
    await expectUnauthenticated(verify, issuer.token('agent', { expiresInSeconds: -60 }))
  })

  it('tolerates a few seconds of clock skew between auth and the service', async () => {
    expect(await verify(issuer.token('agent', { expiresInSeconds: -2 }))).toMatchObject({ role: 'agent' })
  })

  it('refuses a token from another issuer, even signed by a key it trusts', async () => {
    const stranger = await startTokenIssuer('someone-else', 'travel-crm')
    try {
      await expectUnauthenticated(verifierFor(stranger), stranger.token('admin'))
      expect(await verifierFor(stranger, { issuer: 'someone-else', audience: 'travel-crm' })(stranger.token('admin'))).toMatchObject({ role: 'admin' })
    } finally {
      await stranger.close()
    }
  })

  it('refuses a token for another audience', async () => {
    const elsewhere = await startTokenIssuer('travel-crm-auth', 'another-product')
    try {
      await expectUnauthenticated(verifierFor(elsewhere), elsewhere.token('admin'))
    } finally {
      await elsewhere.close()
    }
  })

  it('refuses alg none', async () => {
    const { header, payload } = partsOf(issuer.token('admin'))
    await expectUnauthenticated(verify, `${base64url({ ...header, alg: 'none' })}.${base64url(payload)}.`)
  })

  it('refuses HS256 signed with the public key as secret', async () => {
    const { header, payload } = partsOf(issuer.token('admin'))
    const jwks = await (await fetch(`${issuer.url}/.well-known/jwks.json`)).json() as { keys: PublishedKey[] }
    const secret = publicKeyPem(jwks.keys[0] as PublishedKey)
    const input = `${base64url({ ...header, alg: 'HS256' })}.${base64url(payload)}`
    await expectUnauthenticated(verify, `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`)
  })

  it('refuses a token whose role was edited after signing', async () => {
    const analyst = issuer.token('analyst')
    const { header, payload, signature } = partsOf(analyst)
    expect(await verify(analyst)).toMatchObject({ role: 'analyst' })
    await expectUnauthenticated(verify, `${base64url(header)}.${base64url({ ...payload, role: 'admin' })}.${signature}`)
  })

  it('refuses a token signed by a key the JWKS does not publish, whatever kid it claims', async () => {
    const { privateKey } = generateKeyPairSync('ed25519')
    const { header } = partsOf(issuer.token('admin'))
    const forge = (kid: string) => createSigner({ key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), algorithm: 'EdDSA', kid, iss: 'travel-crm-auth', aud: 'travel-crm', expiresIn: 60_000 })({ sub: '1', role: 'admin', username: 'mallory', typ: 'access' })
    await expectUnauthenticated(verify, forge(randomUUID()))
    await expectUnauthenticated(verify, forge(String(header['kid'])))
  })

  it.each([
    ['without typ', { typ: undefined }],
    ['that is a refresh token', { typ: 'refresh' }],
    ['whose subject is not a user id', { sub: 'maria' }],
    ['with a role nobody has', { role: 'superuser' }],
    ['without a username', { username: undefined }]
  ])('refuses a token %s', async (_case, claims) => {
    await expectUnauthenticated(verify, issuer.token('agent', { claims }))
  })

  it('refuses something that is not a JWT at all', async () => {
    await expectUnauthenticated(verify, 'not-a-token')
    await expectUnauthenticated(verify, '')
  })
})

describe('remoteKeyResolver', () => {
  const iss = 'travel-crm-auth'
  const aud = 'travel-crm'
  let server: Server
  let jwksUrl: string
  let requests = 0
  const published: PublishedKey[] = []
  const signingKeys = new Map<string, KeyObject>()

  function addKey (kid: string): void {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    signingKeys.set(kid, privateKey)
    published.push({ ...publicKey.export({ format: 'jwk' }), kid })
  }

  let serial = 0
  function tokenSignedWith (kid: string, privateKey = signingKeys.get(kid) ?? generateKeyPairSync('ed25519').privateKey): string {
    serial += 1
    // A different subject each time, so no verification is answered from the verifier's own cache.
    return createSigner({ key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), algorithm: 'EdDSA', kid, iss, aud, expiresIn: 60_000 })(
      { sub: String(serial), role: 'agent', username: `user-${serial}`, typ: 'access' }
    )
  }

  beforeAll(async () => {
    addKey('key-1')
    server = createServer((_request, response) => {
      requests += 1
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`
  })

  afterAll(async () => { await new Promise((resolve) => server?.close(resolve)) })

  it('fetches the keys once and verifies many tokens with them', async () => {
    const before = requests
    const verify = createAccessTokenVerifier({ keys: remoteKeyResolver(jwksUrl, 60_000), issuer: iss, audience: aud })
    for (let n = 0; n < 10; n += 1) expect(await verify(tokenSignedWith('key-1'))).toMatchObject({ role: 'agent' })
    expect(requests - before).toBe(1)
  })

  it('does not refetch for unknown kids within the cooldown', async () => {
    const before = requests
    const verify = createAccessTokenVerifier({ keys: remoteKeyResolver(jwksUrl, 60_000), issuer: iss, audience: aud })
    await Promise.all(Array.from({ length: 20 }, async () => { await expectUnauthenticated(verify, tokenSignedWith(randomUUID())) }))
    for (let n = 0; n < 20; n += 1) await expectUnauthenticated(verify, tokenSignedWith(randomUUID()))
    expect(requests - before).toBe(1)
    expect(await verify(tokenSignedWith('key-1'))).toMatchObject({ role: 'agent' })
    expect(requests - before).toBe(1)
  })

  it('picks up a rotated-in key on its first use once the cooldown has passed', async () => {
    const resolve = remoteKeyResolver(jwksUrl, 0)
    const verify = createAccessTokenVerifier({ keys: resolve, issuer: iss, audience: aud })
    expect(await verify(tokenSignedWith('key-1'))).toMatchObject({ role: 'agent' })
    const before = requests
    addKey('key-2')
    expect(await verify(tokenSignedWith('key-2'))).toMatchObject({ role: 'agent' })
    expect(requests - before).toBe(1)
    await expectUnauthenticated(verify, tokenSignedWith(randomUUID()))
    expect(requests - before).toBe(2)
  })

  it('does not remember a refusal: a token refused before its key was published is accepted once it is', async () => {
    const verify = createAccessTokenVerifier({ keys: remoteKeyResolver(jwksUrl, 0), issuer: iss, audience: aud })
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const kid = randomUUID()
    const token = tokenSignedWith(kid, privateKey)
    await expectUnauthenticated(verify, token)
    published.push({ ...publicKey.export({ format: 'jwk' }), kid })
    expect(await verify(token)).toMatchObject({ role: 'agent' })
  })

  it('remembers an accepted token until it expires, and not a moment longer', async () => {
    const verify = createAccessTokenVerifier({ keys: remoteKeyResolver(jwksUrl, 60_000), issuer: iss, audience: aud })
    // Half a minute: shorter than the longest a verifier remembers anything.
    const token = createSigner({ key: signingKeys.get('key-1')!.export({ format: 'pem', type: 'pkcs8' }).toString(), algorithm: 'EdDSA', kid: 'key-1', iss, aud, expiresIn: 30_000 })(
      { sub: '7', role: 'agent', username: 'short-lived', typ: 'access' }
    )
    expect(await verify(token)).toMatchObject({ role: 'agent' })
    const expiresAt = Number(partsOf(token).payload['exp']) * 1000
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(expiresAt - 1000)
      expect(await verify(token)).toMatchObject({ role: 'agent' })
      // Past the five seconds of clock skew the verifier allows.
      vi.setSystemTime(expiresAt + 6000)
      await expectUnauthenticated(verify, token)
    } finally {
      vi.useRealTimers()
    }
  })

  it('asks nothing for a token without a kid', async () => {
    const before = requests
    expect(await remoteKeyResolver(jwksUrl)(undefined)).toBeUndefined()
    expect(requests).toBe(before)
  })

  it('answers 503, not 401, while the keys cannot be fetched', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}/.well-known/jwks.json`
    const verify = createAccessTokenVerifier({ keys: remoteKeyResolver(unreachable), issuer: iss, audience: aud })
    expect(await refusalOf(verify, tokenSignedWith('key-1'))).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' })
  })
})
