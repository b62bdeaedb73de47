import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { Traveller, type Client, type Trip } from '@travel-crm/contracts'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aClient, aTraveller, aTrip } from '../fixtures.js'

let crm: CrmUnderTest
let client: Client
let trip: Trip

async function createTrip (overrides: Record<string, unknown> = {}): Promise<Trip> {
  const response = await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id, overrides) })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Trip>()
}

async function addTraveller (tripId: number, overrides: Record<string, unknown> = {}): Promise<Traveller> {
  const response = await crm.app.inject({ method: 'POST', url: `/trips/${tripId}/travellers`, headers: crm.as('agent'), payload: aTraveller(overrides) })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Traveller>()
}

const travellerUrl = (traveller: Traveller) => `/trips/${traveller.trip_id}/travellers/${traveller.id}`

beforeAll(async () => {
  crm = await startCrm()
  client = (await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })).json<Client>()
  trip = await createTrip()
})
afterAll(async () => { await crm?.close() })

describe('POST /trips/:id/travellers', () => {
  it('adds a traveller: 201, the whole record, Location and ETag; the passport number upper-cased', async () => {
    const response = await crm.app.inject({
      method: 'POST', url: `/trips/${trip.id}/travellers`, headers: crm.as('admin', 7),
      payload: aTraveller({ first_name: ' Marta ', passport_number: 'cb7654321', lead: true, client_id: client.id })
    })
    expect(response.statusCode, response.body).toBe(201)
    const traveller = response.json<Traveller>()
    expect(Value.Check(Traveller, traveller)).toBe(true)
    expect(traveller).toMatchObject({
      trip_id: trip.id, client_id: client.id, first_name: 'Marta', last_name: 'Sousa', date_of_birth: '1988-03-14',
      nationality: 'PT', passport_number: 'CB7654321', passport_expiry: '2032-01-31', lead: true, warnings: [],
      created_by: 7, version: 1
    })
    expect(response.headers['location']).toBe(travellerUrl(traveller))
    expect(response.headers['etag']).toBe('"1"')
    const read = await crm.app.inject({ method: 'GET', url: travellerUrl(traveller), headers: crm.as('agent') })
    expect(read.json()).toEqual(traveller)
    expect(read.headers['etag']).toBe('"1"')
  })

  it('needs only the names; the rest is null and the traveller not the lead', async () => {
    const response = await crm.app.inject({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers: crm.as('agent'), payload: { first_name: 'Rui', last_name: 'Costa' } })
    expect(response.json()).toMatchObject({
      date_of_birth: null, nationality: null, passport_number: null, passport_expiry: null, lead: false, client_id: null
    })
  })

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['a missing last name', { last_name: undefined }],
    ['a blank first name', { first_name: '  ' }],
    ['a nationality that no state holds (XX)', { nationality: 'XX' }],
    ['a nationality in lower case', { nationality: 'pt' }],
    ['a three-letter nationality', { nationality: 'PRT' }],
    ['a passport number with a space', { passport_number: 'CB 123456' }],
    ['a passport number of four characters', { passport_number: 'C123' }],
    ['an impossible expiry date', { passport_expiry: '2031-02-29' }],
    ['lead given as a string', { lead: 'yes' }],
    ['a client_id of 0', { client_id: 0 }],
    ['an unknown field', { passport_issuer: 'PT' }],
    ['an id', { id: 5 }]
  ]
  it.each(invalid)('refuses %s with 400 and writes nothing', async (_case, overrides) => {
    await crm.refused({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers: crm.as('agent'), payload: aTraveller(overrides) }, 400, 'VALIDATION_FAILED')
  })

  it('refuses a date of birth in the future', async () => {
    await crm.refused({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers: crm.as('agent'), payload: aTraveller({ date_of_birth: '2099-01-01' }) }, 400, 'CRM_TRAVELLER_BORN_IN_FUTURE')
  })

  it('never repeats a passport number in a refusal', async () => {
    const response = await crm.app.inject({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers: crm.as('agent'), payload: aTraveller({ passport_number: 'SECRET99-1', nationality: 'XX' }) })
    expect(response.statusCode).toBe(400)
    expect(response.body).not.toContain('SECRET99')
  })

  it('answers 404 for a trip or a client that does not exist', async () => {
    await crm.refused({ method: 'POST', url: '/trips/999999/travellers', headers: crm.as('agent'), payload: aTraveller() }, 404, 'CRM_TRIP_NOT_FOUND')
    await crm.refused({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers: crm.as('agent'), payload: aTraveller({ client_id: 999999 }) }, 404, 'CRM_CLIENT_NOT_FOUND')
  })

  it('keeps one lead traveller per trip', async () => {
    const own = await createTrip()
    const lead = await addTraveller(own.id, { lead: true })
    const response = await crm.refused({ method: 'POST', url: `/trips/${own.id}/travellers`, headers: crm.as('agent'), payload: aTraveller({ lead: true }) }, 409, 'CRM_TRIP_LEAD_TAKEN')
    expect(response.json<{ detail: string }>().detail).toContain(`(${lead.id})`)
    const second = await addTraveller(own.id)
    await crm.refused({ method: 'PATCH', url: travellerUrl(second), headers: crm.as('agent'), payload: { lead: true } }, 409, 'CRM_TRIP_LEAD_TAKEN')
    await crm.app.inject({ method: 'PATCH', url: travellerUrl(lead), headers: crm.as('agent'), payload: { lead: false } })
    const moved = await crm.app.inject({ method: 'PATCH', url: travellerUrl(second), headers: crm.as('agent'), payload: { lead: true } })
    expect(moved.json()).toMatchObject({ lead: true, version: 2 })
  })

  it('refuses the second of two leads made at the same moment with 409, never a 500', async () => {
    const own = await createTrip()
    const both = [await addTraveller(own.id), await addTraveller(own.id)]
    const responses = await Promise.all(both.map(async (traveller) =>
      await crm.app.inject({ method: 'PATCH', url: travellerUrl(traveller), headers: crm.as('agent'), payload: { lead: true } })))
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409])
  })

  it('lets admins and agents add and change, analysts only read, admins alone remove', async () => {
    await crm.refused({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers: crm.as('analyst'), payload: aTraveller() }, 403, 'FORBIDDEN')
    const traveller = await addTraveller(trip.id)
    await crm.refused({ method: 'PATCH', url: travellerUrl(traveller), headers: crm.as('analyst'), payload: { last_name: 'X' } }, 403, 'FORBIDDEN')
    await crm.refused({ method: 'DELETE', url: travellerUrl(traveller), headers: crm.as('analyst') }, 403, 'FORBIDDEN')
    await crm.refused({ method: 'DELETE', url: travellerUrl(traveller), headers: crm.as('agent') }, 403, 'FORBIDDEN')
    await crm.refused({ method: 'GET', url: travellerUrl(traveller), headers: {} }, 401, 'UNAUTHENTICATED')
    expect((await crm.app.inject({ method: 'DELETE', url: travellerUrl(traveller), headers: crm.as('admin') })).statusCode).toBe(204)
  })
})

