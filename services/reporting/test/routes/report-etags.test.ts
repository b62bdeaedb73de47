import { describe, expect, it } from 'vitest'
import { aBooking, aClient, aCommission, aPayment, aTrip, anInvoice, changed } from '../support/records.js'
import { TODAY, reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

async function getReport (url: string, ifNoneMatch?: string) {
  return await reporting.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${reporting.issuer.token('analyst')}`, ...ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch } }
  })
}

/**
 * The reports' ETags now, 304 to each while nothing moves and the same body without it; then, once `move` ran,
 * a new ETag for each (and 304 to that one). Gives each report's bodies before and after.
 */
async function tagsMovedBy<Name extends string> (urls: Record<Name, string>, move: () => Promise<void>): Promise<Record<Name, { before: string, after: string }>> {
  const firsts = new Map<Name, { tag: string, body: string }>()
  for (const [name, url] of Object.entries(urls) as Array<[Name, string]>) {
    const first = await getReport(url)
    expect(first.statusCode, first.body).toBe(200)
    const tag = first.headers.etag as string
    expect(tag).toMatch(new RegExp(`^"\\d+-${TODAY}"$`))
    expect((await getReport(url, tag)).statusCode, url).toBe(304)
    expect((await getReport(url)).body, url).toBe(first.body)
    firsts.set(name, { tag, body: first.body })
  }
  await move()
  await reporting.settled()
  const bodies = {} as Record<Name, { before: string, after: string }>
  for (const [name, { tag, body }] of firsts) {
    const url = urls[name]
    const moved = await getReport(url, tag)
    expect(moved.statusCode, url).toBe(200)
    expect(moved.headers.etag, url).not.toBe(tag)
    expect((await getReport(url, moved.headers.etag as string)).statusCode, url).toBe(304)
    bodies[name] = { before: body, after: moved.body }
  }
  return bodies
}

interface Revenue { client_id: number, currency: string, total_revenue: string }

describe('report ETags', () => {
  it('answers 304 to the ETag it gave while the read models stand, and a new body and ETag once an event moved them', async () => {
    const client = aClient()
    const trip = aTrip(client, { currency: 'DKK', price: '500.00' })
    const invoice = anInvoice(trip, { amount: '500.00', currency: 'DKK' })
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('billing.invoice.created', invoice)
    await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: '120.00' }))
    await reporting.settled()

    const first = await getReport('/reports/revenue-by-client')
    expect(first.statusCode).toBe(200)
    const tag = first.headers.etag
    expect(tag).toMatch(new RegExp(`^"\\d+-${TODAY}"$`))
    expect(first.headers['cache-control']).toBe('private, no-cache')
    expect(first.json<Revenue[]>().filter((row) => row.client_id === client.id).map((row) => row.total_revenue)).toEqual(['120.00'])

    for (const header of [tag as string, `W/${tag as string}`, `"0-2000-01-01", ${tag as string}`, '*']) {
      const again = await getReport('/reports/revenue-by-client', header)
      expect(again.statusCode, header).toBe(304)
      expect(again.body, header).toBe('')
      expect(again.headers.etag, header).toBe(tag)
    }
    // Without the header, the body kept for the tag: the same bytes.
    const kept = await getReport('/reports/revenue-by-client')
    expect(kept.statusCode).toBe(200)
    expect(kept.body).toBe(first.body)
    expect(kept.headers.etag).toBe(tag)

    await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: '30.50' }))
    await reporting.settled()
    const moved = await getReport('/reports/revenue-by-client', tag as string)
    expect(moved.statusCode).toBe(200)
    expect(moved.headers.etag).not.toBe(tag)
    expect(moved.json<Revenue[]>().filter((row) => row.client_id === client.id).map((row) => row.total_revenue)).toEqual(['150.50'])
    expect((await getReport('/reports/revenue-by-client', moved.headers.etag as string)).statusCode).toBe(304)
  })

  it('keeps a body per query: two filters of the same report at the same tag give their own bodies', async () => {
    const client = aClient()
    const rome = aTrip(client, { destination: 'Rome', currency: 'EUR', price: '80.00' })
    const oslo = aTrip(client, { destination: 'Oslo', currency: 'EUR', price: '90.00' })
    await reporting.publish('crm.client.created', client)
    for (const trip of [rome, oslo]) {
      await reporting.publish('crm.trip.created', trip)
      const invoice = anInvoice(trip, { amount: trip.price, currency: 'EUR', issue_date: '2029-03-03' })
      await reporting.publish('billing.invoice.created', invoice)
      await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: trip.price, payment_date: '2029-03-04' }))
    }
    await reporting.settled()

    const romeOnly = await getReport('/reports/monthly-revenue?year=2029&destination=rom')
    const osloOnly = await getReport('/reports/monthly-revenue?year=2029&destination=osl')
    expect(romeOnly.headers.etag).toBe(osloOnly.headers.etag)
    expect(romeOnly.json<Array<{ destination: string }>>().map((row) => row.destination)).toEqual(['Rome'])
    expect(osloOnly.json<Array<{ destination: string }>>().map((row) => row.destination)).toEqual(['Oslo'])
    expect((await getReport('/reports/monthly-revenue?year=2029&destination=rom')).body).toBe(romeOnly.body)
  })

  it('gives the invoice summary an ETag of the day it is judged on', async () => {
    const response = await getReport('/reports/invoice-summary')
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toMatch(new RegExp(`-${TODAY}"$`))
    expect((await getReport('/reports/invoice-summary', response.headers.etag as string)).statusCode).toBe(304)
  })

  it('gives trip margins a new ETag and body once a booking event moved them', async () => {
    const trip = aTrip(aClient(), { destination: 'Tallinn', start_date: '2033-02-01', end_date: '2033-02-05', currency: 'EUR' })
    const hotel = aBooking(trip, { currency: 'EUR', cost: '70.00', sell_price: '100.00', commission: '5.00' })
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('crm.booking.created', hotel)
    await reporting.settled()
    const { perTrip, perDestination } = await tagsMovedBy({ perTrip: '/reports/trip-margins', perDestination: '/reports/trip-margins?group_by=destination' }, async () => {
      await reporting.publish('crm.booking.updated', changed(hotel, { sell_price: '120.00' }))
    })
    const sells = (body: string, key: 'trip_id' | 'destination', value: number | string) =>
      (JSON.parse(body) as Array<Record<string, unknown>>).filter((row) => row[key] === value).map((row) => row['sell'])
    expect(sells(perTrip.before, 'trip_id', trip.id)).toEqual(['100.00'])
    expect(sells(perTrip.after, 'trip_id', trip.id)).toEqual(['120.00'])
    expect(perDestination.after).not.toBe(perDestination.before)
  })

  it('gives the commissions report a new ETag and body once a commission event moved it', async () => {
    const booking = aBooking(aTrip(aClient()), { supplier_id: 4711, currency: 'EUR' })
    const commission = aCommission(booking, { expected: '40.00', due_date: '2033-01-10' })
    await reporting.publish('billing.commission.updated', commission)
    await reporting.settled()
    const expected = (body: string) => (JSON.parse(body) as Array<{ supplier_id: number | null, expected: string }>)
      .filter((row) => row.supplier_id === 4711).map((row) => row.expected)
    const { perSupplier: { before, after } } = await tagsMovedBy({ perSupplier: '/reports/commissions' }, async () => {
      await reporting.publish('billing.commission.updated', changed(commission, { expected: '45.50' }))
    })
    expect(expected(before)).toEqual(['40.00'])
    expect(expected(after)).toEqual(['45.50'])
  })
})
