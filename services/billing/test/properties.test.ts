import { afterAll, beforeAll, describe } from 'vitest'
import { itRefusesBadInputOnEveryRoute, schemaFingerprint } from '@travel-crm/testkit'
import { startBilling, type Billing } from './harness.js'

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

  itRefusesBadInputOnEveryRoute('billing', () => ({ app: billing.app, request: { headers: { authorization } }, fingerprint: storedRows }), { seed: 20261126 })
})
