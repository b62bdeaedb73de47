import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifiesWith } from '@travel-crm/testkit'
import { newSigningSecret, SecretBox, signatureHeader } from '../src/signing-secrets.js'

describe('signing secrets', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'))

  it('are whsec_ and 24 random bytes', () => {
    const secret = newSigningSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24)
    expect(newSigningSecret()).not.toBe(secret)
  })

  it('are sealed with AES-256-GCM: a fresh nonce each time, tampering detected, another key cannot open them', () => {
    const secret = newSigningSecret()
    const sealed = box.seal(secret)
    expect(sealed).not.toContain(secret.slice(6))
    expect(box.seal(secret)).not.toBe(sealed)
    expect(box.open(sealed)).toBe(secret)
    const [version, iv, tag, ciphertext] = sealed.split('.')
    const flipped = Buffer.from(ciphertext ?? '', 'base64')
    flipped[0] = (flipped[0] ?? 0) ^ 1
    expect(() => box.open([version, iv, tag, flipped.toString('base64')].join('.'))).toThrow()
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed)).toThrow()
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/)
  })

  it('sign as the Standard Webhooks reference library verifies, with each secret given', () => {
    const [first, second] = [newSigningSecret(), newSigningSecret()]
    const body = JSON.stringify({ id: 'e1', type: 'billing.payment.recorded', data: { amount: '10.00', note: 'ünïcode' } })
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader([first as string, second as string], 'msg_1', timestamp, body) }
    expect(verifiesWith({ body, headers }, [first as string])).toBe(true)
    expect(verifiesWith({ body, headers }, [second as string])).toBe(true)
    expect(verifiesWith({ body, headers }, [newSigningSecret()])).toBe(false)
    expect(verifiesWith({ body: `${body} `, headers }, [first as string])).toBe(false)
  })
})
