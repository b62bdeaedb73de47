import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { Supplier, type Client, type Trip } from '@travel-crm/contracts'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aBooking, aClient, aSupplier, aTrip } from '../fixtures.js'

let crm: CrmUnderTest

async function createSupplier (overrides: Record<string, unknown> = {}): Promise<Supplier> {
  const response = await crm.app.inject({ method: 'POST', url: '/suppliers', headers: crm.as('agent'), payload: aSupplier(overrides) })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Supplier>()
}

beforeAll(async () => { crm = await startCrm() })
afterAll(async () => { await crm?.close() })

describe('POST /suppliers', () => {
  it('creates a supplier: 201, the whole record, Location and ETag', async () => {
    const response = await crm.app.inject({ method: 'POST', url: '/suppliers', headers: crm.as('admin', 4), payload: aSupplier({ name: ' Lufthansa ', default_commission_rate: 7.5 }) })
    expect(response.statusCode).toBe(201)
    const supplier = response.json<Supplier>()
    expect(Value.Check(Supplier, supplier)).toBe(true)
    expect(supplier).toMatchObject({ name: 'Lufthansa', kind: 'airline', default_commission_rate: '7.50', created_by: 4, version: 1 })
    expect(response.headers['location']).toBe(`/suppliers/${supplier.id}`)
    expect(response.headers['etag']).toBe('"1"')
    expect((await crm.app.inject({ method: 'GET', url: `/suppliers/${supplier.id}`, headers: crm.as('analyst') })).json()).toEqual(supplier)
  })

  it('needs only a name and a kind: no contact, no commission', async () => {
    const response = await crm.app.inject({ method: 'POST', url: '/suppliers', headers: crm.as('agent'), payload: { name: 'Hotel Adlon Kempinski', kind: 'hotel' } })
    expect(response.json()).toMatchObject({ email: null, phone: null, default_commission_rate: '0.00' })
    expect((await createSupplier({ default_commission_rate: '100' })).default_commission_rate).toBe('100.00')
  })

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['a missing name', { name: undefined }],
    ['a kind that is not one', { kind: 'train' }],
    ['a missing kind', { kind: undefined }],
    ['an email that is not one', { email: 'reservations' }],
    ['a rate over 100', { default_commission_rate: '100.01' }],
    ['a negative rate', { default_commission_rate: -1 }],
    ['a rate with three decimals', { default_commission_rate: '7.125' }],
    ['a phone of 31 characters', { phone: '1'.repeat(31) }],
    ['an unknown field', { iata: 'TP' }]
  ]
  it.each(invalid)('refuses %s with 400 and writes nothing', async (_case, overrides) => {
    await crm.refused({ method: 'POST', url: '/suppliers', headers: crm.as('agent'), payload: aSupplier(overrides) }, 400, 'VALIDATION_FAILED')
  })

  it('lets admins and agents create and change, analysts read, admins alone delete', async () => {
    await crm.refused({ method: 'POST', url: '/suppliers', headers: crm.as('analyst'), payload: aSupplier() }, 403, 'FORBIDDEN')
    const supplier = await createSupplier()
    await crm.refused({ method: 'PATCH', url: `/suppliers/${supplier.id}`, headers: crm.as('analyst'), payload: { name: 'X' } }, 403, 'FORBIDDEN')
    await crm.refused({ method: 'DELETE', url: `/suppliers/${supplier.id}`, headers: crm.as('agent') }, 403, 'FORBIDDEN')
    expect((await crm.app.inject({ method: 'DELETE', url: `/suppliers/${supplier.id}`, headers: crm.as('admin') })).statusCode).toBe(204)
    await crm.refused({ method: 'GET', url: `/suppliers/${supplier.id}`, headers: crm.as('analyst') }, 404, 'CRM_SUPPLIER_NOT_FOUND')
  })
})

describe('GET /suppliers', () => {
  it('filters by part of the name and by kind, and pages', async () => {
    const made = [
      await createSupplier({ name: 'Pestana Palace Lisboa', kind: 'hotel' }),
      await createSupplier({ name: 'Pestana Porto', kind: 'hotel' }),
      await createSupplier({ name: 'Pestana Cruises', kind: 'cruise' })
    ]
    const list = async (query: string) => {
      const response = await crm.app.inject({ method: 'GET', url: `/suppliers?${query}`, headers: crm.as('analyst') })
      expect(response.statusCode, response.body).toBe(200)
      return { ids: response.json<Supplier[]>().map((supplier) => supplier.id), total: response.headers['x-total-count'] }
    }
    expect(await list('name=pestana')).toEqual({ ids: made.map((one) => one.id), total: '3' })
    expect(await list('name=pestana&kind=hotel')).toEqual({ ids: [made[0]!.id, made[1]!.id], total: '2' })
    expect(await list('name=po&kind=hotel')).toEqual({ ids: [made[1]!.id], total: '1' })
    expect(await list('name=pestana&limit=1&offset=2')).toEqual({ ids: [made[2]!.id], total: '3' })
    expect((await crm.app.inject({ method: 'GET', url: '/suppliers?kind=train', headers: crm.as('analyst') })).statusCode).toBe(400)
  })
})

describe('PATCH and DELETE /suppliers/:id', () => {
  it('changes only what is given, keeps the version when nothing changes, honours If-Match', async () => {
    const supplier = await createSupplier()
    const same = await crm.app.inject({ method: 'PATCH', url: `/suppliers/${supplier.id}`, headers: crm.as('agent'), payload: { default_commission_rate: 7.5 } })
    expect(same.json()).toMatchObject({ version: 1 })
    await crm.refused({ method: 'PATCH', url: `/suppliers/${supplier.id}`, headers: { ...crm.as('agent'), 'if-match': '"3"' }, payload: { phone: null } }, 412, 'CRM_STALE_VERSION')
    const changed = await crm.app.inject({ method: 'PATCH', url: `/suppliers/${supplier.id}`, headers: { ...crm.as('agent'), 'if-match': '"1"' }, payload: { phone: null, email: null } })
    expect(changed.json()).toMatchObject({ phone: null, email: null, name: 'TAP Air Portugal', version: 2 })
    expect(changed.headers['etag']).toBe('"2"')
    await crm.refused({ method: 'PATCH', url: '/suppliers/999999', headers: crm.as('agent'), payload: { phone: null } }, 404, 'CRM_SUPPLIER_NOT_FOUND')
  })

  it('refuses to delete a supplier with bookings, naming how many, cancelled ones included', async () => {
    const client = (await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })).json<Client>()
    const trip = (await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id) })).json<Trip>()
    const supplier = await createSupplier()
    for (const status of ['confirmed', 'cancelled']) {
      const booked = await crm.app.inject({ method: 'POST', url: `/trips/${trip.id}/bookings`, headers: crm.as('agent'), payload: aBooking(supplier.id, { status }) })
      expect(booked.statusCode, booked.body).toBe(201)
    }
    const refused = await crm.refused({ method: 'DELETE', url: `/suppliers/${supplier.id}`, headers: crm.as('admin') }, 409, 'CRM_SUPPLIER_HAS_BOOKINGS')
    expect(refused.json<{ detail: string }>().detail).toContain(`Supplier ${supplier.id} has 2 bookings`)
    await crm.app.inject({ method: 'DELETE', url: `/trips/${trip.id}`, headers: crm.as('admin') })
    expect((await crm.app.inject({ method: 'DELETE', url: `/suppliers/${supplier.id}`, headers: crm.as('admin') })).statusCode).toBe(204)
  })
})
