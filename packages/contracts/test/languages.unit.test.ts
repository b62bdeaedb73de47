import { describe, expect, it } from 'vitest'
import { negotiateLanguage } from '../src/index.js'

describe('negotiateLanguage', () => {
  it('takes ?lang= first, then the best Accept-Language the app speaks, then English', () => {
    expect(negotiateLanguage('sv', 'es')).toBe('sv')
    expect(negotiateLanguage(undefined, 'sv-SE,sv;q=0.9,en;q=0.8')).toBe('sv')
    expect(negotiateLanguage(undefined, 'de-DE, es;q=0.5, en;q=0.4')).toBe('es')
    expect(negotiateLanguage(undefined, 'en;q=0.2, ES;q=0.9')).toBe('es')
    expect(negotiateLanguage(undefined, 'sv;q=0, es;q=0.1')).toBe('es')
    expect(negotiateLanguage(undefined, 'de, fr')).toBe('en')
    expect(negotiateLanguage(undefined, '*')).toBe('en')
    expect(negotiateLanguage(undefined, undefined)).toBe('en')
    expect(negotiateLanguage('xx', ';;;q=,,')).toBe('en')
  })
})
