import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { Trip, type Client } from '@travel-crm/contracts'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aClient, aTrip } from '../fixtures.js'

let crm: CrmUnderTest
let client: Client

async function createClient (): Promise<Client> {
  const response = await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })
  return response.json<Client>()
}

async function createTrip (overrides: Record<string, unknown> = {}, clientId = client.id): Promise<Trip> {
  const response = await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(clientId, overrides) })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Trip>()
}

// A default currency other than the usual EUR shows that the configured one is used.
beforeAll(async () => {
  crm = await startCrm({ DEFAULT_CURRENCY: 'USD' })
  client = await createClient()
})
afterAll(async () => { await crm?.close() })

describe('POST /trips', () => {
  it('creates a trip: 201, the whole resource, Location and ETag', async () => {
    const response = await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('admin', 9), payload: aTrip(client.id, { destination: ' Lisbon ' }) })
    expect(response.statusCode).toBe(201)
    const trip = response.json<Trip>()
    expect(Value.Check(Trip, trip)).toBe(true)
    expect(trip).toMatchObject({
      client_id: client.id, destination: 'Lisbon', start_date: '2027-05-01', end_date: '2027-05-08',
      price: '1250.00', currency: 'EUR', notes: 'Window seat', created_by: 9, updated_by: 9, version: 1
    })
    expect(response.headers['location']).toBe(`/trips/${trip.id}`)
    expect(response.headers['etag']).toBe('"1"')
    const read = await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}`, headers: crm.as('analyst') })
    expect(read.json()).toEqual(trip)
    expect(read.headers['etag']).toBe('"1"')
  })

  it('takes the price as a number or a decimal string and gives it back with two decimals', async () => {
    expect((await createTrip({ price: 99.5 })).price).toBe('99.50')
    expect((await createTrip({ price: 0 })).price).toBe('0.00')
    expect((await createTrip({ price: '12' })).price).toBe('12.00')
    expect((await createTrip({ price: '9999999999.99' })).price).toBe('9999999999.99')
  })

  it('uses the configured default currency and null notes when they are left out', async () => {
    const { currency: _currency, notes: _notes, ...body } = aTrip(client.id)
    const response = await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: body })
    expect(response.json()).toMatchObject({ currency: 'USD', notes: null })
  })

  it('accepts a trip that ends the day it starts, and notes of 5,000 characters', async () => {
    const trip = await createTrip({ start_date: '2028-02-29', end_date: '2028-02-29', notes: 'n'.repeat(5000) })
    expect(trip).toMatchObject({ start_date: '2028-02-29', end_date: '2028-02-29' })
    expect(trip.notes).toHaveLength(5000)
  })

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['a missing client_id', { client_id: undefined }],
    ['a missing destination', { destination: undefined }],
    ['a missing start_date', { start_date: undefined }],
    ['a missing end_date', { end_date: undefined }],
    ['a missing price', { price: undefined }],
    ['a client_id given as a string', { client_id: '1' }],
    ['a client_id of 0', { client_id: 0 }],
    ['a fractional client_id', { client_id: 1.5 }],
    ['a destination that is a number', { destination: 12 }],
    ['a blank destination', { destination: '  ' }],
    ['a destination of 101 characters', { destination: 'd'.repeat(101) }],
    ['notes of 5,001 characters', { notes: 'n'.repeat(5001) }],
    ['an impossible date (2027-02-30)', { start_date: '2027-02-30', end_date: '2027-03-02' }],
    ['a 13th month', { end_date: '2027-13-01' }],
    ['a date with a time', { start_date: '2027-05-01T10:00:00Z' }],
    ['a two-digit year', { start_date: '27-05-01' }],
    ['a negative price', { price: -1 }],
    ['a price with three decimals', { price: '12.345' }],
    ['a float price that is not cents', { price: 1.005 }],
    ['a price that is not a number', { price: 'twelve' }],
    ['a price above NUMERIC(12,2)', { price: '10000000000.00' }],
    ['a price that is a boolean', { price: true }],
    ['a lower-case currency', { currency: 'eur' }],
    ['a four-letter currency', { currency: 'EURO' }],
    ['an unknown field', { hotel: 'Ritz' }],
    ['an id', { id: 1 }],
    ['a version', { version: 1 }],
    ['a created_by', { created_by: 1 }]
  ]
  it.each(invalid)('refuses %s with 400 and writes nothing', async (_case, overrides) => {
    await crm.refused({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id, overrides) }, 400, 'VALIDATION_FAILED')
  })

  it('refuses a trip that ends before it starts', async () => {
    const response = await crm.refused({
      method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id, { start_date: '2027-05-08', end_date: '2027-05-01' })
    }, 400, 'CRM_TRIP_ENDS_BEFORE_START')
    expect(response.json().detail).toContain('2027-05-01')
  })

  it('refuses a trip of a client that does not exist with 404', async () => {
    await crm.refused({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(999999) }, 404, 'CRM_CLIENT_NOT_FOUND')
  })

  it('refuses broken JSON, an empty body and no body', async () => {
    const json = { ...crm.as('agent'), 'content-type': 'application/json' }
    await crm.refused({ method: 'POST', url: '/trips', headers: json, payload: '{"client_id": 1' }, 400, 'INVALID_JSON')
    await crm.refused({ method: 'POST', url: '/trips', headers: json, payload: '' }, 400, 'EMPTY_JSON_BODY')
    await crm.refused({ method: 'POST', url: '/trips', headers: crm.as('agent') }, 400, 'VALIDATION_FAILED')
  })

  it('lets admins and agents create, not analysts or anonymous callers', async () => {
    await crm.refused({ method: 'POST', url: '/trips', headers: crm.as('analyst'), payload: aTrip(client.id) }, 403, 'FORBIDDEN')
    await crm.refused({ method: 'POST', url: '/trips', payload: aTrip(client.id) }, 401, 'UNAUTHENTICATED')
  })
})

describe('GET /trips/:id', () => {
  it('answers 404 for a missing trip and 400 for an id that is not one', async () => {
    await crm.refused({ method: 'GET', url: '/trips/999999', headers: crm.as('analyst') }, 404, 'CRM_TRIP_NOT_FOUND')
    await crm.refused({ method: 'GET', url: '/trips/lisbon', headers: crm.as('analyst') }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'GET', url: '/trips/2.5', headers: crm.as('analyst') }, 400, 'VALIDATION_FAILED')
  })
})

describe('PATCH /trips/:id', () => {
  it('changes only the fields given', async () => {
    const trip = await createTrip()
    const response = await crm.app.inject({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent', 5), payload: { price: 1300.5, notes: null } })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ ...trip, price: '1300.50', notes: null, version: 2, updated_by: 5, updated_at: expect.any(String) })
    expect(response.headers['etag']).toBe('"2"')
  })

  it('moves a trip to another client that exists', async () => {
    const trip = await createTrip()
    const other = await createClient()
    const response = await crm.app.inject({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { client_id: other.id } })
    expect(response.json()).toMatchObject({ client_id: other.id, version: 2 })
    await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { client_id: 999999 } }, 404, 'CRM_CLIENT_NOT_FOUND')
  })

  it('checks the dates against what is stored', async () => {
    const trip = await createTrip({ start_date: '2027-05-01', end_date: '2027-05-08' })
    await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { end_date: '2027-04-30' } }, 400, 'CRM_TRIP_ENDS_BEFORE_START')
    await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { start_date: '2027-05-09' } }, 400, 'CRM_TRIP_ENDS_BEFORE_START')
    const both = await crm.app.inject({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { start_date: '2027-06-01', end_date: '2027-06-02' } })
    expect(both.json()).toMatchObject({ start_date: '2027-06-01', end_date: '2027-06-02', version: 2 })
  })

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['an empty body', {}],
    ['an id', { id: 3 }],
    ['a version', { version: 3 }],
    ['a created_by', { created_by: 3 }],
    ['an unknown field', { hotel: 'Ritz' }],
    ['an impossible date', { end_date: '2027-02-30' }],
    ['a negative price', { price: '-0.01' }],
    ['a null destination', { destination: null }],
    ['a null price', { price: null }]
  ]
  it.each(invalid)('refuses %s with 400 and changes nothing', async (_case, body) => {
    const trip = await createTrip()
    await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: body }, 400, 'VALIDATION_FAILED')
    expect((await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}`, headers: crm.as('agent') })).json()).toEqual(trip)
  })

  it('refuses broken JSON and no body', async () => {
    const trip = await createTrip()
    await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: { ...crm.as('agent'), 'content-type': 'application/json' }, payload: '{"price": }' }, 400, 'INVALID_JSON')
    await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent') }, 400, 'VALIDATION_FAILED')
  })

  it('honours If-Match and answers 404 for a missing trip', async () => {
    const trip = await createTrip()
    await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: { ...crm.as('agent'), 'if-match': '"2"' }, payload: { price: 1 } }, 412, 'CRM_STALE_VERSION')
    const fresh = await crm.app.inject({ method: 'PATCH', url: `/trips/${trip.id}`, headers: { ...crm.as('agent'), 'if-match': '"1"' }, payload: { price: 1 } })
    expect(fresh.json()).toMatchObject({ price: '1.00', version: 2 })
    await crm.refused({ method: 'PATCH', url: '/trips/999999', headers: crm.as('agent'), payload: { price: 1 } }, 404, 'CRM_TRIP_NOT_FOUND')
  })
})

