import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** `id:base64key` pairs, comma-separated, the current key first: how a keyring is written in the environment. */
export const KEYRING_PATTERN = '^[a-z0-9-]{1,32}:[A-Za-z0-9+/]{43}=(,[a-z0-9-]{1,32}:[A-Za-z0-9+/]{43}=)*$'

const SEALED = /^([a-z0-9-]{1,32})\.([A-Za-z0-9+/=]+)\.([A-Za-z0-9+/=]+)\.([A-Za-z0-9+/=]*)$/

/**
 * AES-256-GCM for values kept at rest (a passport number), under named keys: each sealed value says which key
 * sealed it (`<key id>.<iv>.<tag>.<ciphertext>`, base64 parts), so a new key can take over while the rows
 * sealed with the old one are still read, until a re-encryption has moved them all.
 */
export class Keyring {
  readonly currentId: string
  private readonly keys: ReadonlyMap<string, Buffer>

  private constructor (keys: Array<[string, Buffer]>) {
    const [first] = keys
    if (first === undefined) throw new Error('a keyring needs a key')
    this.currentId = first[0]
    this.keys = new Map(keys)
  }

  /** Reads `id:base64key,...` (KEYRING_PATTERN); refuses a key that is not 32 bytes or an id given twice. */
  static parse (text: string): Keyring {
    if (!new RegExp(KEYRING_PATTERN).test(text)) throw new Error('a keyring is written "id:base64key,..." with the current key first')
    const keys = text.split(',').map((pair): [string, Buffer] => {
      const [id = '', key = ''] = pair.split(':')
      return [id, Buffer.from(key, 'base64')]
    })
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`key ${id} is not 32 bytes`)
    const ids = keys.map(([id]) => id)
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index)
    if (repeated !== undefined) throw new Error(`key id ${repeated} is given twice`)
    return new Keyring(keys)
  }

  /** Whether any key of this ring is one of `keys` (a development key in a production ring). */
  holdsAnyKeyOf (other: Keyring): boolean {
    return [...this.keys.values()].some((key) => [...other.keys.values()].some((theirs) => theirs.equals(key)))
  }

  /** Seals with the current key. */
  seal (plaintext: string): string {
    const key = this.keys.get(this.currentId) as Buffer
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [this.currentId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join('.')
  }

  /** Opens a value sealed with any key of the ring; a value it cannot open is an error that names no content. */
  open (sealed: string): string {
    const match = SEALED.exec(sealed)
    if (match === null) throw new Error('not a sealed value')
    const [, id = '', iv = '', tag = '', ciphertext = ''] = match
    const key = this.keys.get(id)
    if (key === undefined) throw new Error(`the value is sealed with key ${id}, which is not in the keyring`)
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'))
    decipher.setAuthTag(Buffer.from(tag, 'base64'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8')
  }

  /** The id of the key a value was sealed with, or undefined when it is not a sealed value. */
  static keyIdOf (sealed: string): string | undefined {
    return SEALED.exec(sealed)?.[1]
  }
}
