import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { policiesOf } from '@travel-crm/contracts'
import { assertBadInputRefusedCleanly, injectedInto, schemaFingerprint } from '@travel-crm/testkit'
import { startBilling, type Billing } from './harness.js'

// Deletes last, so that the other routes meet the records made at the start.
const routes = [...policiesOf('billing')].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))

describe('billing refuses bad input cleanly', () => {
  let billing: Billing
  let authorization: string
  let storedRows: () => Promise<Record<string, string>>

  beforeAll(async () => {
    billing = await startBilling()
    storedRows = schemaFingerprint(async (sql) => await billing.app.orm.em.fork().execute(sql))
    authorization = `Bearer ${billing.issuer.token('admin')}`
    for (let made = 0; made < 3; made++) {
      const invoice = await billing.anInvoice({ amount: '500.00' })
      await billing.aPayment(invoice.id, '100.00')
    }
    // Trips crm knows and billing has not heard of yet: generated invoices for them get as far as they can.
    for (let made = 0; made < 3; made++) billing.crm.aTrip()
  })

  afterAll(async () => {
    await billing?.close()
  })

  it('generates requests from the schemas of exactly the routes the policy table gives billing', () => {
    expect(billing.app.servedRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(routes.map((route) => `${route.method} ${route.url}`).sort())
  })

  it.each(routes.map((policy) => [`${policy.method} ${policy.url}`, policy] as const))('%s', async (_name, policy) => {
    const route = billing.app.servedRoutes.find((served) => served.method === policy.method && served.url === policy.url)
    expect(route).toBeDefined()
    await assertBadInputRefusedCleanly({
      route: route ?? policy,
      request: { headers: { authorization } },
      send: injectedInto(billing.app),
      fingerprint: storedRows,
      numRuns: 40,
      seed: 20261126
    })
  })
})
