import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { expectAccessible, screenshot, settingUp, signIn, startWorld, type World } from './harness.js'

/**
 * The pipeline report in the browser: an analyst reads where the trips stand and how many of this month's
 * inquiries were booked, downloads it, and is told when the period ends before it begins.
 */
describe('the pipeline report, in the browser', () => {
  let world: World

  beforeAll(async () => {
    world = await startWorld()
    const { created, changed } = settingUp(await world.asPerson(world.agent))
    const clientId = await created('/clients', { name: 'Pia Pipeline', email: 'pia.pipeline@example.com', phone: '+46 8 555 0100' })
    const trip = async (destination: string, price: string, status: string) =>
      await created('/trips', { client_id: clientId, destination, start_date: '2031-05-01', end_date: '2031-05-08', price, status })
    // Three inquiries this month: one booked, one lost, one still open.
    await changed(`/trips/${await trip('Lisbon', '1000.00', 'inquiry')}`, { status: 'booked' })
    await changed(`/trips/${await trip('Porto', '500.00', 'quoted')}`, { status: 'cancelled' })
    await trip('Madeira', '300.00', 'inquiry')
    const asAdmin = await world.asPerson(world.admin)
    await eventually(async () => {
      const report = await (await asAdmin('GET', '/reports/pipeline')).json() as { statuses: Array<{ trips: number }> }
      expect(report.statuses.map((row) => row.trips)).toEqual([1, 0, 1, 0, 1])
    })
  })

  afterAll(async () => { await world?.close() })

  it('shows trips and their value per status, and the month\'s conversion, and downloads them', async () => {
    const analyst = await signIn(world, world.analyst)
    await analyst.getByRole('link', { name: 'Reports' }).click()
    await analyst.getByRole('tab', { name: 'Pipeline' }).click()
    const statuses = analyst.getByRole('table', { name: 'Trips per status' })
    await expect.poll(async () => await statuses.getByRole('row', { name: /Booked/ }).textContent()).toBe('Booked1€1,000.00')
    expect(await statuses.getByRole('row', { name: /Quoted/ }).textContent()).toBe('Quoted0')
    const month = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date())
    // Inquiries, booked, lost, open, conversion.
    expect(await analyst.getByRole('table', { name: 'Inquiries per month' }).getByRole('row', { name: new RegExp(month) }).textContent())
      .toBe(`${month}311133.33%`)
    await expectAccessible(analyst, 'pipeline report')
    await screenshot(analyst, 'pipeline-report')

    const [download] = await Promise.all([analyst.waitForEvent('download'), analyst.getByRole('button', { name: 'Download CSV' }).click()])
    expect(download.suggestedFilename()).toBe('pipeline.csv')
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n')
    expect(csv[0]).toBe('month,status,currency,trips,value,inquiries')
    expect(csv).toContain(`${new Date().toISOString().slice(0, 7)},booked,EUR,1,1000.00,1`)

    await analyst.getByLabel('From').fill('2031-01-02')
    await analyst.getByLabel('To').fill('2031-01-01')
    await expect.poll(async () => await analyst.getByRole('alert').first().textContent()).toContain('2031-01-02 is after')
  })
})
