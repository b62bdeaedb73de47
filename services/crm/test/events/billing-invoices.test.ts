import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Trip } from '@travel-crm/contracts'
import { tripHasInvoices } from '../../src/events/billing-invoices.js'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aClient, aTrip } from '../fixtures.js'

let crm: CrmUnderTest
beforeAll(async () => { crm = await startCrm() })
afterAll(async () => { await crm?.close() })

/** Publishes an invoice event on the test's stream, as billing's relay would. */
async function billingSays (subject: 'billing.invoice.created' | 'billing.invoice.deleted', invoiceId: number, tripId: number): Promise<void> {
  const now = new Date().toISOString()
  await crm.app.bus.js.publish(crm.app.bus.subject(subject), JSON.stringify({
    specversion: '1.0', id: randomUUID(), source: 'travel-crm/billing', type: subject, time: now, subject: `invoice/${invoiceId}`, datacontenttype: 'application/json',
    data: { id: invoiceId, trip_id: tripId, client_id: 1, issue_date: '2027-01-01', due_date: '2027-02-01', amount: '10.00', paid_amount: '0.00', currency: 'EUR', status: 'Pending', created_at: now, updated_at: now, created_by: 1, updated_by: 1, version: 1 }
  }))
}

/** Generous: the consumer follows the stream a moment after the app is ready, later on a busy machine. */
async function eventually (check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!await check()) {
    if (Date.now() > deadline) throw new Error('gave up waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('a trip\'s currency once billing has invoiced it', () => {
  it('can change before the first invoice, not while invoices exist (409), and again once they are deleted', async () => {
    const client = (await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })).json<{ id: number }>()
    const trip = (await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id) })).json<Trip>()
    const patch = async (payload: object) => await crm.app.inject({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload })
    expect((await patch({ currency: 'GBP' })).statusCode).toBe(200)

    // Waits for crm to have heard of the invoice without asking through a PATCH: one that came too early would
    // change the currency, and every later try would then "set" the currency the trip already has.
    const heard = async () => await tripHasInvoices(crm.app.orm.em.fork(), trip.id)
    await billingSays('billing.invoice.created', 9001, trip.id)
    await eventually(heard)
    expect((await patch({ currency: 'USD' })).statusCode).toBe(409)
    await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { currency: 'EUR', price: '99.00' } }, 409, 'CRM_TRIP_CURRENCY_LOCKED')
    // Everything else about the trip may still change, and so may the currency it already has be "set" again.
    expect((await patch({ price: '1300.00', currency: 'GBP' })).statusCode).toBe(200)

    await billingSays('billing.invoice.deleted', 9001, trip.id)
    await eventually(async () => !await heard())
    expect((await patch({ currency: 'USD' })).statusCode).toBe(200)
  })

  it('takes only ISO 4217 codes', async () => {
    const client = (await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })).json<{ id: number }>()
    for (const currency of ['ZZZ', 'XYZ', 'EURO', 'eur']) {
      const response = await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id, { currency }) })
      expect(response.statusCode, currency).toBe(400)
      expect(response.json().code).toBe('VALIDATION_FAILED')
    }
    expect((await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id, { currency: 'JPY' }) })).statusCode).toBe(201)
  })
})
