import { describe, expect, it } from 'vitest'
import { decideAccess, findPolicy, policiesOf, POLICY, type Access, type ServiceName } from '../src/policy.js'
import { isRole, ROLES } from '../src/roles.js'

describe('decideAccess', () => {
  const writers: Access = { roles: ['admin', 'agent'] }

  it('lets anyone through a public route, with or without a role', () => {
    expect(decideAccess({ public: true }, undefined)).toBe('allow')
    expect(decideAccess({ public: true }, 'analyst')).toBe('allow')
  })

  it('asks for a token when a protected route is called without one', () => {
    expect(decideAccess(writers, undefined)).toBe('unauthenticated')
  })

  it('allows listed roles and forbids the others', () => {
    expect(decideAccess(writers, 'admin')).toBe('allow')
    expect(decideAccess(writers, 'agent')).toBe('allow')
    expect(decideAccess(writers, 'analyst')).toBe('forbidden')
  })

  it('lets an anonymous caller through only where the route allows it while no user exists', () => {
    const register: Access = { roles: ['admin'], anonymousWhileNoUsers: true }
    expect(decideAccess(register, undefined)).toBe('allow')
    expect(decideAccess(register, 'agent')).toBe('forbidden')
    expect(decideAccess(register, 'admin')).toBe('allow')
  })
})

describe('POLICY', () => {
  const rolesOf = (method: string, url: string) => {
    const access = findPolicy(method, url)?.access
    if (access === undefined) throw new Error(`${method} ${url} is not in the policy table`)
    return 'public' in access ? 'public' : [...access.roles].sort()
  }

  it('lists every method and URL once', () => {
    const keys = POLICY.map((policy) => `${policy.method} ${policy.url}`)
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([])
  })

  it('grants only known roles, and no route an empty role list', () => {
    for (const policy of POLICY) {
      if ('public' in policy.access) continue
      expect(policy.access.roles.length, `${policy.method} ${policy.url}`).toBeGreaterThan(0)
      for (const role of policy.access.roles) expect(isRole(role), `${policy.method} ${policy.url}: ${role}`).toBe(true)
    }
  })

  it('uses Fastify URL patterns and the five services only', () => {
    const services: ServiceName[] = ['auth', 'crm', 'billing', 'reporting', 'webhooks']
    for (const policy of POLICY) {
      expect(policy.url).toMatch(/^\/[A-Za-z0-9._\-/:]*$/)
      expect(policy.url).not.toMatch(/\/$/)
      expect(services).toContain(policy.service)
    }
    expect(services.flatMap((service) => policiesOf(service)).length).toBe(POLICY.length)
  })

  it('keeps public only what must be reachable without a token', () => {
    const publicRoutes = POLICY.filter((policy) => 'public' in policy.access).map((policy) => `${policy.method} ${policy.url}`).sort()
    expect(publicRoutes).toEqual([
      'GET /.well-known/jwks.json', 'GET /roles', 'POST /login', 'POST /logout', 'POST /refresh',
      'POST /session', 'POST /session/logout', 'POST /session/refresh'
    ])
  })

  // Every user may end their own sessions (log out everywhere): that deletes no record of the agency.
  const ownSessions = (policy: { url: string }) => policy.url === '/me/sessions'

  it('leaves every delete to admins, but ending one\'s own sessions', () => {
    expect(rolesOf('DELETE', '/me/sessions')).toEqual([...ROLES].sort())
    const deletes = POLICY.filter((policy) => policy.method === 'DELETE' && !ownSessions(policy))
    expect(deletes.length).toBeGreaterThan(0)
    for (const policy of deletes) expect(rolesOf(policy.method, policy.url), policy.url).toEqual(['admin'])
  })

  it('follows the role table of the architecture', () => {
    expect(rolesOf('GET', '/clients')).toEqual([...ROLES].sort())
    expect(rolesOf('POST', '/clients')).toEqual(['admin', 'agent'])
    expect(rolesOf('PATCH', '/trips/:id')).toEqual(['admin', 'agent'])
    expect(rolesOf('POST', '/payments')).toEqual(['admin', 'agent'])
    expect(rolesOf('GET', '/users')).toEqual(['admin'])
    expect(rolesOf('GET', '/me')).toEqual([...ROLES].sort())
    expect(rolesOf('GET', '/clients/:id/details')).toEqual([...ROLES].sort())
    expect(rolesOf('GET', '/clients/export')).toEqual(['admin', 'analyst'])
    // The summary's balances are on every dashboard; its export and the revenue reports are for report readers.
    expect(rolesOf('GET', '/reports/invoice-summary')).toEqual([...ROLES].sort())
    expect(rolesOf('GET', '/reports/invoice-summary/export')).toEqual(['admin', 'analyst'])
    for (const report of ['monthly-revenue', 'revenue-by-client', 'unpaid-invoices']) {
      expect(rolesOf('GET', `/reports/${report}`)).toEqual(['admin', 'analyst'])
      expect(rolesOf('GET', `/reports/${report}/export`)).toEqual(['admin', 'analyst'])
    }
    expect(findPolicy('POST', '/register')?.access).toEqual({ roles: ['admin'], anonymousWhileNoUsers: true })
  })

  it('never lets an analyst write, but their own password', () => {
    for (const policy of POLICY) {
      if (policy.method === 'GET' || 'public' in policy.access || policy.url === '/me/password' || ownSessions(policy)) continue
      expect(policy.access.roles, `${policy.method} ${policy.url}`).not.toContain('analyst')
    }
  })

  it('finds a route by exact method and pattern only', () => {
    expect(findPolicy('GET', '/clients/:id')?.service).toBe('crm')
    expect(findPolicy('GET', '/clients/7')).toBeUndefined()
    expect(findPolicy('PUT', '/clients/:id')).toBeUndefined()
    expect(findPolicy('get', '/clients')).toBeUndefined()
  })
})
