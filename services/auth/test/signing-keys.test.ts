import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, createAccessTokenVerifier, remoteKeyResolver } from '@travel-crm/service-kit/http'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { keyThumbprint, loadSigningKeys } from '../src/signing-keys.js'
import { bearer, newEd25519PrivateKey, startAuth, type AuthUnderTest } from './auth-app.js'

function publicPemOf (privatePem: string): string {
  return createPublicKey(privatePem).export({ format: 'pem', type: 'spki' }).toString()
}

describe('signing keys', () => {
  let keysDir: string

  beforeAll(async () => {
    keysDir = await mkdtemp(join(tmpdir(), 'auth-keys-'))
  })

  afterAll(async () => {
    await rm(keysDir, { recursive: true, force: true })
  })

  it('names a key by its RFC 7638 thumbprint (RFC 8037 test vector)', () => {
    expect(keyThumbprint({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' })).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k')
  })

  it('generates a development key once, readable by its owner only, and reuses it', async () => {
    const config = loadConfig({ NODE_ENV: 'development', JWT_KEYS_DIR: join(keysDir, 'dev') })
    const [first, second] = await Promise.all([loadSigningKeys(config), loadSigningKeys(config)])
    expect(second?.kid).toBe(first?.kid)
    const file = join(keysDir, 'dev', 'access-token-ed25519.pem')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await loadSigningKeys(config)).kid).toBe(first?.kid)
    expect(await readFile(file, 'utf8')).toMatch(/BEGIN PRIVATE KEY/)
  })

  it('publishes the signing key and, during a rotation, the previous one', async () => {
    const current = newEd25519PrivateKey()
    const previous = newEd25519PrivateKey()
    const keys = await loadSigningKeys(loadConfig({ JWT_PRIVATE_KEY: current, JWT_PREVIOUS_PUBLIC_KEY: publicPemOf(previous) }))
    expect(keys.jwks.keys.map((key) => key.kid)).toEqual([
      keyThumbprint(createPublicKey(current).export({ format: 'jwk' })),
      keyThumbprint(createPublicKey(previous).export({ format: 'jwk' }))
    ])
    for (const key of keys.jwks.keys) expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
    expect(JSON.stringify(keys.jwks)).not.toMatch(/"d"/)
  })

  it('accepts a PEM written on one line with \\n escapes', async () => {
    const pem = newEd25519PrivateKey()
    const keys = await loadSigningKeys(loadConfig({ JWT_PRIVATE_KEY: pem.replace(/\n/g, '\\n') }))
    expect(keys.kid).toBe(keyThumbprint(createPublicKey(pem).export({ format: 'jwk' })))
  })

  it('refuses keys it cannot sign EdDSA with, and production without a key', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    await expect(loadSigningKeys(loadConfig({ JWT_PRIVATE_KEY: rsa }))).rejects.toThrow(/JWT_PRIVATE_KEY must be an Ed25519 key/)
    await expect(loadSigningKeys(loadConfig({ JWT_PRIVATE_KEY: 'not a key' }))).rejects.toThrow(ConfigError)
    await expect(loadSigningKeys(loadConfig({ JWT_PRIVATE_KEY: newEd25519PrivateKey(), JWT_PREVIOUS_PUBLIC_KEY: 'garbage' }))).rejects.toThrow(/JWT_PREVIOUS_PUBLIC_KEY/)
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', SERVICE_DB_PASSWORD: 'a-real-secret', BOOTSTRAP_ADMIN_PASSWORD: 'a-real-password' }))
      .toThrow(/JWT_PRIVATE_KEY must be set when NODE_ENV=production/)
  })
})

describe('key rotation', () => {
  let auth: AuthUnderTest

  beforeAll(async () => {
    auth = await startAuth()
  })

  afterAll(async () => {
    await auth?.close()
  })

  it('keeps tokens of the previous key valid while it is published, so nobody is logged out', async () => {
    const oldToken = await auth.tokenOf(auth.admin.username, auth.admin.password)
    const oldSession = (await auth.login(auth.admin.username, auth.admin.password)).json().refresh_token

    // A verifier elsewhere (gateway, crm) that has cached the old key set.
    await auth.app.listen({ host: '127.0.0.1', port: 0 })
    const jwksUrl = `http://127.0.0.1:${(auth.app.server.address() as AddressInfo).port}/.well-known/jwks.json`
    const elsewhere = createAccessTokenVerifier({ keys: remoteKeyResolver(jwksUrl, 0), issuer: 'travel-crm-auth', audience: 'travel-crm' })
    expect((await elsewhere(oldToken)).username).toBe(auth.admin.username)

    const newKey = newEd25519PrivateKey()
    const rotated = await buildApp(loadConfig({ ...auth.environment.env, JWT_PRIVATE_KEY: newKey, JWT_PREVIOUS_PUBLIC_KEY: publicPemOf(auth.privateKeyPem) }))
    try {
      await rotated.listen({ host: '127.0.0.1', port: 0 })
      const rotatedJwks = `http://127.0.0.1:${(rotated.server.address() as AddressInfo).port}/.well-known/jwks.json`
      const jwks = await (await fetch(rotatedJwks)).json() as { keys: Array<{ kid: string }> }
      expect(jwks.keys).toHaveLength(2)

      expect((await rotated.inject({ method: 'GET', url: '/me', headers: bearer(oldToken) })).statusCode).toBe(200)
      // Refresh tokens are opaque, so they survive the rotation and yield tokens signed with the new key.
      const renewed = await rotated.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: oldSession } })
      expect(renewed.statusCode).toBe(200)
      const newToken = renewed.json().access_token as string
      const newKid = JSON.parse(Buffer.from(newToken.split('.')[0] ?? '', 'base64url').toString()).kid
      expect(newKid).toBe(keyThumbprint(createPublicKey(newKey).export({ format: 'jwk' })))

      const verifierOfRotated = createAccessTokenVerifier({ keys: remoteKeyResolver(rotatedJwks, 0), issuer: 'travel-crm-auth', audience: 'travel-crm' })
      expect((await verifierOfRotated(oldToken)).role).toBe('admin')
      expect((await verifierOfRotated(newToken)).role).toBe('admin')
    } finally {
      await rotated.close()
    }

    // Rotation finished: the previous key is no longer published, and its tokens stop working.
    const finished = await buildApp(loadConfig({ ...auth.environment.env, JWT_PRIVATE_KEY: newKey }))
    try {
      const response = await finished.inject({ method: 'GET', url: '/me', headers: bearer(oldToken) })
      expect(response.statusCode).toBe(401)
      expect((await finished.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys).toHaveLength(1)
    } finally {
      await finished.close()
    }
  })
})
