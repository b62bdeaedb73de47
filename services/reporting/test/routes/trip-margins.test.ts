import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { TripMargins, type TripMarginRow } from '@travel-crm/contracts'
import { aBooking, aClient, aTrip, changed } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'
import { expectOnlyReportReaders, expectPdf, expectRefusedQueries } from '../support/report-checks.js'

const reporting = reportingUnderTest()

async function margins (query: string): Promise<TripMarginRow[]> {
  const response = await reporting.get(`/reports/trip-margins${query}`, 'analyst')
  expect(response.statusCode, response.body).toBe(200)
  const body = response.json<TripMarginRow[]>()
  expect(Value.Check(TripMargins, body)).toBe(true)
  return body
}

const client = aClient()
const lisbon = aTrip(client, { destination: 'Lisbon', start_date: '2032-03-10', end_date: '2032-03-17', currency: 'EUR' })
const lisbonAgain = aTrip(client, { destination: 'Lisbon', start_date: '2032-03-20', end_date: '2032-03-27', currency: 'EUR' })
const kyoto = aTrip(client, { destination: 'Kyoto', start_date: '2032-04-02', end_date: '2032-04-12', currency: 'JPY' })
const deleted = aTrip(client, { destination: 'Lisbon', start_date: '2032-03-15', end_date: '2032-03-16', currency: 'EUR' })

