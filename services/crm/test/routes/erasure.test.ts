import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { ClientErasedPayload, ClientErasure, PERSONAL_DATA_SUBJECTS, PersonalData, type Client } from '@travel-crm/contracts'
import { ClientKeys } from '@travel-crm/service-kit/messaging'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aClient, aTraveller, aTrip } from '../fixtures.js'

let crm: CrmUnderTest

beforeAll(async () => { crm = await startCrm() })
afterAll(async () => { await crm?.close() })

async function post<T> (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}): Promise<T> {
  const response = await crm.app.inject({ method: 'POST', url, headers: { ...crm.as('agent'), ...headers }, payload })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<T>()
}

/** A client with everything personal crm holds: a note, a trip with notes, a traveller with a passport, linked. */
async function aClientWithHistory (email: string) {
  const client = await post<Client>('/clients', aClient({ name: 'Greta Lindqvist', email, company: 'Lindqvist AB' }), { 'idempotency-key': `client-${email}` })
  const note = await post<{ id: number }>(`/clients/${client.id}/notes`, { note: 'Allergic to peanuts, prefers aisle' })
  const trip = await post<{ id: number }>('/trips', aTrip(client.id, { notes: 'Honeymoon, keep it secret' }))
  const traveller = await post<{ id: number }>(`/trips/${trip.id}/travellers`, aTraveller({ first_name: 'Greta', last_name: 'Lindqvist', client_id: client.id }))
  return { client, note, trip, traveller }
}

