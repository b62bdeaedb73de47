import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { policiesOf } from '@travel-crm/contracts'
import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import { assertBadInputRefusedCleanly, injectedInto, createServiceEnvironment, schemaFingerprint, startTokenIssuer, type ServiceEnvironment, type TokenIssuer } from '@travel-crm/testkit'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { aClient, aTrip } from './fixtures.js'

// Deletes last, so that the other routes meet the records made at the start.
const routes = [...policiesOf('crm')].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))

describe('crm refuses bad input cleanly', () => {
  let environment: ServiceEnvironment
  let issuer: TokenIssuer
  let app: ServiceApp
  let authorization: string
  let storedRows: () => Promise<Record<string, string>>

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    environment = await createServiceEnvironment({ AUTH_URL: issuer.url })
    app = await buildApp(loadConfig(environment.env))
    await app.ready()
    storedRows = schemaFingerprint(async (sql) => await app.orm.em.fork().execute(sql))
    authorization = `Bearer ${issuer.token('admin')}`
    for (let made = 0; made < 3; made++) {
      const client = await app.inject({ method: 'POST', url: '/clients', headers: { authorization }, payload: aClient() })
      const { id } = client.json<{ id: number }>()
      await app.inject({ method: 'POST', url: '/trips', headers: { authorization }, payload: aTrip(id) })
      await app.inject({ method: 'POST', url: `/clients/${id}/notes`, headers: { authorization }, payload: { note: 'Prefers trains' } })
    }
  })

  afterAll(async () => {
    await app?.close()
    await issuer?.close()
    await environment?.cleanup()
  })

  it('generates requests from the schemas of exactly the routes the policy table gives crm', () => {
    expect(app.servedRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(routes.map((route) => `${route.method} ${route.url}`).sort())
  })

  it.each(routes.map((policy) => [`${policy.method} ${policy.url}`, policy] as const))('%s', async (_name, policy) => {
    const route = app.servedRoutes.find((served) => served.method === policy.method && served.url === policy.url)
    expect(route).toBeDefined()
    await assertBadInputRefusedCleanly({
      route: route ?? policy,
      request: { headers: { authorization } },
      send: injectedInto(app),
      fingerprint: storedRows,
      numRuns: 50,
      seed: 20261126
    })
  })
})
