import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { Client, ClientPayload, Trip, TripPayload } from '@travel-crm/contracts'
import { paymentsOnTrip } from '../../src/events/billing-payments.js'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aClient, aTrip } from '../fixtures.js'

let crm: CrmUnderTest
beforeAll(async () => { crm = await startCrm() })
afterAll(async () => { await crm?.close() })

async function aClientWithATrip (): Promise<{ client: Client, trip: Trip }> {
  const client = (await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })).json<Client>()
  const trip = (await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id) })).json<Trip>()
  return { client, trip }
}

/** Publishes a payment event on the test's stream, as billing's relay would. */
async function billingSays (subject: 'billing.payment.recorded' | 'billing.payment.deleted', paymentId: number, tripId: number): Promise<void> {
  const now = new Date().toISOString()
  await crm.app.bus.js.publish(crm.app.bus.subject(subject), JSON.stringify({
    specversion: '1.0', id: randomUUID(), source: 'travel-crm/billing', type: subject, time: now, subject: `payment/${paymentId}`, datacontenttype: 'application/json',
    data: { id: paymentId, invoice_id: paymentId + 500_000, trip_id: tripId, client_id: 1, amount: '10.00', currency: 'EUR', payment_date: '2027-01-01', payment_method: 'card', reference: null, created_at: now, updated_at: now, created_by: 1, updated_by: 1, version: 1 }
  }))
}

