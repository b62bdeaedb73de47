import { createPublicKey, type JsonWebKey } from 'node:crypto'
import { createVerifier, TokenError } from 'fast-jwt'
import { isRole, type Role } from '@travel-crm/contracts'
import { Problems } from './problem.js'

/** The caller as an access token describes it. */
export interface Actor {
  id: number
  username: string
  role: Role
}

/** Finds the public key (PEM) for a `kid`, or undefined when no such key is published. */
export type KeyResolver = (kid: string | undefined) => Promise<string | undefined>

export const ACCESS_TOKEN_ALGORITHM = 'EdDSA'

export interface PublishedKey extends JsonWebKey { kid: string }

export function publicKeyPem (jwk: JsonWebKey): string {
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' }).toString()
}

/**
 * Keys from auth's JWKS endpoint, cached. An unknown `kid` triggers at most one refetch per cooldown, so a
 * flood of forged tokens cannot turn into a flood of requests to auth; a rotated-in key is picked up on its
 * first use.
 */
export function remoteKeyResolver (jwksUrl: string, cooldownMs = 30_000): KeyResolver {
  let keys = new Map<string, string>()
  let fetchedAt = 0
  let inFlight: Promise<void> | undefined

  async function refresh (): Promise<void> {
    const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(3000) })
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`)
    const body = await response.json() as { keys?: PublishedKey[] }
    keys = new Map((body.keys ?? []).filter((key) => typeof key.kid === 'string').map((key) => [key.kid, publicKeyPem(key)]))
    fetchedAt = Date.now()
  }

  return async (kid) => {
    if (kid === undefined) return undefined
    const known = keys.get(kid)
    if (known !== undefined) return known
    if (Date.now() - fetchedAt < cooldownMs && fetchedAt !== 0) return undefined
    inFlight ??= refresh().finally(() => { inFlight = undefined })
    try {
      await inFlight
    } catch {
      throw new Problems.unavailable('Token keys cannot be fetched from the auth service right now')
    }
    return keys.get(kid)
  }
}

export interface VerifierOptions {
  keys: KeyResolver
  issuer: string
  audience: string
}

/** Tokens checked once, recognised by their text until they expire. */
const REMEMBERED_TOKENS = 10_000
/** A key withdrawn from the JWKS stops a token it signed within this long. */
const REMEMBER_AT_MOST_MS = 60_000

/**
 * Verifies an access token: algorithm pinned, signature, `iss`, `aud`, `exp`, `nbf` and our own claims. A
 * token that passed is remembered by its text, so the same caller's next requests cost a map lookup instead of
 * a signature check; a refused one is not, so a token signed by a key published a moment later is accepted as
 * soon as the key is known.
 */
export function createAccessTokenVerifier (options: VerifierOptions): (token: string) => Promise<Actor> {
  const verify = createVerifier({
    algorithms: [ACCESS_TOKEN_ALGORITHM],
    allowedIss: options.issuer,
    allowedAud: options.audience,
    requiredClaims: ['sub', 'role', 'username', 'iat', 'exp', 'iss', 'aud'],
    // Milliseconds in fast-jwt: five seconds of clock skew between auth and this host.
    clockTolerance: 5_000,
    key: async (decoded: { header: { kid?: string } }) => {
      const key = await options.keys(decoded.header.kid)
      if (key === undefined) throw new Problems.unauthenticated('The token was signed by an unknown key')
      return key
    }
  })
  const remembered = new Map<string, { actor: Actor, until: number }>()

  async function check (token: string): Promise<{ actor: Actor, expiresAt: number }> {
    let claims: Record<string, unknown>
    try {
      claims = await verify(token) as Record<string, unknown>
    } catch (error) {
      if (error instanceof TokenError) {
        const cause = (error as TokenError & { originalError?: unknown }).originalError
        if (cause instanceof Error && (cause as { statusCode?: number }).statusCode === 503) throw cause
      }
      throw new Problems.unauthenticated('The access token is invalid or expired')
    }
    const id = Number(claims['sub'])
    if (claims['typ'] !== 'access' || !Number.isSafeInteger(id) || !isRole(claims['role']) || typeof claims['username'] !== 'string') {
      throw new Problems.unauthenticated('The access token is invalid or expired')
    }
    return { actor: { id, username: claims['username'], role: claims['role'] }, expiresAt: Number(claims['exp']) * 1000 }
  }

  return async (token) => {
    const now = Date.now()
    const known = remembered.get(token)
    if (known !== undefined) {
      if (known.until > now) return known.actor
      remembered.delete(token)
    }
    const { actor, expiresAt } = await check(token)
    // Oldest first: a Map keeps insertion order.
    if (remembered.size >= REMEMBERED_TOKENS) remembered.delete(remembered.keys().next().value as string)
    remembered.set(token, { actor, until: Math.min(expiresAt, now + REMEMBER_AT_MOST_MS) })
    return actor
  }
}