describe('passport numbers', () => {
  it('are kept encrypted with the key id beside them, and read whole by admins and agents, masked by analysts', async () => {
    const traveller = await addTraveller(trip.id, { passport_number: 'P98765432' })
    const [row] = await crm.app.orm.em.fork().execute<Array<Record<string, unknown>>>('select * from traveller where id = ?', [traveller.id])
    expect(JSON.stringify(row)).not.toContain('98765432')
    expect(row).toMatchObject({ passport_key_id: 'dev' })
    expect(String(row?.['passport_number_sealed'])).toMatch(/^dev\./)

    for (const role of ['admin', 'agent'] as const) {
      expect((await crm.app.inject({ method: 'GET', url: travellerUrl(traveller), headers: crm.as(role) })).json<Traveller>().passport_number).toBe('P98765432')
    }
    const masked = await crm.app.inject({ method: 'GET', url: travellerUrl(traveller), headers: crm.as('analyst') })
    expect(masked.json<Traveller>().passport_number).toBe('•••••5432')
    const listed = await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}/travellers?limit=500`, headers: crm.as('analyst') })
    const numbers = listed.json<Traveller[]>().map((one) => one.passport_number).filter((number) => number !== null)
    expect(numbers.length).toBeGreaterThan(0)
    for (const number of numbers) expect(number).toMatch(/^•••••[A-Z0-9]{4}$/)
  })

  it('change, clear and stay put: the same number again is no change', async () => {
    const traveller = await addTraveller(trip.id, { passport_number: 'A1111111' })
    const same = await crm.app.inject({ method: 'PATCH', url: travellerUrl(traveller), headers: crm.as('agent'), payload: { passport_number: 'a1111111' } })
    expect(same.json()).toMatchObject({ version: 1, passport_number: 'A1111111' })
    const renewed = await crm.app.inject({ method: 'PATCH', url: travellerUrl(traveller), headers: crm.as('agent'), payload: { passport_number: 'B2222222', passport_expiry: '2035-06-30' } })
    expect(renewed.json()).toMatchObject({ version: 2, passport_number: 'B2222222', passport_expiry: '2035-06-30' })
    const cleared = await crm.app.inject({ method: 'PATCH', url: travellerUrl(traveller), headers: crm.as('agent'), payload: { passport_number: null } })
    expect(cleared.json()).toMatchObject({ version: 3, passport_number: null })
    const [row] = await crm.app.orm.em.fork().execute('select passport_number_sealed, passport_key_id from traveller where id = ?', [traveller.id])
    expect(row).toEqual({ passport_number_sealed: null, passport_key_id: null })
  })

  it('a POST answer kept for an Idempotency-Key is kept sealed, and replayed whole', async () => {
    const headers = { ...crm.as('agent', 3), 'idempotency-key': 'traveller-with-passport-1' }
    const payload = aTraveller({ passport_number: 'K55501234' })
    const first = await crm.app.inject({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers, payload })
    const again = await crm.app.inject({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers, payload })
    expect(first.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json()).toEqual(first.json())
    expect(again.json<Traveller>().passport_number).toBe('K55501234')
    const [kept] = await crm.app.orm.em.fork().execute<Array<{ response_body: string }>>(
      'select response_body from idempotency_key where key = ?', ['traveller-with-passport-1'])
    expect(kept?.response_body).toMatch(/^dev\./)
    expect(kept?.response_body).not.toContain('55501234')
  })
})

describe('the passport warning', () => {
  it('warns on the trip and the traveller when a passport expires less than six months after the trip ends', async () => {
    // The trip ends 2027-08-31: six months on is 2028-02-29.
    const own = await createTrip({ start_date: '2027-08-20', end_date: '2027-08-31' })
    const short = await addTraveller(own.id, { passport_expiry: '2028-02-28' })
    const enough = await addTraveller(own.id, { passport_expiry: '2028-02-29' })
    await addTraveller(own.id, { passport_expiry: null, passport_number: null })
    expect(short.warnings).toEqual([{ code: 'PASSPORT_EXPIRES_TOO_SOON', traveller_id: short.id }])
    expect(enough.warnings).toEqual([])
    const read = await crm.app.inject({ method: 'GET', url: `/trips/${own.id}`, headers: crm.as('analyst') })
    expect(read.json<Trip>().warnings).toEqual([{ code: 'PASSPORT_EXPIRES_TOO_SOON', traveller_id: short.id }])

    // A later trip end makes the second one too short as well; a renewed passport clears the first.
    await crm.app.inject({ method: 'PATCH', url: `/trips/${own.id}`, headers: crm.as('agent'), payload: { end_date: '2027-09-01' } })
    await crm.app.inject({ method: 'PATCH', url: travellerUrl(short), headers: crm.as('agent'), payload: { passport_expiry: '2030-01-01' } })
    const listed = await crm.app.inject({ method: 'GET', url: `/trips?client_id=${client.id}&limit=500`, headers: crm.as('analyst') })
    expect(listed.json<Trip[]>().find((one) => one.id === own.id)?.warnings).toEqual([{ code: 'PASSPORT_EXPIRES_TOO_SOON', traveller_id: enough.id }])
  })
})

describe('GET, PATCH and DELETE /trips/:id/travellers/:travellerId', () => {
  it('pages the travellers of one trip in id order', async () => {
    const own = await createTrip()
    const made = [await addTraveller(own.id), await addTraveller(own.id), await addTraveller(own.id)]
    const page = await crm.app.inject({ method: 'GET', url: `/trips/${own.id}/travellers?limit=2&offset=1`, headers: crm.as('analyst') })
    expect(page.json<Traveller[]>().map((one) => one.id)).toEqual([made[1]!.id, made[2]!.id])
    expect(page.headers['x-total-count']).toBe('3')
    const first = await crm.app.inject({ method: 'GET', url: `/trips/${own.id}/travellers?limit=2`, headers: crm.as('analyst') })
    expect(first.headers['link']).toContain('rel="next"')
    await crm.refused({ method: 'GET', url: '/trips/999999/travellers', headers: crm.as('analyst') }, 404, 'CRM_TRIP_NOT_FOUND')
  })

  it('treats a traveller of another trip as missing', async () => {
    const traveller = await addTraveller(trip.id)
    const other = await createTrip()
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      await crm.refused({ method, url: `/trips/${other.id}/travellers/${traveller.id}`, headers: crm.as('admin'), ...(method === 'PATCH' ? { payload: { lead: false } } : {}) }, 404, 'CRM_TRAVELLER_NOT_FOUND')
    }
  })

  it('honours If-Match on PATCH and DELETE', async () => {
    const traveller = await addTraveller(trip.id)
    await crm.refused({ method: 'PATCH', url: travellerUrl(traveller), headers: { ...crm.as('agent'), 'if-match': '"2"' }, payload: { last_name: 'Lopes' } }, 412, 'CRM_STALE_VERSION')
    const changed = await crm.app.inject({ method: 'PATCH', url: travellerUrl(traveller), headers: { ...crm.as('agent'), 'if-match': '"1"' }, payload: { last_name: 'Lopes', nationality: 'BR' } })
    expect(changed.headers['etag']).toBe('"2"')
    expect(changed.json()).toMatchObject({ last_name: 'Lopes', nationality: 'BR' })
    await crm.refused({ method: 'DELETE', url: travellerUrl(traveller), headers: { ...crm.as('admin'), 'if-match': '"1"' } }, 412, 'CRM_STALE_VERSION')
    expect((await crm.app.inject({ method: 'DELETE', url: travellerUrl(traveller), headers: { ...crm.as('admin'), 'if-match': '"2"' } })).statusCode).toBe(204)
    await crm.refused({ method: 'GET', url: travellerUrl(traveller), headers: crm.as('agent') }, 404, 'CRM_TRAVELLER_NOT_FOUND')
  })

  it('refuses an empty PATCH and clears optional fields with null', async () => {
    const traveller = await addTraveller(trip.id, { client_id: client.id })
    await crm.refused({ method: 'PATCH', url: travellerUrl(traveller), headers: crm.as('agent'), payload: {} }, 400, 'VALIDATION_FAILED')
    const cleared = await crm.app.inject({ method: 'PATCH', url: travellerUrl(traveller), headers: crm.as('agent'), payload: { client_id: null, nationality: null, date_of_birth: null } })
    expect(cleared.json()).toMatchObject({ client_id: null, nationality: null, date_of_birth: null, version: 2 })
  })
})
