import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { Booking, type Client, type Supplier, type Trip } from '@travel-crm/contracts'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aBooking, aClient, aSupplier, aTrip } from '../fixtures.js'

let crm: CrmUnderTest
let client: Client
let airline: Supplier
let hotel: Supplier

async function createTrip (overrides: Record<string, unknown> = {}): Promise<Trip> {
  return (await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id, overrides) })).json<Trip>()
}

async function book (tripId: number, overrides: Record<string, unknown> = {}, supplier = airline): Promise<Booking> {
  const response = await crm.app.inject({ method: 'POST', url: `/trips/${tripId}/bookings`, headers: crm.as('agent'), payload: aBooking(supplier.id, overrides) })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Booking>()
}

const bookingUrl = (booking: Booking) => `/trips/${booking.trip_id}/bookings/${booking.id}`

async function patch (booking: Booking, payload: Record<string, unknown>): Promise<Booking> {
  const response = await crm.app.inject({ method: 'PATCH', url: bookingUrl(booking), headers: crm.as('agent'), payload })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<Booking>()
}

beforeAll(async () => {
  crm = await startCrm()
  client = (await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })).json<Client>()
  airline = (await crm.app.inject({ method: 'POST', url: '/suppliers', headers: crm.as('agent'), payload: aSupplier({ default_commission_rate: '10.00' }) })).json<Supplier>()
  hotel = (await crm.app.inject({ method: 'POST', url: '/suppliers', headers: crm.as('agent'), payload: aSupplier({ name: 'Pestana Palace', kind: 'hotel', default_commission_rate: '12.50' }) })).json<Supplier>()
})
afterAll(async () => { await crm?.close() })

describe('POST /trips/:id/bookings', () => {
  it('books: 201, the whole record; kind, currency and status from the supplier, the trip and the default; commission at the supplier\'s rate', async () => {
    const trip = await createTrip({ currency: 'GBP' })
    const response = await crm.app.inject({ method: 'POST', url: `/trips/${trip.id}/bookings`, headers: crm.as('admin', 5), payload: aBooking(hotel.id, { sell_price: 33.35, end_date: undefined }) })
    expect(response.statusCode, response.body).toBe(201)
    const booking = response.json<Booking>()
    expect(Value.Check(Booking, booking)).toBe(true)
    // 12.50 % of 33.35 is 4.16875: 4.17.
    expect(booking).toMatchObject({
      trip_id: trip.id, supplier_id: hotel.id, kind: 'hotel', currency: 'GBP', status: 'pending', start_date: '2027-05-01',
      end_date: '2027-05-01', cost: '420.00', sell_price: '33.35', commission: '4.17', commission_rate: '12.50', created_by: 5, version: 1
    })
    expect(response.headers['location']).toBe(bookingUrl(booking))
    expect(response.headers['etag']).toBe('"1"')
    expect((await crm.app.inject({ method: 'GET', url: bookingUrl(booking), headers: crm.as('analyst') })).json()).toEqual(booking)
  })

  it('takes a commission given as an amount as it is, zero included', async () => {
    const trip = await createTrip()
    expect(await book(trip.id, { commission: '25', currency: 'USD', kind: 'transfer' })).toMatchObject({ commission: '25.00', commission_rate: null, currency: 'USD', kind: 'transfer' })
    expect((await book(trip.id, { commission: 0 })).commission).toBe('0.00')
  })

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['a missing supplier', { supplier_id: undefined }],
    ['a missing description', { description: undefined }],
    ['a missing cost', { cost: undefined }],
    ['a negative sell price', { sell_price: '-1.00' }],
    ['a cost with three decimals', { cost: '1.005' }],
    ['a commission given as text', { commission: 'ten' }],
    ['a currency that is not one', { currency: 'ZZZ' }],
    ['a status that is not one', { status: 'ticketed' }],
    ['a kind that is not one', { kind: 'train' }],
    ['an impossible date', { start_date: '2027-02-30' }],
    ['a confirmation reference of 51 characters', { confirmation_ref: 'R'.repeat(51) }],
    ['an unknown field', { margin: '10.00' }]
  ]
  it.each(invalid)('refuses %s with 400 and writes nothing', async (_case, overrides) => {
    const trip = await createTrip()
    await crm.refused({ method: 'POST', url: `/trips/${trip.id}/bookings`, headers: crm.as('agent'), payload: aBooking(airline.id, overrides) }, 400, 'VALIDATION_FAILED')
  })

  it('refuses a booking that ends before it starts, an unknown trip or supplier, and an analyst', async () => {
    const trip = await createTrip()
    await crm.refused({ method: 'POST', url: `/trips/${trip.id}/bookings`, headers: crm.as('agent'), payload: aBooking(airline.id, { end_date: '2027-04-30' }) }, 400, 'CRM_BOOKING_ENDS_BEFORE_START')
    await crm.refused({ method: 'POST', url: '/trips/999999/bookings', headers: crm.as('agent'), payload: aBooking(airline.id) }, 404, 'CRM_TRIP_NOT_FOUND')
    await crm.refused({ method: 'POST', url: `/trips/${trip.id}/bookings`, headers: crm.as('agent'), payload: aBooking(999999) }, 404, 'CRM_SUPPLIER_NOT_FOUND')
    await crm.refused({ method: 'POST', url: `/trips/${trip.id}/bookings`, headers: crm.as('analyst'), payload: aBooking(airline.id) }, 403, 'FORBIDDEN')
  })
})