describe('DELETE /trips/:id', () => {
  it('deletes only the trip; only admins may', async () => {
    const trip = await createTrip()
    const kept = await createTrip()
    await crm.refused({ method: 'DELETE', url: `/trips/${trip.id}`, headers: crm.as('agent') }, 403, 'FORBIDDEN')
    const response = await crm.app.inject({ method: 'DELETE', url: `/trips/${trip.id}`, headers: crm.as('admin') })
    expect(response.statusCode).toBe(204)
    await crm.refused({ method: 'GET', url: `/trips/${trip.id}`, headers: crm.as('admin') }, 404, 'CRM_TRIP_NOT_FOUND')
    expect((await crm.app.inject({ method: 'GET', url: `/trips/${kept.id}`, headers: crm.as('admin') })).statusCode).toBe(200)
    expect((await crm.app.inject({ method: 'GET', url: `/clients/${client.id}`, headers: crm.as('admin') })).statusCode).toBe(200)
    await crm.refused({ method: 'DELETE', url: `/trips/${trip.id}`, headers: crm.as('admin') }, 404, 'CRM_TRIP_NOT_FOUND')
  })
})

describe('GET /trips', () => {
  const tag = randomUUID().slice(0, 8)
  let traveller: Client

  beforeAll(async () => {
    traveller = await createClient()
    for (const [destination, start, end] of [
      ['Lisbon, Portugal', '2027-03-01', '2027-03-05'],
      ['Porto, Portugal', '2027-04-10', '2027-04-12'],
      ['Paris, France', '2027-04-30', '2027-05-03'],
      ['Rome, Italy', '2027-06-01', '2027-06-09']
    ] as const) {
      await createTrip({ destination: `${destination} ${tag}`, start_date: start, end_date: end }, traveller.id)
    }
    await createTrip({ destination: `Lisbon, Portugal ${tag}`, start_date: '2027-04-15', end_date: '2027-04-20' })
  })

  async function list (query: string) {
    const response = await crm.app.inject({ method: 'GET', url: `/trips?${query}`, headers: crm.as('analyst') })
    expect(response.statusCode, response.body).toBe(200)
    return { response, destinations: response.json<Trip[]>().map((trip) => trip.destination.replace(` ${tag}`, '')) }
  }

  it('filters by destination (substring, any case) and client', async () => {
    expect((await list(`destination=PORTUGAL ${tag}&client_id=${traveller.id}`)).destinations).toEqual(['Lisbon, Portugal', 'Porto, Portugal'])
    expect((await list(`destination=lisbon, portugal ${tag}`)).destinations).toEqual(['Lisbon, Portugal', 'Lisbon, Portugal'])
    expect((await list(`client_id=${traveller.id}`)).destinations).toHaveLength(4)
    expect((await list(`destination=AL&client_id=${traveller.id}`)).destinations).toEqual(['Lisbon, Portugal', 'Porto, Portugal', 'Rome, Italy'])
  })

  it('filters by the first day: from start_date, up to start_date_to, both inclusive', async () => {
    expect((await list(`client_id=${traveller.id}&start_date=2027-04-10`)).destinations).toEqual(['Porto, Portugal', 'Paris, France', 'Rome, Italy'])
    expect((await list(`client_id=${traveller.id}&start_date_to=2027-04-30`)).destinations).toEqual(['Lisbon, Portugal', 'Porto, Portugal', 'Paris, France'])
    expect((await list(`client_id=${traveller.id}&start_date=2027-04-10&start_date_to=2027-04-30`)).destinations).toEqual(['Porto, Portugal', 'Paris, France'])
    expect((await list(`client_id=${traveller.id}&start_date=2027-07-01`)).destinations).toEqual([])
  })

  it('pages with X-Total-Count and Link', async () => {
    const first = await list(`client_id=${traveller.id}&limit=2`)
    expect(first.destinations).toEqual(['Lisbon, Portugal', 'Porto, Portugal'])
    expect(first.response.headers['x-total-count']).toBe('4')
    expect(first.response.headers['link']).toBe(`</trips?client_id=${traveller.id}&limit=2&offset=2>; rel="next"`)
    const last = await list(`client_id=${traveller.id}&limit=2&offset=2`)
    expect(last.destinations).toEqual(['Paris, France', 'Rome, Italy'])
    expect(last.response.headers['link']).toBeUndefined()
  })

  it('refuses bad filters with 400', async () => {
    for (const query of ['start_date=2027-02-30', 'start_date_to=tomorrow', 'client_id=abc', 'client_id=1.5', 'limit=501', 'offset=-3', 'hotel=Ritz']) {
      await crm.refused({ method: 'GET', url: `/trips?${query}`, headers: crm.as('analyst') }, 400, 'VALIDATION_FAILED')
    }
  })
})