describe('trip margins', () => {
  it('sums the bookings not cancelled per trip, destination and month, per currency, exactly', async () => {
    await reporting.publish('crm.client.created', client)
    for (const trip of [lisbon, lisbonAgain, kyoto, deleted]) await reporting.publish('crm.trip.created', trip)
    const hotel = aBooking(lisbon, { cost: '800.10', sell_price: '1000.20', commission: '0.10' })
    const flight = aBooking(lisbon, { cost: '0.20', sell_price: '0.10', commission: '0.00', status: 'pending' })
    // A booking in another currency than the trip's stays in its own row.
    const transfer = aBooking(lisbon, { currency: 'USD', cost: '30.00', sell_price: '45.00', commission: '0.00' })
    const cancelled = aBooking(lisbon, { cost: '500.00', sell_price: '900.00', commission: '10.00' })
    const second = aBooking(lisbonAgain, { cost: '999999999.99', sell_price: '999999999.99', commission: '0.01' })
    const ryokan = aBooking(kyoto, { currency: 'JPY', cost: '150000.00', sell_price: '120000.00', commission: '5000.00' })
    const gone = aBooking(deleted)
    for (const booking of [hotel, flight, transfer, cancelled, second, ryokan, gone]) await reporting.publish('crm.booking.created', booking)
    await reporting.publish('crm.booking.updated', changed(cancelled, { status: 'cancelled' }))
    await reporting.publish('crm.booking.deleted', changed(gone, {}))
    await reporting.publish('crm.trip.deleted', changed(deleted, {}))
    await reporting.settled()

    expect(await margins('')).toEqual([
      { trip_id: lisbon.id, destination: 'Lisbon', start_date: '2032-03-10', year: null, month: null, currency: 'EUR', trips: 1, sell: '1000.30', cost: '800.30', commission: '0.10', margin: '200.10' },
      { trip_id: lisbon.id, destination: 'Lisbon', start_date: '2032-03-10', year: null, month: null, currency: 'USD', trips: 1, sell: '45.00', cost: '30.00', commission: '0.00', margin: '15.00' },
      { trip_id: lisbonAgain.id, destination: 'Lisbon', start_date: '2032-03-20', year: null, month: null, currency: 'EUR', trips: 1, sell: '999999999.99', cost: '999999999.99', commission: '0.01', margin: '0.01' },
      { trip_id: kyoto.id, destination: 'Kyoto', start_date: '2032-04-02', year: null, month: null, currency: 'JPY', trips: 1, sell: '120000.00', cost: '150000.00', commission: '5000.00', margin: '-25000.00' }
    ])
    expect((await margins('?group_by=destination')).map((row) => [row.destination, row.currency, row.trips, row.sell, row.margin])).toEqual([
      ['Kyoto', 'JPY', 1, '120000.00', '-25000.00'],
      ['Lisbon', 'EUR', 2, '1000001000.29', '200.11'],
      ['Lisbon', 'USD', 1, '45.00', '15.00']
    ])
    expect((await margins('?group_by=month')).map((row) => [row.year, row.month, row.currency, row.trips, row.cost, row.margin, row.destination])).toEqual([
      [2032, 3, 'EUR', 2, '1000000800.29', '200.11', null],
      [2032, 3, 'USD', 1, '30.00', '15.00', null],
      [2032, 4, 'JPY', 1, '150000.00', '-25000.00', null]
    ])
    // The period holds trips by their start date, both ends included.
    expect((await margins('?from=2032-03-20&to=2032-04-02')).map((row) => row.trip_id)).toEqual([lisbonAgain.id, kyoto.id])
    expect(await margins('?from=2032-03-11&to=2032-03-19')).toEqual([])
  })

  it('exports the same rows as CSV, and as a PDF', async () => {
    const csv = await reporting.get('/reports/trip-margins/export?group_by=month', 'admin')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="trip_margins_by_month.csv"')
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'trip_id,destination,start_date,year,month,currency,trips,sell,cost,commission,margin',
      ',,,2032,3,EUR,2,1000001000.29,1000000800.29,0.11,200.11',
      ',,,2032,3,USD,1,45.00,30.00,0.00,15.00',
      ',,,2032,4,JPY,1,120000.00,150000.00,5000.00,-25000.00',
      ''
    ])
    expectPdf(await reporting.get('/reports/trip-margins/export?format=pdf&lang=sv', 'analyst'))
  })

  it('is for admins and analysts: agents get 403, callers without a token 401', async () => {
    await expectOnlyReportReaders(reporting, ['/reports/trip-margins', '/reports/trip-margins/export'])
  })

  it('refuses a bad query with a 400 problem', async () => {
    await expectRefusedQueries(reporting, [
      '/reports/trip-margins?group_by=supplier', '/reports/trip-margins?from=2032-02-30', '/reports/trip-margins?to=soon',
      '/reports/trip-margins?year=2032', '/reports/trip-margins/export?group_by=client', '/reports/trip-margins/export?format=xls'
    ])
  })

  it('follows a booking that changes currency, price or trip, is cancelled and comes back', async () => {
    const oslo = aTrip(client, { destination: 'Oslo', start_date: '2040-01-05', end_date: '2040-01-09', currency: 'NOK' })
    const bergen = aTrip(client, { destination: 'Bergen', start_date: '2040-01-20', end_date: '2040-01-22', currency: 'NOK' })
    for (const trip of [oslo, bergen]) await reporting.publish('crm.trip.created', trip)
    const cabin = aBooking(oslo, { currency: 'NOK', cost: '100.00', sell_price: '150.00', commission: '1.00' })
    await reporting.publish('crm.booking.created', cabin)
    const inPeriod = async () => (await margins('?from=2040-01-01&to=2040-01-31'))
      .map((row) => [row.destination, row.currency, row.trips, row.sell, row.cost, row.commission, row.margin])
    await reporting.settled()
    expect(await inPeriod()).toEqual([['Oslo', 'NOK', 1, '150.00', '100.00', '1.00', '51.00']])

    const inEuros = changed(cabin, { currency: 'EUR', sell_price: '15.10' })
    await reporting.publish('crm.booking.updated', inEuros)
    await reporting.settled()
    expect(await inPeriod()).toEqual([['Oslo', 'EUR', 1, '15.10', '100.00', '1.00', '-83.90']])

    const cancelled = changed(inEuros, { status: 'cancelled' })
    await reporting.publish('crm.booking.updated', cancelled)
    await reporting.settled()
    expect(await inPeriod()).toEqual([])

    await reporting.publish('crm.booking.updated', changed(cancelled, { status: 'pending', trip_id: bergen.id }))
    await reporting.settled()
    expect(await inPeriod()).toEqual([['Bergen', 'EUR', 1, '15.10', '100.00', '1.00', '-83.90']])
  })
})
