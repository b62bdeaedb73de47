import { createRequire } from 'node:module'
import { AuthProblems } from './problems.js'

/**
 * NIST SP 800-63B (5.1.1.2): no composition rules, but at least `MIN_PASSWORD_LENGTH` characters, and not a
 * password that attackers try first: one on a list of passwords seen in breaches, one made of the account's
 * own name, or one of repeated or sequential characters. The list is the one zxcvbn-ts ships (about 49,000
 * passwords from breach corpora, most used first), compared without regard to case.
 */
export const MIN_PASSWORD_LENGTH = 12

/**
 * The list, loaded with the first password checked rather than at start: decompressed, with the package's other
 * lists, and as this set it is about 4.4 MB of heap, that auth would otherwise hold from start when most starts
 * check no password at all (the bootstrap admin exists). Required from node_modules by a `require` of its own,
 * which esbuild does not follow, so its 430 kB of source text are not in the bundle's either.
 */
const requireFromNodeModules = createRequire(import.meta.url)
let commonPasswords: ReadonlySet<string> | undefined

function commonPasswordList (): ReadonlySet<string> {
  if (commonPasswords === undefined) {
    const { dictionary } = requireFromNodeModules('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')
    commonPasswords = new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()))
  }
  return commonPasswords
}

/** `aaaaaaaaaaaa`, `abababababab`, `121212121212`: too few different characters to be guessed slowly. */
const FEWEST_DISTINCT_CHARACTERS = 5

/** `abcdefghijkl`, `987654321098`: each character one step from the one before. */
function isSequence (password: string): boolean {
  let steps = 0
  for (let index = 1; index < password.length; index++) {
    const step = password.charCodeAt(index) - password.charCodeAt(index - 1)
    if (Math.abs(step) === 1 || (step === -9 && password[index] === '0') || (step === 9 && password[index] === '9')) steps++
  }
  return steps >= password.length - 2
}

/** Why this password may not be used for this account, as the error to answer with; undefined when it may. */
export function passwordRefusal (username: string, password: string): Error | undefined {
  const lower = password.toLowerCase()
  if (lower.includes(username.toLowerCase())) return new AuthProblems.passwordContainsUsername()
  if (commonPasswordList().has(lower)) return new AuthProblems.passwordCommon()
  if (new Set(lower).size < FEWEST_DISTINCT_CHARACTERS || isSequence(lower)) return new AuthProblems.passwordPredictable()
  return undefined
}