describe('POST /clients/:id/erase', () => {
  it('replaces the personal data in crm, keeps the trip, and announces the records it erased', async () => {
    const email = `greta.${Date.now()}@example.se`
    const { client, note, trip, traveller } = await aClientWithHistory(email)
    const response = await crm.app.inject({
      method: 'POST', url: `/clients/${client.id}/erase`, headers: crm.as('admin', 3), payload: { reason: ' Asked by email on 2027-01-02 ' }
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(Value.Check(ClientErasure, response.json())).toBe(true)
    expect(response.json()).toMatchObject({ client_id: client.id, erased_by: 3, reason: 'Asked by email on 2027-01-02' })

    const read = await crm.app.inject({ method: 'GET', url: `/clients/${client.id}`, headers: crm.as('admin') })
    expect(read.json()).toMatchObject({ name: `Erased client ${client.id}`, email: `erased-client-${client.id}@erased.invalid`, phone: '', company: null, version: 2 })
    const notes = await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/notes`, headers: crm.as('admin') })
    expect(notes.json()).toEqual([])
    const readTrip = await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}`, headers: crm.as('admin') })
    expect(readTrip.json()).toMatchObject({ id: trip.id, price: '1250.00', notes: null })
    const readTraveller = await crm.app.inject({ method: 'GET', url: `/trips/${trip.id}/travellers/${traveller.id}`, headers: crm.as('admin') })
    expect(readTraveller.json()).toMatchObject({
      first_name: 'Erased', last_name: 'Traveller', date_of_birth: null, nationality: null, passport_number: null, passport_expiry: null
    })

    const [erased] = await crm.events.waitFor((event) => event.subject === 'crm.client.erased' && event.envelope.subject === `client/${client.id}`)
    const payload = erased?.envelope.data
    expect(Value.Check(ClientErasedPayload, payload)).toBe(true)
    expect(payload).toMatchObject({ client_id: client.id, note_ids: [note.id], trip_ids: [trip.id], traveller_ids: [traveller.id], erased_by: 3 })
    expect(erased?.envelope.actorid).toBe('3')

    // What crm keeps besides its tables (the outbox, the remembered answer to the create) holds nothing personal.
    const kept = await crm.app.orm.em.fork().execute<Array<{ text: string }>>(
      `select envelope::text as text from outbox union all select response_body from idempotency_key where response_body is not null
       union all select row_to_json(t)::text from client_erasure t`
    )
    const everything = kept.map((row) => row.text).join('\n')
    for (const secret of ['Greta', 'Lindqvist', email, 'peanuts', 'Honeymoon', '1988-03-14', 'CB1234567']) expect(everything).not.toContain(secret)
    // The stream: before the erasure the client's personal fields were sealed; now nothing can open them.
    const fresh = new ClientKeys(crm.app.bus)
    const history = (await crm.events.all()).filter((event) => JSON.stringify(event.sealed.data).includes(`"id":${client.id}`) || event.envelope.subject === `note/${note.id}` || event.envelope.subject === `traveller/${traveller.id}`)
    expect(history.map((event) => event.subject)).toEqual(expect.arrayContaining(['crm.client.created', 'crm.note.created', 'crm.trip.created', 'crm.traveller.created']))
    for (const event of history) {
      const raw = JSON.stringify(event.sealed)
      for (const secret of ['Greta', 'Lindqvist', email, 'peanuts', 'Honeymoon', '1988-03-14']) expect(raw).not.toContain(secret)
      const reopened = JSON.stringify(await fresh.open(event.sealed))
      for (const secret of ['Greta', 'Lindqvist', email, 'peanuts', 'Honeymoon', '1988-03-14']) expect(reopened).not.toContain(secret)
    }
    const created = history.find((event) => event.subject === 'crm.client.created')
    expect((await fresh.open(created!.sealed)).data).toMatchObject({ name: `Erased client ${client.id}`, email: `erased-client-${client.id}@erased.invalid`, phone: '', company: null })
    expect(created?.sealed.sealedwith).toMatch(new RegExp(`^c${client.id}-`))

    const retried = await crm.app.inject({ method: 'POST', url: '/clients', headers: { ...crm.as('agent'), 'idempotency-key': `client-${email}` }, payload: aClient({ name: 'Greta Lindqvist', email, company: 'Lindqvist AB' }) })
    expect(retried.json()).toMatchObject({ id: client.id, name: `Erased client ${client.id}` })
  })

  it('is for admins, needs a reason, and answers 404 for a client that does not exist', async () => {
    const client = await post<Client>('/clients', aClient())
    await crm.refused({ method: 'POST', url: `/clients/${client.id}/erase`, headers: crm.as('agent'), payload: { reason: 'asked' } }, 403, 'FORBIDDEN')
    await crm.refused({ method: 'POST', url: `/clients/${client.id}/erase`, headers: crm.as('admin'), payload: {} }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'POST', url: `/clients/${client.id}/erase`, headers: crm.as('admin'), payload: { reason: '   ' } }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'POST', url: '/clients/999999/erase', headers: crm.as('admin'), payload: { reason: 'asked' } }, 404, 'CRM_CLIENT_NOT_FOUND')
  })

  it('erasing twice erases what was added since and keeps the latest reason', async () => {
    const client = await post<Client>('/clients', aClient())
    const erase = async (reason: string) => await crm.app.inject({ method: 'POST', url: `/clients/${client.id}/erase`, headers: crm.as('admin'), payload: { reason } })
    expect((await erase('first')).statusCode).toBe(200)
    await post(`/clients/${client.id}/notes`, { note: 'Written after the erasure' })
    expect((await erase('second')).json()).toMatchObject({ reason: 'second' })
    const notes = await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/notes`, headers: crm.as('admin') })
    expect(notes.json()).toEqual([])
  })
})

describe('GET /clients/:id/personal-data', () => {
  it('puts crm\'s records, passport numbers whole, together with what billing and reporting answer', async () => {
    const email = `astrid.${Date.now()}@example.se`
    const { client, note, trip, traveller } = await aClientWithHistory(email)
    const answers = [
      crm.app.bus.nc.subscribe(crm.app.bus.subject(PERSONAL_DATA_SUBJECTS.billing), {
        callback: (_error, message) => { message.respond(JSON.stringify({ client: { id: client.id, name: client.name }, invoices: [{ id: 5, amount: '10.00' }], payments: [] })) }
      }),
      crm.app.bus.nc.subscribe(crm.app.bus.subject(PERSONAL_DATA_SUBJECTS.reporting), {
        callback: (_error, message) => { message.respond(JSON.stringify({ audit_entries: [{ id: 1, entity: 'client' }] })) }
      })
    ]
    try {
      const response = await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/personal-data`, headers: crm.as('admin') })
      expect(response.statusCode, response.body).toBe(200)
      const document = response.json<PersonalData>()
      expect(Value.Check(PersonalData, document)).toBe(true)
      expect(document.crm.client).toMatchObject({ id: client.id, name: 'Greta Lindqvist', email })
      expect(document.crm.notes).toEqual([expect.objectContaining({ id: note.id, note: 'Allergic to peanuts, prefers aisle' })])
      expect(document.crm.trips).toEqual([expect.objectContaining({ id: trip.id, notes: 'Honeymoon, keep it secret' })])
      expect(document.crm.travellers).toEqual([expect.objectContaining({ id: traveller.id, first_name: 'Greta', passport_number: 'CB1234567' })])
      expect(document.billing.invoices).toEqual([{ id: 5, amount: '10.00' }])
      expect(document.reporting.audit_entries).toHaveLength(1)
    } finally {
      for (const answer of answers) answer.unsubscribe()
    }
  })

  it('answers 503 rather than a document with a part missing when a service does not answer', async () => {
    const client = await post<Client>('/clients', aClient())
    const response = await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/personal-data`, headers: crm.as('admin') })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    expect((await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/personal-data`, headers: crm.as('agent') })).statusCode).toBe(403)
  }, 20_000)
})
