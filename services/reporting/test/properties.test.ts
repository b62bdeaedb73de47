import { beforeAll, describe } from 'vitest'
import { itRefusesBadInputOnEveryRoute, schemaFingerprint } from '@travel-crm/testkit'
import { aClient, aNote, aPayment, aTrip, anInvoice } from './support/records.js'
import { reportingUnderTest } from './support/reporting.js'

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

  itRefusesBadInputOnEveryRoute('reporting', () => ({ app: reporting.app, request: { headers: { authorization: `Bearer ${reporting.issuer.token('admin')}` } }, fingerprint: storedRows }), { seed: 20261126 })
})
