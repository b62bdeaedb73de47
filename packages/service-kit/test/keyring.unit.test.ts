import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Keyring } from '../src/data/keyring.js'

const aKey = (): string => randomBytes(32).toString('base64')

describe('Keyring', () => {
  it('seals with the current key and opens with any key of the ring', () => {
    const old = `old:${aKey()}`
    const before = Keyring.parse(old)
    const sealed = before.seal('X1234567')
    expect(sealed).not.toContain('X1234567')
    expect(Keyring.keyIdOf(sealed)).toBe('old')
    const after = Keyring.parse(`new:${aKey()},${old}`)
    expect(after.currentId).toBe('new')
    expect(after.open(sealed)).toBe('X1234567')
    expect(Keyring.keyIdOf(after.seal('X1234567'))).toBe('new')
  })

  it('never seals the same value the same way twice', () => {
    const ring = Keyring.parse(`k:${aKey()}`)
    expect(ring.seal('X1234567')).not.toBe(ring.seal('X1234567'))
  })

  it('refuses a tampered value, an unknown key and a value that is not sealed', () => {
    const ring = Keyring.parse(`k:${aKey()}`)
    const [id, iv, tag, ciphertext = ''] = ring.seal('X1234567').split('.')
    const flipped = Buffer.from(ciphertext, 'base64')
    flipped[0] = (flipped[0] ?? 0) ^ 1
    expect(() => ring.open([id, iv, tag, flipped.toString('base64')].join('.'))).toThrow()
    expect(() => Keyring.parse(`other:${aKey()}`).open(ring.seal('X1234567'))).toThrow(/key k/)
    expect(() => ring.open('{"id":1}')).toThrow(/not a sealed value/)
    expect(Keyring.keyIdOf('{"id":1}')).toBeUndefined()
  })

  it('refuses a malformed ring, a short key and an id given twice', () => {
    expect(() => Keyring.parse('')).toThrow()
    expect(() => Keyring.parse(`k:${randomBytes(16).toString('base64')}`)).toThrow()
    const key = aKey()
    expect(() => Keyring.parse(`k:${key},k:${aKey()}`)).toThrow(/twice/)
    expect(Keyring.parse(`a:${key}`).holdsAnyKeyOf(Keyring.parse(`b:${aKey()},c:${key}`))).toBe(true)
    expect(Keyring.parse(`a:${key}`).holdsAnyKeyOf(Keyring.parse(`b:${aKey()}`))).toBe(false)
  })
})
