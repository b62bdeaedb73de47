import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { ClientPayload, EVENT_CATALOGUE, NotePayload, TripPayload, type Booking, type Client, type EventSubject, type Note, type Supplier, type Traveller, type Trip } from '@travel-crm/contracts'
import { startCrm, type CrmUnderTest, type PublishedEvent } from './crm-under-test.js'
import { aBooking, aClient, aSupplier, aTraveller, aTrip } from './fixtures.js'

let crm: CrmUnderTest

beforeAll(async () => { crm = await startCrm() })
afterAll(async () => { await crm?.close() })

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

/** Headers of a traced request by a user, with a request id of its own to find its events by. */
function traced (role: 'admin' | 'agent', userId: number) {
  const requestId = `test-${randomUUID()}`
  return { requestId, headers: { ...crm.as(role, userId), 'x-request-id': requestId, traceparent: TRACEPARENT } }
}

async function send (method: 'POST' | 'PATCH' | 'DELETE', url: string, role: 'admin' | 'agent', userId: number, payload?: object) {
  const { requestId, headers } = traced(role, userId)
  const response = await crm.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })
  expect(response.statusCode, response.body).toBeLessThan(300)
  return { requestId, body: response.body === '' ? undefined : response.json<unknown>() }
}

/** A trip as its events give it: the record, without the totals and warnings the API works out. */
function recordOf (trip: unknown): unknown {
  const { totals: _totals, warnings: _warnings, ...record } = trip as Trip
  return record
}

const ofRequest = (requestId: string) => (event: PublishedEvent) => event.envelope.requestid === requestId

function expectEnvelope (event: PublishedEvent, subject: EventSubject, about: string, actor: number, requestId: string): void {
  expect(event.subject).toBe(subject)
  expect(event.envelope).toMatchObject({
    specversion: '1.0', source: 'travel-crm/crm', type: subject, subject: about, datacontenttype: 'application/json',
    actorid: String(actor), requestid: requestId, traceparent: TRACEPARENT
  })
  expect(event.msgId).toBe(event.envelope.id)
  expect(Date.parse(event.envelope.time)).not.toBeNaN()
  expect(Value.Check(EVENT_CATALOGUE[subject].payload, event.envelope.data), JSON.stringify(event.envelope.data)).toBe(true)
}

/** A note as its events carry it: without the original API's `timestamp`, which only the REST answer adds. */
function asEvent (note: Note): Omit<Note, 'timestamp'> {
  const { timestamp: _timestamp, ...event } = note
  return event
}

