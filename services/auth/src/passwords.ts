import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { passwordRefusal } from './password-policy.js'

// @node-rs/argon2 hashes with argon2id by default (its `Algorithm` is a const enum, unusable under
// verbatimModuleSyntax); its default costs (19 MiB, 2 passes) are OWASP's minimum recommendation.
export async function hashPassword (password: string): Promise<string> {
  return await hash(password)
}

let dummyHash: Promise<string> | undefined

/**
 * Whether the password matches the stored hash. Without a hash (unknown user) it still runs one argon2
 * verification against a throw-away hash, so an unknown user takes as long as a wrong password.
 */
export async function passwordMatches (storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    dummyHash ??= hash(randomBytes(32).toString('base64url'))
    await verify(await dummyHash, password)
    return false
  }
  return await verify(storedHash, password)
}

/** The rules the request schema cannot express (its length it checks itself): see password-policy.ts. */
export function checkPasswordRules (username: string, password: string): void {
  const refusal = passwordRefusal(username, password)
  if (refusal !== undefined) throw refusal
}
