import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { Departures, type ClientErasedPayload, type Departure } from '@travel-crm/contracts'
import { loadConfig } from '../../src/config.js'
import { rebuildReadModels } from '../../src/read-models.js'
import { aBooking, aClient, anInvoice, aPayment, aSupplier, aTraveller, aTrip, changed } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'
import { expectOnlyReportReaders, expectPdf, expectRefusedQueries } from '../support/report-checks.js'

const reporting = reportingUnderTest()

async function departures (query = ''): Promise<Departure[]> {
  const response = await reporting.get(`/reports/departures${query}`, 'analyst')
  expect(response.statusCode, response.body).toBe(200)
  const body = response.json<Departure[]>()
  expect(Value.Check(Departures, body)).toBe(true)
  return body
}

// Reports are asked on 2031-06-15 (TODAY): the default window is 2031-06-15 to 2031-07-15, both included.
const client = aClient({ name: 'Rosa Almeida' })
const soon = aTrip(client, { destination: 'Lisbon', start_date: '2031-06-20', end_date: '2031-06-27', price: '1200.00', currency: 'EUR' })
const leavingToday = aTrip(client, { destination: 'Porto', start_date: '2031-06-15', end_date: '2031-06-16', price: '300.00' })
const lastDay = aTrip(client, { destination: 'Faro', start_date: '2031-07-15', end_date: '2031-07-20', price: '0.10' })
const tooLate = aTrip(client, { destination: 'Madeira', start_date: '2031-07-16', end_date: '2031-07-20' })
const leftYesterday = aTrip(client, { destination: 'Braga', start_date: '2031-06-14', end_date: '2031-06-30' })
const deleted = aTrip(client, { destination: 'Evora', start_date: '2031-06-21', end_date: '2031-06-22' })
// In the window but not departing: a cancelled trip, and one already marked completed.
const lost = aTrip(client, { destination: 'Sintra', start_date: '2031-06-22', end_date: '2031-06-23', status: 'cancelled' })
const done = aTrip(client, { destination: 'Tavira', start_date: '2031-06-15', end_date: '2031-06-15', status: 'completed' })
// Still a quote, and leaving soon: work to do, so listed.
const quoted = aTrip(client, { destination: 'Coimbra', start_date: '2031-06-25', end_date: '2031-06-26', status: 'quoted' })

const hotelier = aSupplier({ name: 'Hotel Avenida', kind: 'hotel' })
// Six months after 2031-06-27: the passport must still be valid on 2031-12-27.
const fine = aTraveller(soon, { first_name: 'Rosa', last_name: 'Almeida', passport_expiry: '2031-12-27', lead: true })
const expiring = aTraveller(soon, { first_name: 'Joao', last_name: 'Almeida', passport_expiry: '2031-12-26' })
const noNumber = aTraveller(soon, { first_name: 'Ines', last_name: 'Almeida', has_passport_number: false, passport_expiry: '2035-01-01' })
const noExpiry = aTraveller(soon, { first_name: 'Rui', last_name: 'Almeida', passport_expiry: null })
const gone = aTraveller(soon, { first_name: 'Gone', last_name: 'Away', has_passport_number: false })
const onDeletedTrip = aTraveller(deleted, { has_passport_number: false })

const pendingHotel = aBooking(soon, { supplier_id: hotelier.id, status: 'pending', description: 'Seven nights, river view', start_date: '2031-06-20' })
const pendingFlight = aBooking(soon, { supplier_id: 999_999, kind: 'airline', status: 'pending', description: 'LIS-OPO', start_date: '2031-06-19' })
const confirmed = aBooking(soon, { supplier_id: hotelier.id, status: 'confirmed' })
const cancelled = aBooking(soon, { supplier_id: hotelier.id, status: 'cancelled' })