async function eventually (check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!await check()) {
    if (Date.now() > deadline) throw new Error('gave up waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

let nextPayment = 700_000 + Math.floor(Math.random() * 100_000)

async function paidOn (tripId: number, count = 1): Promise<number[]> {
  const ids = Array.from({ length: count }, () => ++nextPayment)
  for (const id of ids) await billingSays('billing.payment.recorded', id, tripId)
  await eventually(async () => await paymentsOnTrip(crm.app.orm.em.fork(), tripId) === count)
  return ids
}

describe('deleting a client or trip with money history', () => {
  it('refuses the trip (409 CRM_TRIP_HAS_PAYMENTS) and its client, naming the count, and writes nothing', async () => {
    const { client, trip } = await aClientWithATrip()
    await paidOn(trip.id, 2)
    const tripRefusal = await crm.refused({ method: 'DELETE', url: `/trips/${trip.id}`, headers: crm.as('admin') }, 409, 'CRM_TRIP_HAS_PAYMENTS')
    expect(tripRefusal.json()).toMatchObject({ payments: 2 })
    expect(tripRefusal.json().detail).toContain('2 payments')
    const clientRefusal = await crm.refused({ method: 'DELETE', url: `/clients/${client.id}`, headers: crm.as('admin') }, 409, 'CRM_CLIENT_HAS_PAYMENTS')
    expect(clientRefusal.json()).toMatchObject({ payments: 2 })
    expect((await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}`, headers: crm.as('agent') })).statusCode).toBe(200)
  })

  it('deletes once the payments are deleted in billing, with the events as before', async () => {
    const { client, trip } = await aClientWithATrip()
    const [payment] = await paidOn(trip.id)
    await billingSays('billing.payment.deleted', payment ?? 0, trip.id)
    await eventually(async () => await paymentsOnTrip(crm.app.orm.em.fork(), trip.id) === 0)
    expect((await crm.app.inject({ method: 'DELETE', url: `/clients/${client.id}`, headers: crm.as('admin') })).statusCode).toBe(204)
    await crm.events.waitFor((event) => event.subject === 'crm.trip.deleted' && (event.envelope.data as TripPayload).id === trip.id)
    await crm.events.waitFor((event) => event.subject === 'crm.client.deleted' && (event.envelope.data as ClientPayload).id === client.id)
  })

  it('still deletes a trip without payments, also one whose client has paid trips elsewhere', async () => {
    const { client, trip } = await aClientWithATrip()
    await paidOn(trip.id)
    const other = (await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id) })).json<Trip>()
    expect((await crm.app.inject({ method: 'DELETE', url: `/trips/${other.id}`, headers: crm.as('admin') })).statusCode).toBe(204)
  })
})

describe('POST /clients/:id/archive and /restore', () => {
  it('archives: out of the default list, in ?archived=include and only, readable by id, with its event', async () => {
    const { client } = await aClientWithATrip()
    const archived = await crm.app.inject({ method: 'POST', url: `/clients/${client.id}/archive`, headers: crm.as('agent', 7) })
    expect(archived.statusCode, archived.body).toBe(200)
    const body = archived.json<Client>()
    expect(Value.Check(Client, body)).toBe(true)
    expect(body).toMatchObject({ id: client.id, version: 2, updated_by: 7 })
    expect(body.archived_at).toEqual(expect.any(String))
    expect(archived.headers['etag']).toBe('"2"')

    const listed = async (query: string) => (await crm.app.inject({ method: 'GET', url: `/clients?email=${encodeURIComponent(client.email)}${query}`, headers: crm.as('analyst') })).json<Client[]>().map((row) => row.id)
    expect(await listed('')).toEqual([])
    expect(await listed('&archived=include')).toEqual([client.id])
    expect(await listed('&archived=only')).toEqual([client.id])
    expect((await crm.app.inject({ method: 'GET', url: `/clients/${client.id}`, headers: crm.as('analyst') })).json()).toEqual(body)
    const [event] = await crm.events.waitFor((published) => published.subject === 'crm.client.archived' && (published.envelope.data as ClientPayload).id === client.id)
    expect(event?.envelope.data).toEqual(body)

    // Archiving again changes nothing: no version, no event.
    const again = await crm.app.inject({ method: 'POST', url: `/clients/${client.id}/archive`, headers: crm.as('agent') })
    expect(again.json()).toEqual(body)

    const restored = await crm.app.inject({ method: 'POST', url: `/clients/${client.id}/restore`, headers: crm.as('admin') })
    expect(restored.json()).toMatchObject({ version: 3, archived_at: null })
    expect(await listed('')).toEqual([client.id])
    expect(await listed('&archived=only')).toEqual([])
    await crm.events.waitFor((published) => published.subject === 'crm.client.restored' && (published.envelope.data as ClientPayload).id === client.id)
    expect((await crm.events.all()).filter((published) => published.subject === 'crm.client.archived' && (published.envelope.data as ClientPayload).id === client.id)).toHaveLength(1)
  })

  it('gives an archived client no new trip, nor a trip moved to it (409 CRM_CLIENT_ARCHIVED)', async () => {
    const { client } = await aClientWithATrip()
    const other = await aClientWithATrip()
    await crm.app.inject({ method: 'POST', url: `/clients/${client.id}/archive`, headers: crm.as('agent') })
    await crm.refused({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id) }, 409, 'CRM_CLIENT_ARCHIVED')
    await crm.refused({ method: 'PATCH', url: `/trips/${other.trip.id}`, headers: crm.as('agent'), payload: { client_id: client.id } }, 409, 'CRM_CLIENT_ARCHIVED')
  })

  it('honours If-Match, answers 404 for no such client, and is not for analysts', async () => {
    const { client } = await aClientWithATrip()
    await crm.refused({ method: 'POST', url: `/clients/${client.id}/archive`, headers: { ...crm.as('agent'), 'if-match': '"7"' } }, 412, 'CRM_STALE_VERSION')
    await crm.refused({ method: 'POST', url: '/clients/999999999/archive', headers: crm.as('agent') }, 404, 'CRM_CLIENT_NOT_FOUND')
    expect((await crm.app.inject({ method: 'POST', url: `/clients/${client.id}/archive`, headers: crm.as('analyst') })).statusCode).toBe(403)
  })
})

describe('POST /trips/:id/archive and /restore', () => {
  it('archives a trip out of the default list, keeps it readable, and restores it', async () => {
    const { client, trip } = await aClientWithATrip()
    const archived = await crm.app.inject({ method: 'POST', url: `/trips/${trip.id}/archive`, headers: crm.as('agent') })
    expect(archived.statusCode, archived.body).toBe(200)
    expect(Value.Check(Trip, archived.json())).toBe(true)
    expect(archived.json<Trip>().archived_at).toEqual(expect.any(String))
    const listed = async (query: string) => (await crm.app.inject({ method: 'GET', url: `/trips?client_id=${client.id}${query}`, headers: crm.as('agent') })).json<Trip[]>().map((row) => row.id)
    expect(await listed('')).toEqual([])
    expect(await listed('&archived=include')).toEqual([trip.id])
    expect((await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}`, headers: crm.as('agent') })).statusCode).toBe(200)
    await crm.events.waitFor((published) => published.subject === 'crm.trip.archived' && (published.envelope.data as TripPayload).id === trip.id)
    const restored = await crm.app.inject({ method: 'POST', url: `/trips/${trip.id}/restore`, headers: crm.as('agent') })
    expect(restored.json()).toMatchObject({ archived_at: null })
    expect(await listed('')).toEqual([trip.id])
  })

  it('refuses an unknown trip (404) and a stale If-Match (412)', async () => {
    const { trip } = await aClientWithATrip()
    await crm.refused({ method: 'POST', url: '/trips/999999999/restore', headers: crm.as('agent') }, 404, 'CRM_TRIP_NOT_FOUND')
    await crm.refused({ method: 'POST', url: `/trips/${trip.id}/archive`, headers: { ...crm.as('agent'), 'if-match': '"9"' } }, 412, 'CRM_STALE_VERSION')
  })
})

describe('client notes', () => {
  it('answer the original\'s `timestamp` beside created_at', async () => {
    const { client } = await aClientWithATrip()
    const written = await crm.app.inject({ method: 'POST', url: `/clients/${client.id}/notes`, headers: crm.as('agent'), payload: { note: 'Prefers aisle seats' } })
    const note = written.json<{ created_at: string, timestamp: string }>()
    expect(note.timestamp).toBe(note.created_at)
    const [listed] = (await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/notes`, headers: crm.as('agent') })).json<Array<{ created_at: string, timestamp: string }>>()
    expect(listed?.timestamp).toBe(listed?.created_at)
  })
})
