import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { policiesOf } from '@travel-crm/contracts'
import { assertBadInputRefusedCleanly, injectedInto, schemaFingerprint } from '@travel-crm/testkit'
import { bearer, startAuth, type AuthUnderTest } from './auth-app.js'

// Deletes last, so that the other routes meet the users made at the start.
const routes = [...policiesOf('auth')].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))

describe('auth refuses bad input cleanly', () => {
  let auth: AuthUnderTest
  let authorization: Record<string, string>
  let storedRows: () => Promise<Record<string, string>>

  beforeAll(async () => {
    auth = await startAuth()
    authorization = bearer(await auth.tokenOf(auth.admin.username, auth.admin.password))
    for (const username of ['lena', 'luis', 'lars']) await auth.aUser({ username })
    // A failed login is written down on purpose (it throttles password guessing): the one write a refusal makes.
    storedRows = schemaFingerprint(async (sql) => await auth.app.orm.em.fork().execute(sql), { skip: ['login_failure'] })
  })

  afterAll(async () => {
    await auth?.close()
  })

  it('generates requests from the schemas of exactly the routes the policy table gives auth', () => {
    expect(auth.app.servedRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(routes.map((route) => `${route.method} ${route.url}`).sort())
  })

  it.each(routes.map((policy) => [`${policy.method} ${policy.url}`, policy] as const))('%s', async (_name, policy) => {
    const route = auth.app.servedRoutes.find((served) => served.method === policy.method && served.url === policy.url)
    expect(route).toBeDefined()
    await assertBadInputRefusedCleanly({
      route: route ?? policy,
      // Never user 1, the bootstrap admin whose token makes the requests: disabling it would end the test early.
      request: { headers: authorization, ids: fc.oneof(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 2147483647 })) },
      send: injectedInto(auth.app),
      fingerprint: storedRows,
      numRuns: 40,
      seed: 20261126
    })
  })
})
