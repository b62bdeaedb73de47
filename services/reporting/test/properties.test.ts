import { beforeAll, describe, expect, it } from 'vitest'
import { policiesOf } from '@travel-crm/contracts'
import { assertBadInputRefusedCleanly, injectedInto, schemaFingerprint } from '@travel-crm/testkit'
import { aClient, aNote, aPayment, aTrip, anInvoice } from './support/records.js'
import { reportingUnderTest } from './support/reporting.js'

const routes = policiesOf('reporting')

describe('reporting refuses bad input cleanly', () => {
  const reporting = reportingUnderTest()
  let storedRows: () => Promise<Record<string, string>>

  beforeAll(async () => {
    for (let made = 0; made < 3; made++) {
      const client = aClient({ id: made + 1, name: made === 0 ? '=HYPERLINK("http://evil.example")' : `Client ${made + 1}` })
      const trip = aTrip(client)
      const invoice = anInvoice(trip)
      await reporting.publish('crm.client.created', client)
      await reporting.publish('crm.note.created', aNote(client))
      await reporting.publish('crm.trip.created', trip)
      await reporting.publish('billing.invoice.created', invoice)
      await reporting.publish('billing.payment.recorded', aPayment(invoice))
    }
    await reporting.settled()
    storedRows = schemaFingerprint(async (sql) => await reporting.app.orm.em.fork().execute(sql), { countOnly: ['inbox'] })
  })

  it('generates requests from the schemas of exactly the routes the policy table gives reporting', () => {
    expect(reporting.app.servedRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(routes.map((route) => `${route.method} ${route.url}`).sort())
  })

  it.each(routes.map((policy) => [`${policy.method} ${policy.url}`, policy] as const))('%s', async (_name, policy) => {
    const route = reporting.app.servedRoutes.find((served) => served.method === policy.method && served.url === policy.url)
    expect(route).toBeDefined()
    const authorization = `Bearer ${reporting.issuer.token('admin')}`
    await assertBadInputRefusedCleanly({
      route: route ?? policy,
      request: { headers: { authorization } },
      send: injectedInto(reporting.app),
      fingerprint: storedRows,
      numRuns: 40,
      seed: 20261126
    })
  })
})
