import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IdParams } from '@travel-crm/contracts'
import { startTokenIssuer, type TokenIssuer } from '@travel-crm/testkit'
import { createAccessTokenVerifier, createHttpApp, enforcePolicy, remoteKeyResolver, type HttpApp, type TokenVerifier } from '../src/http/index.js'

function bearer (token: string) {
  return { authorization: `Bearer ${token}` }
}

describe('enforcePolicy', () => {
  let issuer: TokenIssuer
  let verify: TokenVerifier
  let crm: HttpApp
  let auth: HttpApp

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    verify = createAccessTokenVerifier({ keys: remoteKeyResolver(`${issuer.url}/.well-known/jwks.json`), issuer: issuer.issuer, audience: issuer.audience })

    // Apps of the kit alone, with routes the policy table lists, to see the guard it puts in front of them.
    crm = createHttpApp({ service: 'crm', logLevel: 'silent' })
    enforcePolicy(crm, 'crm', verify)
    crm.get('/clients/:id', { schema: { params: IdParams } }, async (request) => ({ id: request.params.id, actor: request.actor }))
    crm.delete('/clients/:id', { schema: { params: IdParams } }, async (_request, reply) => await reply.code(204).send())
    await crm.ready()

    auth = createHttpApp({ service: 'auth', logLevel: 'silent' })
    enforcePolicy(auth, 'auth', verify)
    auth.get('/roles', async () => ['admin', 'agent', 'analyst'])
    auth.post('/register', async (request) => ({ actor: request.actor ?? null }))
    await auth.ready()
  })

  afterAll(async () => {
    await crm?.close()
    await auth?.close()
    await issuer?.close()
  })

  it('asks for a token before it looks at the request', async () => {
    const response = await crm.inject({ method: 'GET', url: '/clients/not-a-number' })
    expect(response.statusCode).toBe(401)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it('refuses an Authorization header that is not a Bearer token', async () => {
    const response = await crm.inject({ method: 'GET', url: '/clients/7', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })
    expect(response.statusCode).toBe(401)
    expect(response.json().detail).toContain('Bearer')
  })

  it('refuses an invalid token', async () => {
    expect((await crm.inject({ method: 'GET', url: '/clients/7', headers: bearer('abc.def.ghi') })).statusCode).toBe(401)
  })

  it('forbids a role the policy does not list, naming the action', async () => {
    const response = await crm.inject({ method: 'DELETE', url: '/clients/7', headers: bearer(issuer.token('analyst')) })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toMatchObject({ code: 'FORBIDDEN', detail: 'Your role may not DELETE /clients/:id' })
  })

  it('validates the request only for a caller who may make it', async () => {
    const response = await crm.inject({ method: 'GET', url: '/clients/not-a-number', headers: bearer(issuer.token('analyst')) })
    expect(response.statusCode).toBe(400)
  })

  it('lets an allowed role through with the actor on the request', async () => {
    const response = await crm.inject({ method: 'GET', url: '/clients/7', headers: bearer(issuer.token('agent', { userId: 5, username: 'maria' })) })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ id: 7, actor: { id: 5, username: 'maria', role: 'agent' } })
    expect((await crm.inject({ method: 'DELETE', url: '/clients/7', headers: bearer(issuer.token('admin')) })).statusCode).toBe(204)
  })

  it('guards HEAD as the GET it mirrors', async () => {
    expect((await crm.inject({ method: 'HEAD', url: '/clients/7' })).statusCode).toBe(401)
    expect((await crm.inject({ method: 'HEAD', url: '/clients/7', headers: bearer(issuer.token('analyst')) })).statusCode).toBe(200)
  })

  it('leaves public routes open', async () => {
    expect((await auth.inject({ method: 'GET', url: '/roles' })).statusCode).toBe(200)
  })

  it('lets an anonymous caller reach a first-user route, but still checks a token that is sent', async () => {
    const anonymous = await auth.inject({ method: 'POST', url: '/register', payload: {} })
    expect(anonymous.statusCode).toBe(200)
    expect(anonymous.json()).toEqual({ actor: null })
    expect((await auth.inject({ method: 'POST', url: '/register', payload: {}, headers: bearer(issuer.token('agent')) })).statusCode).toBe(403)
    expect((await auth.inject({ method: 'POST', url: '/register', payload: {}, headers: bearer('forged.token.here') })).statusCode).toBe(401)
  })

  it.each([
    ['a route the table does not list', 'GET', '/backdoor'],
    ['another service\'s route', 'GET', '/invoices'],
    ['a listed URL with a method the table does not give', 'PUT', '/clients/:id']
  ])('refuses to register %s', async (_case, method, url) => {
    const app = createHttpApp({ service: 'crm', logLevel: 'silent' })
    enforcePolicy(app, 'crm', verify)
    try {
      expect(() => app.route({ method, url, handler: async () => 'open' })).toThrow(/not in the policy table for crm/)
    } finally {
      await app.close()
    }
  })
})