describe('the trip\'s totals', () => {
  it('adds up the bookings that are not cancelled, per currency: margin = sell - cost + commission', async () => {
    const trip = await createTrip()
    expect(trip.totals).toEqual([])
    await book(trip.id, { cost: '420.00', sell_price: '480.00' })
    await book(trip.id, { cost: '900.10', sell_price: '1000.00', commission: '0.05' }, hotel)
    await book(trip.id, { cost: '100.00', sell_price: '90.00', commission: '0', currency: 'USD' })
    const cancelled = await book(trip.id, { cost: '5000.00', sell_price: '6000.00' })
    await patch(cancelled, { status: 'cancelled' })
    const read = await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}`, headers: crm.as('analyst') })
    expect(read.json<Trip>().totals).toEqual([
      // 480 + 1000; 420 + 900.10; 48.00 (10 % of 480) + 0.05; 1480 - 1320.10 + 48.05
      { currency: 'EUR', sell: '1480.00', cost: '1320.10', commission: '48.05', margin: '207.95' },
      { currency: 'USD', sell: '90.00', cost: '100.00', commission: '0.00', margin: '-10.00' }
    ])
    // A trip's ETag is its own version: bookings change its totals, not its record.
    expect(read.headers['etag']).toBe('"1"')
    const listed = await crm.app.inject({ method: 'GET', url: `/trips?client_id=${client.id}&limit=500`, headers: crm.as('analyst') })
    expect(listed.json<Trip[]>().find((one) => one.id === trip.id)?.totals).toEqual(read.json<Trip>().totals)
  })
})

describe('PATCH, GET and DELETE /trips/:id/bookings/:bookingId', () => {
  it('works a rate commission out again when the sell price or supplier changes; keeps a given one', async () => {
    const trip = await createTrip()
    const derived = await book(trip.id, { sell_price: '200.00' })
    expect(derived.commission).toBe('20.00')
    expect(await patch(derived, { sell_price: '300.00' })).toMatchObject({ commission: '30.00', commission_rate: '10.00', version: 2 })
    expect(await patch(derived, { supplier_id: hotel.id })).toMatchObject({ commission: '37.50', commission_rate: '12.50', version: 3 })
    expect(await patch(derived, { commission: '5.00' })).toMatchObject({ commission: '5.00', commission_rate: null, version: 4 })
    expect(await patch(derived, { sell_price: '400.00' })).toMatchObject({ commission: '5.00', commission_rate: null, version: 5 })
    // A supplier's new rate applies to bookings written after, not to those already made.
    const kept = await book(trip.id, { sell_price: '100.00' })
    await crm.app.inject({ method: 'PATCH', url: `/suppliers/${airline.id}`, headers: crm.as('agent'), payload: { default_commission_rate: 20 } })
    expect(await patch(kept, { sell_price: '110.00' })).toMatchObject({ commission: '11.00', commission_rate: '10.00' })
    await crm.app.inject({ method: 'PATCH', url: `/suppliers/${airline.id}`, headers: crm.as('agent'), payload: { default_commission_rate: 10 } })
  })

  it('changes status and dates, keeps the version when nothing changes, refuses end before start', async () => {
    const trip = await createTrip()
    const booking = await book(trip.id)
    expect(await patch(booking, { status: 'pending', cost: 420 })).toMatchObject({ version: 1 })
    expect(await patch(booking, { status: 'confirmed', confirmation_ref: null })).toMatchObject({ status: 'confirmed', confirmation_ref: null, version: 2 })
    await crm.refused({ method: 'PATCH', url: bookingUrl(booking), headers: crm.as('agent'), payload: { start_date: '2027-06-01' } }, 400, 'CRM_BOOKING_ENDS_BEFORE_START')
    await crm.refused({ method: 'PATCH', url: bookingUrl(booking), headers: crm.as('agent'), payload: { supplier_id: 999999 } }, 404, 'CRM_SUPPLIER_NOT_FOUND')
    await crm.refused({ method: 'PATCH', url: bookingUrl(booking), headers: crm.as('agent'), payload: {} }, 400, 'VALIDATION_FAILED')
  })

  it('honours If-Match, lets only admins delete, and treats a booking of another trip as missing', async () => {
    const trip = await createTrip()
    const booking = await book(trip.id)
    const other = await createTrip()
    await crm.refused({ method: 'GET', url: `/trips/${other.id}/bookings/${booking.id}`, headers: crm.as('agent') }, 404, 'CRM_BOOKING_NOT_FOUND')
    await crm.refused({ method: 'PATCH', url: bookingUrl(booking), headers: { ...crm.as('agent'), 'if-match': '"2"' }, payload: { status: 'confirmed' } }, 412, 'CRM_STALE_VERSION')
    await crm.refused({ method: 'DELETE', url: bookingUrl(booking), headers: crm.as('agent') }, 403, 'FORBIDDEN')
    await crm.refused({ method: 'DELETE', url: bookingUrl(booking), headers: { ...crm.as('admin'), 'if-match': '"2"' } }, 412, 'CRM_STALE_VERSION')
    expect((await crm.app.inject({ method: 'DELETE', url: bookingUrl(booking), headers: { ...crm.as('admin'), 'if-match': '"1"' } })).statusCode).toBe(204)
    await crm.refused({ method: 'GET', url: bookingUrl(booking), headers: crm.as('agent') }, 404, 'CRM_BOOKING_NOT_FOUND')
  })

  it('lists a trip\'s bookings by status and supplier, with paging', async () => {
    const trip = await createTrip()
    const made = [await book(trip.id), await book(trip.id, { status: 'confirmed' }), await book(trip.id, { status: 'confirmed' }, hotel)]
    const list = async (query: string) => {
      const response = await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}/bookings?${query}`, headers: crm.as('analyst') })
      expect(response.statusCode, response.body).toBe(200)
      return { ids: response.json<Booking[]>().map((booking) => booking.id), total: response.headers['x-total-count'] }
    }
    expect(await list('')).toEqual({ ids: made.map((one) => one.id), total: '3' })
    expect(await list('status=confirmed')).toEqual({ ids: [made[1]!.id, made[2]!.id], total: '2' })
    expect(await list(`status=confirmed&supplier_id=${hotel.id}`)).toEqual({ ids: [made[2]!.id], total: '1' })
    expect(await list('limit=1&offset=1')).toEqual({ ids: [made[1]!.id], total: '3' })
    await crm.refused({ method: 'GET', url: '/trips/999999/bookings', headers: crm.as('analyst') }, 404, 'CRM_TRIP_NOT_FOUND')
  })
})
