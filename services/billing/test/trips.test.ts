import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startBilling, type Billing } from './harness.js'

const POOL = 2

let billing: Billing
beforeAll(async () => { billing = await startBilling({ DB_POOL_MAX: String(POOL), CRM_QUERY_TIMEOUT_MS: '2000' }) })
afterAll(async () => { await billing?.close() })

describe('a trip billing has not heard of', () => {
  it('is asked of crm without holding a database connection: other requests go on while crm answers', async () => {
    const trips = Array.from({ length: POOL }, () => billing.crm.aTrip())
    let asked = 0
    const listedMeanwhile: number[] = []
    billing.crm.beforeAnswering = async () => {
      asked += 1
      // Every invoice is waiting for crm before crm needs billing for something else: a question asked inside
      // the invoices' transactions would have taken the whole pool, and this list would wait for crm's timeout.
      await vi.waitFor(() => { expect(asked).toBe(POOL) }, { timeout: 1000, interval: 5 })
      const listed = await billing.app.inject({ method: 'GET', url: '/invoices?limit=1', headers: billing.as('analyst') })
      listedMeanwhile.push(listed.statusCode)
    }
    try {
      const issued = await Promise.all(trips.map(async (trip) => await billing.app.inject({
        method: 'POST', url: '/invoices', headers: billing.as('agent'), payload: { trip_id: trip.id, amount: '100.00', due_date: '2035-12-31' }
      })))
      expect(issued.map((response) => response.statusCode)).toEqual(trips.map(() => 201))
      expect(listedMeanwhile).toEqual(trips.map(() => 200))
    } finally {
      billing.crm.beforeAnswering = undefined
    }
  })
})
