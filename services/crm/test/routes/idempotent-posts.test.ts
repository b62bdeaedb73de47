import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '@travel-crm/contracts'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aClient, aTrip } from '../fixtures.js'

let crm: CrmUnderTest
let client: Client

beforeAll(async () => {
  crm = await startCrm()
  client = (await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })).json<Client>()
})
afterAll(async () => { await crm?.close() })

interface Create {
  /** The crm table the POST writes to, as rowCounts names it. */
  table: 'client' | 'trip' | 'client_note'
  url: () => string
  body: () => Record<string, unknown>
  /** The same request with one field changed. */
  otherBody: (body: Record<string, unknown>) => Record<string, unknown>
  /** The subject of the created event and the entity it is about. */
  event: (id: number) => { subject: string, about: string }
}

const creates: Array<[string, Create]> = [
  ['POST /clients', {
    table: 'client',
    url: () => '/clients',
    body: () => aClient(),
    otherBody: (body) => ({ ...body, name: 'Someone Else' }),
    event: (id) => ({ subject: 'crm.client.created', about: `client/${id}` })
  }],
  ['POST /trips', {
    table: 'trip',
    url: () => '/trips',
    body: () => aTrip(client.id, { destination: `Porto ${randomUUID().slice(0, 8)}` }),
    otherBody: (body) => ({ ...body, price: '999.00' }),
    event: (id) => ({ subject: 'crm.trip.created', about: `trip/${id}` })
  }],
  ['POST /clients/:id/notes', {
    table: 'client_note',
    url: () => `/clients/${client.id}/notes`,
    body: () => ({ note: `Prefers aisle seats ${randomUUID().slice(0, 8)}` }),
    otherBody: (body) => ({ note: `${String(body['note'])}, and a vegetarian meal` }),
    event: (id) => ({ subject: 'crm.note.created', about: `note/${id}` })
  }]
]

function aKey (): string {
  return `crm-${randomUUID()}`
}

async function post (create: Create, key: string, payload: Record<string, unknown>, userId = 2) {
  return await crm.app.inject({ method: 'POST', url: create.url(), headers: { ...crm.as('agent', userId), 'idempotency-key': key }, payload })
}

describe.each(creates)('Idempotency-Key on %s', (_route, create) => {
  it('answers a retry with the first status, body, Location and ETag, creating nothing and emitting no event', async () => {
    const key = aKey()
    const body = create.body()
    const first = await post(create, key, body)
    expect(first.statusCode, first.body).toBe(201)
    const id = first.json<{ id: number }>().id
    const before = await crm.rowCounts()

    const retry = await post(create, key, Object.fromEntries(Object.entries(body).reverse()))
    expect(retry.statusCode).toBe(201)
    expect(retry.body).toBe(first.body)
    expect(retry.headers['location']).toBe(first.headers['location'])
    expect(retry.headers['etag']).toBe('"1"')
    expect(retry.headers['idempotent-replayed']).toBe('true')
    // Every event goes through the outbox: an unchanged outbox is proof that the retry emitted none.
    expect(await crm.rowCounts()).toEqual(before)
    const { subject, about } = create.event(id)
    const published = await crm.events.waitFor((event) => event.envelope.subject === about)
    expect(published.map((event) => event.subject)).toEqual([subject])
  })

  it('refuses the key with another body, or from another user, with 422 and writes nothing', async () => {
    const key = aKey()
    const body = create.body()
    expect((await post(create, key, body)).statusCode).toBe(201)
    const headers = { ...crm.as('agent'), 'idempotency-key': key }
    await crm.refused({ method: 'POST', url: create.url(), headers, payload: create.otherBody(body) }, 422, 'IDEMPOTENCY_KEY_REUSED')
    await crm.refused({ method: 'POST', url: create.url(), headers: { ...crm.as('agent', 77), 'idempotency-key': key }, payload: body }, 422, 'IDEMPOTENCY_KEY_REUSED')
  })

  it('creates once for ten concurrent requests with the same key, answering all ten alike', async () => {
    const key = aKey()
    const body = create.body()
    const before = await crm.rowCounts()
    const responses = await Promise.all(Array.from({ length: 10 }, async () => await post(create, key, body)))
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201))
    expect(new Set(responses.map((response) => response.body)).size).toBe(1)
    expect(new Set(responses.map((response) => response.headers['location'])).size).toBe(1)
    const after = await crm.rowCounts()
    expect(after[create.table]).toBe((before[create.table] ?? 0) + 1)
    expect(after['outbox']).toBe((before['outbox'] ?? 0) + 1)
  })
})

describe('Idempotency-Key on a refused crm POST', () => {
  it('keeps no key, so the corrected request may use it', async () => {
    const key = aKey()
    const headers = { ...crm.as('agent'), 'idempotency-key': key }
    await crm.refused({ method: 'POST', url: '/trips', headers, payload: aTrip(424242) }, 404, 'CRM_CLIENT_NOT_FOUND')
    const corrected = await crm.app.inject({ method: 'POST', url: '/trips', headers, payload: aTrip(client.id) })
    expect(corrected.statusCode, corrected.body).toBe(201)
  })

  it('refuses a malformed key with 400 and writes nothing', async () => {
    await crm.refused({ method: 'POST', url: '/clients', headers: { ...crm.as('agent'), 'idempotency-key': 'two words' }, payload: aClient() }, 400, 'IDEMPOTENCY_KEY_INVALID')
  })
})
