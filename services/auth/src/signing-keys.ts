import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto'
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError, type KeyResolver } from '@travel-crm/service-kit/http'
import type { PublicKeySet } from '@travel-crm/contracts'
import type { AuthConfig } from './config.js'

export interface SigningKeys {
  /** The key that signs new access tokens. */
  kid: string
  privateKeyPem: string
  /** The keys whose tokens are accepted, as `GET /.well-known/jwks.json` publishes them. */
  jwks: PublicKeySet
  /** Public key (PEM) by `kid`, for auth's own verification of its routes. */
  resolve: KeyResolver
}

const DEV_KEY_FILE = 'access-token-ed25519.pem'

/** RFC 7638 thumbprint of an OKP key: SHA-256 over its required members in lexicographic order. */
export function keyThumbprint (jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x })
  return createHash('sha256').update(canonical).digest('base64url')
}

/** Environment variables often carry PEM with literal `\n`; both spellings are accepted. */
function pemFromEnvironment (value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value
}

function requireEd25519 (key: KeyObject, variable: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`Invalid configuration:\n  - ${variable} must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'unknown'}); access tokens are signed with EdDSA only`)
  }
  return key
}

function parseKey (pem: string, variable: string, kind: 'private' | 'public'): KeyObject {
  try {
    const key = kind === 'private' ? createPrivateKey(pemFromEnvironment(pem)) : createPublicKey(pemFromEnvironment(pem))
    return requireEd25519(key, variable)
  } catch (error) {
    if (error instanceof ConfigError) throw error
    throw new ConfigError(`Invalid configuration:\n  - ${variable} is not a readable PEM ${kind} key: ${(error as Error).message}`)
  }
}

/**
 * A development key, generated once and shared by every auth process on the machine. Written under a
 * temporary name and linked into place, so two processes starting together end up with the same key.
 */
async function developmentPrivateKey (directory: string): Promise<KeyObject> {
  const file = join(directory, DEV_KEY_FILE)
  try {
    return parseKey(await readFile(file, 'utf8'), file, 'private')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await mkdir(directory, { recursive: true, mode: 0o700 })
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  const temporary = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temporary, pem, { mode: 0o600 })
  try {
    await link(temporary, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    await unlink(temporary)
  }
  return parseKey(await readFile(file, 'utf8'), file, 'private')
}

function publishedKey (publicKey: KeyObject) {
  const jwk = publicKey.export({ format: 'jwk' })
  return { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x), kid: keyThumbprint(jwk), alg: 'EdDSA', use: 'sig' }
}

/**
 * The signing key from `JWT_PRIVATE_KEY` (required in production) or, in development, from `JWT_KEYS_DIR`;
 * plus `JWT_PREVIOUS_PUBLIC_KEY` during a rotation, so tokens signed before it stay valid until they expire.
 */
export async function loadSigningKeys (config: AuthConfig): Promise<SigningKeys> {
  let privateKey: KeyObject
  if (config.JWT_PRIVATE_KEY !== undefined) {
    privateKey = parseKey(config.JWT_PRIVATE_KEY, 'JWT_PRIVATE_KEY', 'private')
  } else if (config.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  - JWT_PRIVATE_KEY must be set when NODE_ENV=production')
  } else {
    privateKey = await developmentPrivateKey(config.JWT_KEYS_DIR)
  }
  const current = publishedKey(createPublicKey(privateKey))
  const keys = [current]
  if (config.JWT_PREVIOUS_PUBLIC_KEY !== undefined) {
    const previous = publishedKey(parseKey(config.JWT_PREVIOUS_PUBLIC_KEY, 'JWT_PREVIOUS_PUBLIC_KEY', 'public'))
    if (previous.kid !== current.kid) keys.push(previous)
  }
  const pems = new Map(keys.map((key) => [key.kid, createPublicKey({ key: key as JsonWebKey, format: 'jwk' }).export({ format: 'pem', type: 'spki' }).toString()]))
  return {
    kid: current.kid,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    jwks: { keys },
    resolve: async (kid) => kid === undefined ? undefined : pems.get(kid)
  }
}
