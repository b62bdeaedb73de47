import { describe, expect, it } from 'vitest'
import { buildEnvelope } from '@travel-crm/service-kit/messaging'
// The bench loads its million-payment history with reporting's own projections in bulk (bench/src/loading):
// held here to what the consumer makes of the same events, so that a change to the projections' statements
// cannot leave the bench loading something else, or nothing.
import { agencyHistory, historySize } from '../../../bench/src/loading/agency-history.js'
import { loadIntoReporting } from '../../../bench/src/loading/reporting-bulk.js'
import { reportingUnderTest } from './support/reporting.js'

const ACTOR = 1

const REPORTS = [
  '/reports/invoice-summary', '/reports/monthly-revenue', '/reports/revenue-by-client', '/reports/unpaid-invoices',
  '/reports/trip-margins', '/reports/commissions', '/reports/departures', '/reports/pipeline'
]

describe('the bench\'s bulk load of history', () => {
  const bulk = reportingUnderTest()
  const consumed = reportingUnderTest()

  it('leaves every report as reporting\'s consumer leaves it after the same events', async () => {
    // The smallest history: 10 clients with their trips, travellers, bookings, commissions, invoices and payments.
    const size = historySize(0)
    const applied = await loadIntoReporting(bulk.environment.databaseUrl, agencyHistory(size, ACTOR), ACTOR)
    let published = 0
    for (const draft of agencyHistory(size, ACTOR)) {
      const envelope = buildEnvelope(draft.subject.split('.')[0] as string, draft, { actorId: String(ACTOR) })
      await consumed.publish(draft.subject, draft.data as { id: number }, envelope)
      published += 1
    }
    expect(applied).toBe(published)
    await consumed.settled(60_000)

    for (const url of REPORTS) {
      const [fromBulk, fromConsumer] = [await bulk.get(url), await consumed.get(url)]
      expect(fromConsumer.statusCode, url).toBe(200)
      expect(fromBulk.statusCode, url).toBe(200)
      expect(fromBulk.json(), url).toEqual(fromConsumer.json())
    }
    // Not a comparison of empty reports.
    expect((await bulk.get('/reports/revenue-by-client')).json()).toHaveLength(size.clients)
  })
})