describe('events on NATS', () => {
  it('crm.client.created, updated and deleted carry the whole client and its version', async () => {
    const created = await send('POST', '/clients', 'agent', 21, aClient())
    const client = created.body as Client
    const updated = await send('PATCH', `/clients/${client.id}`, 'agent', 22, { name: 'Renamed' })
    const deleted = await send('DELETE', `/clients/${client.id}`, 'admin', 23)

    const [onCreate] = await crm.events.waitFor(ofRequest(created.requestId))
    expectEnvelope(onCreate!, 'crm.client.created', `client/${client.id}`, 21, created.requestId)
    expect(onCreate!.envelope.data).toEqual(client)
    expect(Value.Check(ClientPayload, onCreate!.envelope.data)).toBe(true)

    const [onUpdate] = await crm.events.waitFor(ofRequest(updated.requestId))
    expectEnvelope(onUpdate!, 'crm.client.updated', `client/${client.id}`, 22, updated.requestId)
    expect(onUpdate!.envelope.data).toEqual(asEvent(updated.body as Note))
    expect(onUpdate!.envelope.data).toMatchObject({ name: 'Renamed', version: 2 })

    const [onDelete] = await crm.events.waitFor(ofRequest(deleted.requestId))
    expectEnvelope(onDelete!, 'crm.client.deleted', `client/${client.id}`, 23, deleted.requestId)
    // The deletion is a change too: by whoever deleted it, when, one version on.
    expect(onDelete!.envelope.data).toEqual({ ...(updated.body as Client), version: 3, updated_by: 23, updated_at: expect.any(String) })
  })

  it('crm.trip.* carry the whole trip: price as a decimal string, notes null when absent', async () => {
    const client = (await send('POST', '/clients', 'agent', 2, aClient())).body as Client
    const created = await send('POST', '/trips', 'agent', 31, aTrip(client.id, { notes: undefined, price: 800 }))
    const trip = created.body as Trip
    const updated = await send('PATCH', `/trips/${trip.id}`, 'admin', 32, { destination: 'Madeira' })
    const deleted = await send('DELETE', `/trips/${trip.id}`, 'admin', 33)

    const [onCreate] = await crm.events.waitFor(ofRequest(created.requestId))
    expectEnvelope(onCreate!, 'crm.trip.created', `trip/${trip.id}`, 31, created.requestId)
    expect(onCreate!.envelope.data).toEqual(recordOf(trip))
    expect(onCreate!.envelope.data).toMatchObject({ price: '800.00', notes: null, client_id: client.id })
    expect(Value.Check(TripPayload, onCreate!.envelope.data)).toBe(true)

    const [onUpdate] = await crm.events.waitFor(ofRequest(updated.requestId))
    expectEnvelope(onUpdate!, 'crm.trip.updated', `trip/${trip.id}`, 32, updated.requestId)
    expect(onUpdate!.envelope.data).toEqual(recordOf(updated.body))

    const onDelete = await crm.events.waitFor(ofRequest(deleted.requestId))
    expect(onDelete).toHaveLength(1)
    expectEnvelope(onDelete[0]!, 'crm.trip.deleted', `trip/${trip.id}`, 33, deleted.requestId)
    expect(onDelete[0]!.envelope.data).toEqual({ ...(recordOf(updated.body) as Trip), version: 3, updated_by: 33, updated_at: expect.any(String) })
  })

  it('crm.note.* carry the client, the note, who wrote it and its version', async () => {
    const client = (await send('POST', '/clients', 'agent', 2, aClient())).body as Client
    const created = await send('POST', `/clients/${client.id}/notes`, 'agent', 41, { note: 'VIP' })
    const note = created.body as Note
    const updated = await send('PATCH', `/clients/${client.id}/notes/${note.id}`, 'agent', 42, { note: 'VIP, vegetarian' })
    const deleted = await send('DELETE', `/clients/${client.id}/notes/${note.id}`, 'admin', 43)

    const [onCreate] = await crm.events.waitFor(ofRequest(created.requestId))
    expectEnvelope(onCreate!, 'crm.note.created', `note/${note.id}`, 41, created.requestId)
    expect(onCreate!.envelope.data).toEqual(asEvent(note))
    expect(Value.Check(NotePayload, onCreate!.envelope.data)).toBe(true)
    expect(onCreate!.envelope.data).toMatchObject({ client_id: client.id, note: 'VIP', created_by: 41 })

    const [onUpdate] = await crm.events.waitFor(ofRequest(updated.requestId))
    expectEnvelope(onUpdate!, 'crm.note.updated', `note/${note.id}`, 42, updated.requestId)
    expect(onUpdate!.envelope.data).toEqual(asEvent(updated.body as Note))

    const [onDelete] = await crm.events.waitFor(ofRequest(deleted.requestId))
    expectEnvelope(onDelete!, 'crm.note.deleted', `note/${note.id}`, 43, deleted.requestId)
    expect(onDelete!.envelope.data).toEqual({ ...asEvent(updated.body as Note), version: 3, updated_by: 43, updated_at: expect.any(String) })
  })

  it('deleting a client emits crm.trip.deleted and crm.note.deleted for each of its trips and notes, then crm.client.deleted', async () => {
    const client = (await send('POST', '/clients', 'agent', 2, aClient())).body as Client
    const bystander = (await send('POST', '/clients', 'agent', 2, aClient())).body as Client
    const trips = [
      (await send('POST', '/trips', 'agent', 2, aTrip(client.id))).body as Trip,
      (await send('POST', '/trips', 'agent', 2, aTrip(client.id, { destination: 'Azores' }))).body as Trip
    ]
    const changedTrip = (await send('PATCH', `/trips/${trips[1]!.id}`, 'agent', 2, { price: 10 })).body as Trip
    const notes = [
      (await send('POST', `/clients/${client.id}/notes`, 'agent', 2, { note: 'one' })).body as Note,
      (await send('POST', `/clients/${client.id}/notes`, 'agent', 2, { note: 'two' })).body as Note
    ]
    const bystanderTrip = (await send('POST', '/trips', 'agent', 2, aTrip(bystander.id))).body as Trip

    const deleted = await send('DELETE', `/clients/${client.id}`, 'admin', 1)
    const events = await crm.events.waitFor(ofRequest(deleted.requestId), 5)
    expect(events.map((event) => `${event.subject} ${event.envelope.subject}`)).toEqual([
      `crm.trip.deleted trip/${trips[0]!.id}`,
      `crm.trip.deleted trip/${trips[1]!.id}`,
      `crm.note.deleted note/${notes[0]!.id}`,
      `crm.note.deleted note/${notes[1]!.id}`,
      `crm.client.deleted client/${client.id}`
    ])
    for (const event of events) expectEnvelope(event, event.subject as EventSubject, event.envelope.subject, 1, deleted.requestId)
    expect(events.map((event) => event.envelope.data)).toEqual([
      { ...(recordOf(trips[0]) as Trip), version: 2, updated_by: 1, updated_at: expect.any(String) },
      { ...(recordOf(changedTrip) as Trip), version: 3, updated_by: 1, updated_at: expect.any(String) },
      { ...asEvent(notes[0]!), version: 2, updated_by: 1, updated_at: expect.any(String) },
      { ...asEvent(notes[1]!), version: 2, updated_by: 1, updated_at: expect.any(String) },
      { ...client, version: 2, updated_by: 1, updated_at: expect.any(String) }
    ])

    // Nothing of the client is left; the other client keeps its trip.
    for (const trip of trips) {
      expect((await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}`, headers: crm.as('admin') })).statusCode).toBe(404)
    }
    expect((await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/notes`, headers: crm.as('admin') })).statusCode).toBe(404)
    const [left] = await crm.app.orm.em.fork().execute<Array<{ trips: string, notes: string }>>(
      'select (select count(*) from trip where client_id = ?) as trips, (select count(*) from client_note where client_id = ?) as notes', [client.id, client.id])
    expect(left).toEqual({ trips: '0', notes: '0' })
    expect((await crm.app.inject({ method: 'GET', url: `/trips/${bystanderTrip.id}`, headers: crm.as('admin') })).json()).toEqual(bystanderTrip)
  })

  it('deletes a client with its trips and notes in one transaction: when one part fails, nothing is deleted or announced', async () => {
    const client = (await send('POST', '/clients', 'agent', 2, aClient())).body as Client
    const trip = (await send('POST', '/trips', 'agent', 2, aTrip(client.id))).body as Trip
    await send('POST', `/clients/${client.id}/notes`, 'agent', 2, { note: 'held by a trigger' })
    // A real failure inside the transaction, after the trips are gone: the database refuses to delete this note.
    const em = crm.app.orm.em.fork()
    await em.execute(`create function refuse_note_delete() returns trigger language plpgsql as $$
      begin raise exception 'note % may not be deleted', old.id; end $$`)
    await em.execute(`create trigger refuse_note_delete before delete on client_note for each row
      when (old.note = 'held by a trigger') execute function refuse_note_delete()`)
    try {
      const before = await crm.rowCounts()
      const response = await crm.app.inject({ method: 'DELETE', url: `/clients/${client.id}`, headers: crm.as('admin') })
      expect(response.statusCode).toBe(500)
      expect(await crm.rowCounts()).toEqual(before)
      expect((await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}`, headers: crm.as('admin') })).json()).toEqual(trip)
    } finally {
      await em.execute('drop trigger refuse_note_delete on client_note')
      await em.execute('drop function refuse_note_delete()')
    }
  })

  it('a status change names the status the trip left; other changes carry none', async () => {
    const client = (await send('POST', '/clients', 'agent', 2, aClient())).body as Client
    const trip = (await send('POST', '/trips', 'agent', 2, aTrip(client.id, { status: 'inquiry' }))).body as Trip
    const quoted = await send('PATCH', `/trips/${trip.id}`, 'agent', 2, { status: 'quoted', price: 900 })
    const renamed = await send('PATCH', `/trips/${trip.id}`, 'agent', 2, { destination: 'Porto' })
    const [onQuote] = await crm.events.waitFor(ofRequest(quoted.requestId))
    expect(onQuote!.envelope.data).toEqual({ ...(recordOf(quoted.body) as Trip), previous_status: 'inquiry' })
    expect(onQuote!.envelope.data).toMatchObject({ status: 'quoted', price: '900.00' })
    const [onRename] = await crm.events.waitFor(ofRequest(renamed.requestId))
    expect(onRename!.envelope.data).toEqual(recordOf(renamed.body))
    expect(onRename!.envelope.data).not.toHaveProperty('previous_status')
  })

  it('crm.traveller.*, crm.supplier.* and crm.booking.* carry the whole record, never a passport number', async () => {
    const client = (await send('POST', '/clients', 'agent', 2, aClient())).body as Client
    const trip = (await send('POST', '/trips', 'agent', 2, aTrip(client.id))).body as Trip
    const addedTraveller = await send('POST', `/trips/${trip.id}/travellers`, 'agent', 51, aTraveller({ passport_number: 'ZX9876543', client_id: client.id }))
    const traveller = addedTraveller.body as Traveller
    const renewed = await send('PATCH', `/trips/${trip.id}/travellers/${traveller.id}`, 'agent', 52, { passport_number: 'ZX1112223' })
    const addedSupplier = await send('POST', '/suppliers', 'admin', 53, aSupplier({ default_commission_rate: 10 }))
    const supplier = addedSupplier.body as Supplier
    const addedBooking = await send('POST', `/trips/${trip.id}/bookings`, 'agent', 54, aBooking(supplier.id, { sell_price: '33.35', cost: '30.00' }))
    const booking = addedBooking.body as Booking
    const confirmed = await send('PATCH', `/trips/${trip.id}/bookings/${booking.id}`, 'agent', 55, { status: 'confirmed' })

    const [onTraveller] = await crm.events.waitFor(ofRequest(addedTraveller.requestId))
    expectEnvelope(onTraveller!, 'crm.traveller.created', `traveller/${traveller.id}`, 51, addedTraveller.requestId)
    const { passport_number: _number, warnings: _warnings, ...travellerRecord } = traveller
    expect(onTraveller!.envelope.data).toEqual({ ...travellerRecord, has_passport_number: true })
    const [onRenew] = await crm.events.waitFor(ofRequest(renewed.requestId))
    expectEnvelope(onRenew!, 'crm.traveller.updated', `traveller/${traveller.id}`, 52, renewed.requestId)
    expect(onRenew!.envelope.data).toMatchObject({ version: 2, has_passport_number: true, passport_expiry: '2032-01-31' })

    const [onSupplier] = await crm.events.waitFor(ofRequest(addedSupplier.requestId))
    expectEnvelope(onSupplier!, 'crm.supplier.created', `supplier/${supplier.id}`, 53, addedSupplier.requestId)
    expect(onSupplier!.envelope.data).toEqual(supplier)

    const [onBooking] = await crm.events.waitFor(ofRequest(addedBooking.requestId))
    expectEnvelope(onBooking!, 'crm.booking.created', `booking/${booking.id}`, 54, addedBooking.requestId)
    expect(onBooking!.envelope.data).toEqual(booking)
    expect(onBooking!.envelope.data).toMatchObject({
      trip_id: trip.id, supplier_id: supplier.id, currency: 'EUR', cost: '30.00', sell_price: '33.35', commission: '3.34',
      commission_rate: '10.00', status: 'pending', start_date: '2027-05-01', end_date: '2027-05-08'
    })
    const [onConfirm] = await crm.events.waitFor(ofRequest(confirmed.requestId))
    expect(onConfirm!.envelope.data).toEqual(confirmed.body)

    for (const event of await crm.events.all()) {
      expect(JSON.stringify(event.envelope)).not.toMatch(/ZX9876543|ZX1112223|9876543|1112223/)
    }
  })

  it('deleting a trip, or its client, deletes its travellers and bookings with their events first', async () => {
    const client = (await send('POST', '/clients', 'agent', 2, aClient())).body as Client
    const supplier = (await send('POST', '/suppliers', 'admin', 1, aSupplier())).body as Supplier
    const tripOf = async () => {
      const trip = (await send('POST', '/trips', 'agent', 2, aTrip(client.id))).body as Trip
      const traveller = (await send('POST', `/trips/${trip.id}/travellers`, 'agent', 2, aTraveller())).body as Traveller
      const booking = (await send('POST', `/trips/${trip.id}/bookings`, 'agent', 2, aBooking(supplier.id))).body as Booking
      return { trip, traveller, booking }
    }
    const first = await tripOf()
    const second = await tripOf()
    // The client also travels on someone else's trip: that traveller stays, no longer linked to a client.
    const other = (await send('POST', '/clients', 'agent', 2, aClient())).body as Client
    const otherTrip = (await send('POST', '/trips', 'agent', 2, aTrip(other.id))).body as Trip
    const guest = (await send('POST', `/trips/${otherTrip.id}/travellers`, 'agent', 2, aTraveller({ client_id: client.id }))).body as Traveller

    const tripDeleted = await send('DELETE', `/trips/${first.trip.id}`, 'admin', 1)
    expect((await crm.events.waitFor(ofRequest(tripDeleted.requestId), 3)).map((event) => `${event.subject} ${event.envelope.subject}`)).toEqual([
      `crm.traveller.deleted traveller/${first.traveller.id}`,
      `crm.booking.deleted booking/${first.booking.id}`,
      `crm.trip.deleted trip/${first.trip.id}`
    ])

    const clientDeleted = await send('DELETE', `/clients/${client.id}`, 'admin', 1)
    const events = await crm.events.waitFor(ofRequest(clientDeleted.requestId), 5)
    expect(events.map((event) => `${event.subject} ${event.envelope.subject}`)).toEqual([
      `crm.traveller.deleted traveller/${second.traveller.id}`,
      `crm.booking.deleted booking/${second.booking.id}`,
      `crm.traveller.updated traveller/${guest.id}`,
      `crm.trip.deleted trip/${second.trip.id}`,
      `crm.client.deleted client/${client.id}`
    ])
    expect(events[1]!.envelope.data).toEqual({ ...second.booking, version: 2, updated_by: 1, updated_at: expect.any(String) })
    expect(events[2]!.envelope.data).toMatchObject({ id: guest.id, client_id: null, version: 2 })
    const [left] = await crm.app.orm.em.fork().execute<Array<{ travellers: string, bookings: string }>>(
      'select (select count(*) from traveller where trip_id in (?, ?)) as travellers, (select count(*) from booking where trip_id in (?, ?)) as bookings',
      [first.trip.id, second.trip.id, first.trip.id, second.trip.id])
    expect(left).toEqual({ travellers: '0', bookings: '0' })
    // With its bookings gone the supplier may go too.
    expect((await crm.app.inject({ method: 'DELETE', url: `/suppliers/${supplier.id}`, headers: crm.as('admin') })).statusCode).toBe(204)
  })

  it('publishes only events that match the catalogue', async () => {
    expect((await crm.events.all()).length).toBeGreaterThan(0)
    for (const event of await crm.events.all()) {
      const subject = event.subject as EventSubject
      expect(Object.keys(EVENT_CATALOGUE), event.subject).toContain(subject)
      expect(Value.Check(EVENT_CATALOGUE[subject].payload, event.envelope.data), event.subject).toBe(true)
    }
  })
})
