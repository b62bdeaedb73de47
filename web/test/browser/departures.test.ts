import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { expectAccessible, screenshot, settingUp, signIn, startWorld, type World } from './harness.js'

/** The days from today (UTC) as `YYYY-MM-DD`: the report's window moves with the calendar. */
function inDays (days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Trips leaving soon in the browser: what the client still owes, the bookings a supplier has not confirmed
 * and the travellers whose passport needs a look, for an analyst on the Reports screen.
 */
describe('departures, in the browser', () => {
  let world: World
  let analyst: Page

  beforeAll(async () => {
    world = await startWorld()
    const { created } = settingUp(await world.asPerson(world.agent))
    const supplierId = await created('/suppliers', { name: 'Hotel Bairro Alto', kind: 'hotel', default_commission_rate: '10.00' })
    const clientId = await created('/clients', { name: 'Marta Viagens', email: 'marta.viagens@example.com', phone: '+351 21 555 0199' })
    const tripId = await created('/trips', { client_id: clientId, destination: 'Madeira', start_date: inDays(5), end_date: inDays(12), price: '1000.00' })
    // Later than the default window of 30 days: listed only when the reader looks further ahead.
    await created('/trips', { client_id: clientId, destination: 'Azores', start_date: inDays(40), end_date: inDays(45), price: '800.00' })
    await created(`/trips/${tripId}/travellers`, { first_name: 'Marta', last_name: 'Viagens', passport_number: 'PT1234567', passport_expiry: inDays(100), lead: true })
    await created(`/trips/${tripId}/travellers`, { first_name: 'Tiago', last_name: 'Viagens' })
    await created(`/trips/${tripId}/bookings`, { supplier_id: supplierId, description: 'Seven nights, sea view', start_date: inDays(5), cost: '600.00', sell_price: '800.00' })
    await created('/invoices', { trip_id: tripId, issue_date: inDays(0), due_date: inDays(3), amount: '400.00' })
    // Reporting hears of all of it through the events: wait until the report has the trip with its invoice.
    const asAnalyst = await world.asPerson(world.analyst)
    await eventually(async () => {
      const report = await (await asAnalyst('GET', '/reports/departures')).json() as Array<{ trip_id: number, balance: unknown[], travellers: number }>
      expect(report.find((row) => row.trip_id === tripId)).toMatchObject({ balance: [{ currency: 'EUR', open: '400.00' }], travellers: 2 })
    })
  })

  afterAll(async () => { await world?.close() })

  it('lists the trips leaving soon with their open balance, bookings to confirm and passport warnings', async () => {
    analyst = await signIn(world, world.analyst)
    await analyst.getByRole('link', { name: 'Reports' }).click()
    await analyst.getByRole('tab', { name: 'Departures' }).click()
    const table = analyst.getByRole('table', { name: 'Departures' })
    const madeira = table.getByRole('row', { name: /Madeira/ })
    await expect.poll(async () => await madeira.textContent()).toContain('Marta Viagens')
    const text = await madeira.textContent() ?? ''
    expect(text).toContain('€400.00')
    expect(text).toContain('€600.00')
    expect(text).toContain('Hotel Bairro Alto: Seven nights, sea view')
    expect(text).toContain('Marta Viagens: passport expires too soon')
    expect(text).toContain('Tiago Viagens: no passport yet')
    expect(await table.getByRole('row', { name: /Azores/ }).count()).toBe(0)
    await expectAccessible(analyst, 'departures')
    await screenshot(analyst, 'departures')

    await analyst.getByLabel('Days ahead').fill('60')
    await expect.poll(async () => await table.getByRole('row', { name: /Azores/ }).count()).toBe(1)
  })
})
