import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSigner } from 'fast-jwt'

export type TestRole = 'admin' | 'agent' | 'analyst'

export interface TokenIssuer {
  /** Base URL to give services as `AUTH_URL`: it serves `/.well-known/jwks.json` like auth does. */
  url: string
  issuer: string
  audience: string
  /** An access token as auth signs it (EdDSA, `kid`, `typ: access`), for a user of the given role. */
  token: (role: TestRole, options?: { userId?: number, username?: string, expiresInSeconds?: number, claims?: Record<string, unknown> }) => string
  close: () => Promise<void>
}

/**
 * Signs access tokens in auth's format with a key of its own and publishes that key over real HTTP, so a
 * service under test verifies tokens exactly as in production (fetching the JWKS) without running auth.
 */
export async function startTokenIssuer (issuer = 'travel-crm-auth', audience = 'travel-crm'): Promise<TokenIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const kid = randomUUID()
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' }] })
  const server: Server = createServer((request, response) => {
    if (request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks)
    } else {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  const roleIds: Record<TestRole, number> = { admin: 1, agent: 2, analyst: 3 }
  return {
    url: `http://127.0.0.1:${port}`,
    issuer,
    audience,
    token: (role, options = {}) => {
      const sign = createSigner({ key: pem, algorithm: 'EdDSA', kid, iss: issuer, aud: audience, expiresIn: (options.expiresInSeconds ?? 3600) * 1000 })
      return sign({
        sub: String(options.userId ?? roleIds[role]),
        role,
        username: options.username ?? `${role}-user`,
        typ: 'access',
        ...options.claims
      })
    },
    close: async () => { await new Promise<void>((resolve) => server.close(() => { resolve() })) }
  }
}
