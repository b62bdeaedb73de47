import { describe, expect, it } from 'vitest'
import { POLICY, type RoutePolicy } from '@travel-crm/contracts'
import { ORIGINAL_API, type OriginalRoute } from './original-api.js'

function whoMayCall (policy: RoutePolicy): OriginalRoute['who'] {
  if ('public' in policy.access) return 'public'
  if (policy.access.anonymousWhileNoUsers === true) {
    expect(policy.access.roles, `${policy.method} ${policy.url}`).toEqual(['admin'])
    return 'first-user-then-admin'
  }
  return [...policy.access.roles].sort()
}

describe('the policy table, against the original API written out by hand', () => {
  const key = (route: { method: string, url: string }) => `${route.method} ${route.url}`

  it('has exactly the original routes, no more and no fewer', () => {
    expect(POLICY.map(key).sort()).toEqual(ORIGINAL_API.map(key).sort())
  })

  it('gives each route the owner and the callers the original design gives it', () => {
    for (const original of ORIGINAL_API) {
      const policy = POLICY.find((entry) => key(entry) === key(original))
      if (policy === undefined) throw new Error(`${key(original)} is missing from the policy table`)
      expect(policy.service, key(original)).toBe(original.service)
      expect(whoMayCall(policy), key(original)).toEqual(Array.isArray(original.who) ? [...original.who].sort() : original.who)
    }
  })
})
