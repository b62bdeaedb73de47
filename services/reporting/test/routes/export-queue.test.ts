import { beforeAll, describe, expect, it } from 'vitest'
import { publishPaidTrip, reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()
const PULLS = 10

describe('CSV exports under concurrent pulls', () => {
  let base: string
  let firstClient: number

  beforeAll(async () => {
    for (let n = 0; n < 12; n += 1) {
      const client = await publishPaidTrip(reporting, { price: '1500.00', dueDate: n % 2 === 0 ? '2031-06-01' : '2031-07-01', amount: '250.00' })
      firstClient ||= client.id
    }
    await reporting.settled()
    base = await reporting.app.listen({ host: '127.0.0.1', port: 0 })
  })

  async function pull (path: string): Promise<{ status: number, body: string }> {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${reporting.issuer.token('admin')}` } })
    return { status: response.status, body: await response.text() }
  }

  const exports = [
    '/reports/invoice-summary/export',
    '/reports/monthly-revenue/export',
    '/reports/revenue-by-client/export',
    '/reports/unpaid-invoices/export',
    '/clients/export',
    () => `/clients/${firstClient}/details/export`
  ]

  // One user, ten at once: twice their share of the streams, so most of them wait their turn in the queue.
  it.each(exports.map((path) => [typeof path === 'string' ? path : '/clients/:id/details/export', path]))(
    `serves ${PULLS} concurrent pulls of %s by one user, each whole`, async (_name, path) => {
      const url = typeof path === 'string' ? path : path()
      const alone = await pull(url)
      expect(alone.status).toBe(200)
      expect(alone.body.split('\n').length).toBeGreaterThan(1)
      const together = await Promise.all(Array.from({ length: PULLS }, async () => await pull(url)))
      expect(together.map((each) => each.status)).toEqual(together.map(() => 200))
      for (const each of together) expect(each.body).toBe(alone.body)
    })
})