describe('trip status', () => {
  async function move (trip: Trip, status: string) {
    return await crm.app.inject({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { status } })
  }

  it('is booked when created without one, and carries when it last changed', async () => {
    const trip = await createTrip()
    expect(trip).toMatchObject({ status: 'booked', status_changed_at: trip.created_at, totals: [], warnings: [] })
    expect((await createTrip({ status: 'inquiry' })).status).toBe('inquiry')
  })

  it('moves forward, skipping steps if need be, and to cancelled before completed; status_changed_at follows only the status', async () => {
    const trip = await createTrip({ status: 'inquiry' })
    const renamed = await crm.app.inject({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { destination: 'Faro' } })
    expect(renamed.json<Trip>().status_changed_at).toBe(trip.status_changed_at)
    const quoted = (await move(trip, 'quoted')).json<Trip>()
    expect(quoted).toMatchObject({ status: 'quoted', version: 3 })
    expect(quoted.status_changed_at).toBe(quoted.updated_at)
    expect((await move(trip, 'quoted')).json<Trip>().version).toBe(3)
    expect((await move(trip, 'completed')).json<Trip>().status).toBe('completed')
    const cancellable = await createTrip({ status: 'quoted' })
    expect((await move(cancellable, 'cancelled')).json<Trip>().status).toBe('cancelled')
  })

  it.each([
    ['quoted', 'inquiry', 'booked, completed, cancelled'],
    ['booked', 'quoted', 'completed, cancelled'],
    ['completed', 'cancelled', 'nothing (it is final)'],
    ['cancelled', 'booked', 'nothing (it is final)']
  ])('refuses %s → %s with 409 naming the moves there are', async (from, to, allowed) => {
    const trip = await createTrip({ status: from })
    const response = await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { status: to } }, 409, 'CRM_TRIP_STATUS_TRANSITION')
    expect(response.json<{ detail: string }>().detail).toBe(`Trip ${trip.id} cannot move from ${from} to ${to}; from there it can move to ${allowed}`)
  })

  it('refuses a status that is not one, in a body or a filter', async () => {
    await crm.refused({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id, { status: 'sold' }) }, 400, 'VALIDATION_FAILED')
    const trip = await createTrip()
    await crm.refused({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { status: 'Booked' } }, 400, 'VALIDATION_FAILED')
    for (const status of ['sold', 'booked,', ',booked', 'booked;quoted', '']) {
      const response = await crm.app.inject({ method: 'GET', url: `/trips?status=${encodeURIComponent(status)}`, headers: crm.as('analyst') })
      expect(response.statusCode, status).toBe(400)
    }
  })

  it('filters the list by any of several statuses, with paging', async () => {
    const own = await createClient()
    const made = [
      await createTrip({ status: 'inquiry' }, own.id), await createTrip({ status: 'quoted' }, own.id),
      await createTrip({}, own.id), await createTrip({ status: 'cancelled' }, own.id)
    ]
    const list = async (query: string) => {
      const response = await crm.app.inject({ method: 'GET', url: `/trips?client_id=${own.id}&${query}`, headers: crm.as('analyst') })
      expect(response.statusCode, response.body).toBe(200)
      return { ids: response.json<Trip[]>().map((trip) => trip.id), total: response.headers['x-total-count'] }
    }
    expect(await list('status=booked,quoted')).toEqual({ ids: [made[1]!.id, made[2]!.id], total: '2' })
    expect(await list('status=cancelled')).toEqual({ ids: [made[3]!.id], total: '1' })
    expect(await list('status=inquiry,inquiry,cancelled&limit=1&offset=1')).toEqual({ ids: [made[3]!.id], total: '2' })
    expect(await list('status=completed')).toEqual({ ids: [], total: '0' })
  })
})