describe('departures', () => {
  it('lists the trips starting in the window with open balance, unconfirmed bookings and passport warnings', async () => {
    await reporting.publish('crm.client.created', client)
    for (const trip of [soon, leavingToday, lastDay, tooLate, leftYesterday, deleted, lost, done, quoted]) await reporting.publish('crm.trip.created', trip)
    await reporting.publish('crm.supplier.created', hotelier)
    for (const traveller of [fine, expiring, noNumber, noExpiry, gone, onDeletedTrip]) await reporting.publish('crm.traveller.created', traveller)
    await reporting.publish('crm.traveller.deleted', changed(gone, {}))
    for (const booking of [pendingHotel, pendingFlight, confirmed, cancelled]) await reporting.publish('crm.booking.created', booking)
    // Open: 500.00 - 120.50 in EUR and 50.00 in USD; the paid and the cancelled invoices owe nothing.
    const open = anInvoice(soon, { amount: '500.00' })
    const inDollars = anInvoice(soon, { amount: '50.00', currency: 'USD' })
    const paid = anInvoice(soon, { amount: '200.00' })
    const void_ = anInvoice(soon, { amount: '300.00', status: 'Cancelled' })
    for (const invoice of [open, inDollars, paid, void_]) await reporting.publish('billing.invoice.created', invoice)
    await reporting.publish('billing.payment.recorded', aPayment(open, { amount: '120.50' }))
    await reporting.publish('billing.payment.recorded', aPayment(paid, { amount: '200.00' }))
    await reporting.publish('crm.trip.deleted', changed(deleted, {}))
    await reporting.publish('crm.traveller.deleted', changed(onDeletedTrip, {}))
    await reporting.settled()

    const report = await departures()
    expect(report.map((row) => row.trip_id)).toEqual([leavingToday.id, soon.id, quoted.id, lastDay.id])
    expect(report[2]?.status).toBe('quoted')
    expect(report[1]).toEqual({
      trip_id: soon.id,
      destination: 'Lisbon',
      start_date: '2031-06-20',
      end_date: '2031-06-27',
      // Events from before trips had a status describe a sold trip.
      status: 'booked',
      client_id: client.id,
      client_name: 'Rosa Almeida',
      currency: 'EUR',
      price: '1200.00',
      // 1200.00 less the EUR invoices not cancelled (500.00 and 200.00).
      not_invoiced: '500.00',
      balance: [{ currency: 'EUR', open: '379.50' }, { currency: 'USD', open: '50.00' }],
      travellers: 4,
      unconfirmed_bookings: [
        { booking_id: pendingFlight.id, supplier_id: 999_999, supplier_name: null, kind: 'airline', description: 'LIS-OPO', start_date: '2031-06-19' },
        { booking_id: pendingHotel.id, supplier_id: hotelier.id, supplier_name: 'Hotel Avenida', kind: 'hotel', description: 'Seven nights, river view', start_date: '2031-06-20' }
      ],
      passport_warnings: [
        { traveller_id: expiring.id, name: 'Joao Almeida', code: 'PASSPORT_EXPIRES_TOO_SOON' },
        { traveller_id: noNumber.id, name: 'Ines Almeida', code: 'PASSPORT_MISSING' },
        { traveller_id: noExpiry.id, name: 'Rui Almeida', code: 'PASSPORT_MISSING' }
      ]
    })
    expect(report[0]).toMatchObject({ destination: 'Porto', not_invoiced: '300.00', balance: [], travellers: 0, unconfirmed_bookings: [], passport_warnings: [] })
    expect(report[3]).toMatchObject({ destination: 'Faro', not_invoiced: '0.10' })
    expect((await departures('?days=1')).map((row) => row.trip_id)).toEqual([leavingToday.id])
    expect((await departures('?days=31')).map((row) => row.trip_id)).toEqual([leavingToday.id, soon.id, quoted.id, lastDay.id, tooLate.id])
  })

  it('follows a confirmation, a renamed supplier and a new passport under a new ETag', async () => {
    const before = await reporting.get('/reports/departures', 'admin')
    const tag = before.headers.etag as string
    expect((await reporting.app.inject({
      method: 'GET', url: '/reports/departures', headers: { authorization: `Bearer ${reporting.issuer.token('admin')}`, 'if-none-match': tag }
    })).statusCode).toBe(304)
    await reporting.publish('crm.booking.updated', changed(pendingFlight, { status: 'confirmed' }))
    await reporting.publish('crm.supplier.updated', changed(hotelier, { name: 'Hotel Avenida Palace' }))
    await reporting.publish('crm.traveller.updated', changed(expiring, { passport_expiry: '2033-05-01' }))
    await reporting.settled()
    const after = await reporting.get('/reports/departures', 'admin')
    expect(after.headers.etag).not.toBe(tag)
    const trip = after.json<Departure[]>().find((row) => row.trip_id === soon.id)
    expect(trip?.unconfirmed_bookings.map((booking) => [booking.booking_id, booking.supplier_name])).toEqual([[pendingHotel.id, 'Hotel Avenida Palace']])
    expect(trip?.passport_warnings.map((warning) => warning.traveller_id)).toEqual([noNumber.id, noExpiry.id])
  })

  it('exports one row per trip as CSV, lists joined, and as a PDF', async () => {
    const csv = await reporting.get('/reports/departures/export', 'admin')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="departures.csv"')
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'trip_id,destination,start_date,end_date,status,client_id,client_name,currency,price,not_invoiced,open_balance,travellers,' +
        'unconfirmed_bookings,unconfirmed_booking_list,passport_warnings,passport_warning_list',
      `${leavingToday.id},Porto,2031-06-15,2031-06-16,booked,${client.id},Rosa Almeida,EUR,300.00,300.00,,0,0,,0,`,
      `${soon.id},Lisbon,2031-06-20,2031-06-27,booked,${client.id},Rosa Almeida,EUR,1200.00,500.00,EUR 379.50; USD 50.00,4,` +
        '1,"Hotel Avenida Palace, hotel: Seven nights, river view (2031-06-20)",2,Ines Almeida: PASSPORT_MISSING; Rui Almeida: PASSPORT_MISSING',
      `${quoted.id},Coimbra,2031-06-25,2031-06-26,quoted,${client.id},Rosa Almeida,EUR,1200.00,1200.00,,0,0,,0,`,
      `${lastDay.id},Faro,2031-07-15,2031-07-20,booked,${client.id},Rosa Almeida,EUR,0.10,0.10,,0,0,,0,`,
      ''
    ])
    const week = await reporting.get('/reports/departures/export?days=7', 'analyst')
    expect(week.body.replace(/^\uFEFF/, '').split('\r\n').length).toBe(4)
    expectPdf(await reporting.get('/reports/departures/export?format=pdf&lang=es', 'analyst'))
  })

  it('is for admins and analysts: agents get 403, callers without a token 401', async () => {
    await expectOnlyReportReaders(reporting, ['/reports/departures', '/reports/departures/export'])
  })

  it('refuses a bad query with a 400 problem', async () => {
    await expectRefusedQueries(reporting, [
      '/reports/departures?days=0', '/reports/departures?days=366', '/reports/departures?days=soon', '/reports/departures?days=1.5',
      '/reports/departures?from=2031-06-15', '/reports/departures/export?days=-3', '/reports/departures/export?format=xls'
    ])
  })

  it('forgets an erased client\'s travellers\' names and passport expiry, and warns about them all the same', async () => {
    const erasure: ClientErasedPayload = {
      id: client.id,
      client_id: client.id,
      note_ids: [],
      trip_ids: [soon.id, leavingToday.id, lastDay.id, tooLate.id, leftYesterday.id],
      traveller_ids: [fine.id, expiring.id, noNumber.id, noExpiry.id],
      reason: 'asked to be forgotten',
      erased_at: '2031-06-15T10:00:00.000Z',
      erased_by: 1,
      version: client.version + 1
    }
    await reporting.publish('crm.client.erased', erasure)
    await reporting.settled()
    const rows = await reporting.app.orm.em.fork().execute<Array<Record<string, unknown>>>(
      'select id, first_name, last_name, has_passport_number, passport_expiry from traveller where trip_id = ? order by id', [soon.id])
    expect(rows).toEqual([fine, expiring, noNumber, noExpiry].map((traveller) => ({
      id: traveller.id, first_name: 'Erased', last_name: 'Traveller', has_passport_number: false, passport_expiry: null
    })))
    const trip = (await departures()).find((row) => row.trip_id === soon.id)
    expect(trip?.client_name).toBe(`Erased client ${client.id}`)
    expect(trip?.passport_warnings).toEqual([fine, expiring, noNumber, noExpiry].map((traveller) => ({
      traveller_id: traveller.id, name: 'Erased Traveller', code: 'PASSPORT_MISSING'
    })))
  })

  it('is the same report after the read models are rebuilt from the stream', async () => {
    const before = await departures('?days=60')
    expect(before.length).toBe(5)
    const travellers = async () => await reporting.app.orm.em.fork().execute('select * from traveller order by id')
    const suppliers = async () => await reporting.app.orm.em.fork().execute('select * from supplier order by id')
    const tables = { travellers: await travellers(), suppliers: await suppliers() }
    await reporting.app.orm.em.fork().execute('update traveller set first_name = ?', ['damaged'])
    await rebuildReadModels(loadConfig({ ...reporting.environment.env, AUTH_URL: reporting.issuer.url }), { timeoutMs: 20_000 })
    await reporting.settled()
    expect({ travellers: await travellers(), suppliers: await suppliers() }).toEqual(tables)
    expect(await departures('?days=60')).toEqual(before)
  })
})
