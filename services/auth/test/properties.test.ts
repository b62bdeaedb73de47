import fc from 'fast-check'
import { afterAll, beforeAll, describe } from 'vitest'
import { itRefusesBadInputOnEveryRoute, schemaFingerprint } from '@travel-crm/testkit'
import { bearer, startAuth, type AuthUnderTest } from './auth-app.js'

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

  itRefusesBadInputOnEveryRoute('auth', () => ({ app: auth.app, request: { headers: authorization, ids: fc.oneof(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 2147483647 })) }, fingerprint: storedRows }), { seed: 20261126 })
})
