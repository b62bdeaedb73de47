import { describe, expect, it } from 'vitest'
import { passwordRefusal } from '../src/password-policy.js'

const codeOf = (username: string, password: string) => (passwordRefusal(username, password) as { code?: string } | undefined)?.code

describe('the password policy (NIST SP 800-63B)', () => {
  it('refuses a password that contains the username, however it is written', () => {
    expect(codeOf('maria', 'maria-password-1')).toBe('AUTH_PASSWORD_CONTAINS_USERNAME')
    expect(codeOf('maria', 'my name is MARIA!')).toBe('AUTH_PASSWORD_CONTAINS_USERNAME')
  })

  it('refuses the most common passwords of breach lists, without regard to case', () => {
    for (const password of ['qwerty123456', '1q2w3e4r5t6y', 'LeaveMeAlone', '123456789012']) expect(codeOf('maria', password), password).toBe('AUTH_PASSWORD_COMMON')
  })

  it('refuses repeated and sequential characters', () => {
    for (const password of ['aaaaaaaaaaaa', 'abababababab', '121212121212', 'abcdefghijkl', 'lkjihgfedcba', '345678901234']) {
      expect(codeOf('maria', password), password).toBe('AUTH_PASSWORD_PREDICTABLE')
    }
  })

  it('takes passphrases and random strings', () => {
    for (const password of ['correct horse battery staple', 'tour-guide-to-lisbon', 'x7#Lq9!vR2mZ', 'olive grove in june']) expect(passwordRefusal('maria', password), password).toBeUndefined()
  })
})
