import { describe, expect, it } from 'vitest'
import { Compile } from 'typebox/compile'
import { OptionalTrimmedText, TrimmedText, trimmedOrNull } from '../src/schemas.js'

describe('TrimmedText', () => {
  const name = Compile(TrimmedText(5))

  it('counts the characters left after trimming', () => {
    for (const value of ['a', 'abcde', '  abcde  ', '\tab cd\n', ` ${'x'.repeat(5)}${' '.repeat(14)}`]) {
      expect(name.Check(value), JSON.stringify(value)).toBe(true)
    }
  })

  it('refuses blank text, text too long once trimmed, padding without end and what is not a string', () => {
    for (const value of ['', '   ', '\n\t', 'abcdef', '  abcdef  ', `a${' '.repeat(20)}`, 5, null, ['a']]) {
      expect(name.Check(value), JSON.stringify(value)).toBe(false)
    }
  })

  it('says why in words a caller understands', () => {
    expect([...name.Errors('      ')].map((error) => error.message)).toContain('must be 1 to 5 characters after trimming')
  })

  it('documents itself, with the examples it is given', () => {
    expect(TrimmedText(50, { examples: ['card'] })).toMatchObject({ description: '1 to 50 characters after trimming', examples: ['card'] })
  })
})

describe('OptionalTrimmedText', () => {
  const reference = Compile(OptionalTrimmedText(3))

  it('takes null, blank text (both clear it) and text short enough once trimmed', () => {
    for (const value of [null, '', '   ', 'abc', '  abc  ']) expect(reference.Check(value), JSON.stringify(value)).toBe(true)
  })

  it('refuses text too long once trimmed, padding without end and what is not a string', () => {
    for (const value of ['abcd', `a${' '.repeat(12)}`, 3, true]) expect(reference.Check(value), JSON.stringify(value)).toBe(false)
  })
})

describe('trimmedOrNull', () => {
  it('stores optional text trimmed, and nothing when nothing is left', () => {
    expect(trimmedOrNull('  Lima Travel ')).toBe('Lima Travel')
    expect(trimmedOrNull(' \n ')).toBeNull()
    expect(trimmedOrNull('')).toBeNull()
    expect(trimmedOrNull(null)).toBeNull()
    expect(trimmedOrNull(undefined)).toBeNull()
  })
})
