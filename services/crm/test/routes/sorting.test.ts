import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, it } from 'vitest'
import type { Client, Trip } from '@travel-crm/contracts'
import { byNumber, byText, expectSortsBy } from '@travel-crm/testkit'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aClient, aTrip } from '../fixtures.js'

let crm: CrmUnderTest
beforeAll(async () => { crm = await startCrm() })
afterAll(async () => { await crm?.close() })

const tag = randomUUID().slice(0, 8)

async function created<Row> (url: string, payload: Record<string, unknown>): Promise<Row> {
  const response = await crm.app.inject({ method: 'POST', url, headers: crm.as('agent'), payload })
  if (response.statusCode !== 201) throw new Error(response.body)
  return response.json<Row>()
}

const list = (path: string) => async (query: string) => await crm.app.inject({ method: 'GET', url: `${path}?${query}`, headers: crm.as('analyst') })

describe('sorted lists', () => {
  it('GET /clients sorts by each of its columns, ties by id', async () => {
    // Created out of name order, with a tie on the name and a company left out.
    for (const [name, email, phone, company] of [
      ['delta', 'b', '+1 555 0003', 'kilo'],
      ['bravo', 'd', '+1 555 0001', null],
      ['echo', 'a', '+1 555 0004', 'juliet'],
      ['bravo', 'c', '+1 555 0002', 'lima']
    ] as const) {
      await created<Client>('/clients', aClient({ name: `${name} ${tag}`, email: `${email}.${tag}@example.com`, phone, company }))
    }
    await expectSortsBy<Client>(list('/clients'), `email=${tag}`, {
      id: byNumber((client) => client.id),
      name: byText((client) => client.name),
      email: byText((client) => client.email),
      phone: byText((client) => client.phone),
      company: byText((client) => client.company),
      created_at: byText((client) => client.created_at),
      updated_at: byText((client) => client.updated_at)
    })
  })

  it('GET /trips sorts by each of its columns, ties by id', async () => {
    const client = await created<Client>('/clients', aClient({ email: `trips.${tag}@example.com` }))
    for (const [destination, start, end, price] of [
      ['oslo', '2027-05-03', '2027-05-09', '900.00'],
      ['bergen', '2027-05-01', '2027-05-20', '1200.50'],
      ['oslo', '2027-05-02', '2027-05-04', '80.00'],
      ['aalborg', '2027-05-03', '2027-05-05', '1200.50']
    ] as const) {
      await created<Trip>('/trips', aTrip(client.id, { destination, start_date: start, end_date: end, price }))
    }
    await expectSortsBy<Trip>(list('/trips'), `client_id=${client.id}`, {
      id: byNumber((trip) => trip.id),
      destination: byText((trip) => trip.destination),
      start_date: byText((trip) => trip.start_date),
      end_date: byText((trip) => trip.end_date),
      price: byNumber((trip) => trip.price),
      created_at: byText((trip) => trip.created_at),
      updated_at: byText((trip) => trip.updated_at)
    })
  })
})
