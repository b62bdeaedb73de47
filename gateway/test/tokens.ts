import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto'

type Claims = Record<string, unknown>

function encode (part: object): string {
  return Buffer.from(JSON.stringify(part)).toString('base64url')
}

/** A JWT written by hand, so that a test can get every byte of it wrong on purpose. */
export function jwt (header: Claims, claims: Claims, signWith: (input: string) => string): string {
  const input = `${encode(header)}.${encode(claims)}`
  return `${input}.${signWith(input)}`
}

export function ed25519 (privateKeyPem: string): (input: string) => string {
  const key = createPrivateKey(privateKeyPem)
  return (input) => sign(null, Buffer.from(input), key).toString('base64url')
}

export function hs256 (secret: string): (input: string) => string {
  return (input) => createHmac('sha256', secret).update(input).digest('base64url')
}

export interface SigningKey { privateKeyPem: string, publicKeyPem: string, kid: string, jwk: Claims }

export function newSigningKey (kid: string = randomUUID()): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    kid,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' }
  }
}

export function publicKeyPemOf (privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ format: 'pem', type: 'spki' }).toString()
}

/** Claims of an access token as auth issues it, valid for the next minute. */
export function accessClaims (overrides: Claims = {}): Claims {
  const now = Math.floor(Date.now() / 1000)
  return { sub: '1', role: 'admin', username: 'someone', typ: 'access', iss: 'travel-crm-auth', aud: 'travel-crm', iat: now, exp: now + 60, ...overrides }
}

/** An access token signed with the given key in auth's exact format. */
export function accessToken (key: Pick<SigningKey, 'privateKeyPem' | 'kid'>, overrides: Claims = {}): string {
  return jwt({ alg: 'EdDSA', typ: 'JWT', kid: key.kid }, accessClaims(overrides), ed25519(key.privateKeyPem))
}
