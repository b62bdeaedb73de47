import { describe, expect, it } from 'vitest'
import { matchesAny, patternsMatchingNothing, subjectMatches } from '../src/event-patterns.js'

describe('event patterns', () => {
  it.each([
    ['billing.payment.recorded', 'billing.payment.recorded', true],
    ['billing.payment.recorded', 'billing.payment.updated', false],
    ['billing.invoice.*', 'billing.invoice.paid', true],
    ['billing.invoice.*', 'billing.invoice', false],
    ['billing.*', 'billing.invoice.paid', false],
    ['billing.>', 'billing.invoice.paid', true],
    ['billing.>', 'billing', false],
    ['*.*.deleted', 'crm.client.deleted', true],
    ['>', 'auth.user.registered', true],
    ['billing.payment', 'billing.payment.recorded', false]
  ])('%s matches %s: %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected)
  })

  it('matches when any pattern does', () => {
    expect(matchesAny(['crm.client.*', 'billing.payment.recorded'], 'billing.payment.recorded')).toBe(true)
    expect(matchesAny(['crm.client.*'], 'billing.payment.recorded')).toBe(false)
  })

  it('names the patterns that match no subject of the catalogue', () => {
    expect(patternsMatchingNothing(['billing.payment.recorded', 'billing.paymnet.*', 'billing.>.x', '>'])).toEqual(['billing.paymnet.*', 'billing.>.x'])
  })
})
