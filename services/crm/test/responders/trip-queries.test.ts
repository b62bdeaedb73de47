import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { QUERY_SUBJECTS, TripQueryReply, type Client, type Trip } from '@travel-crm/contracts'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aClient, aTrip } from '../fixtures.js'

let crm: CrmUnderTest

beforeAll(async () => { crm = await startCrm() })
afterAll(async () => { await crm?.close() })

/** Asks as billing does: core NATS request-reply on the (prefixed) query subject. */
async function ask (body: string): Promise<unknown> {
  const reply = await crm.app.bus.nc.request(crm.app.bus.subject(QUERY_SUBJECTS.trip), body, { timeout: 5000 })
  const answer = reply.json<unknown>()
  expect(Value.Check(TripQueryReply, answer), JSON.stringify(answer)).toBe(true)
  return answer
}

describe('crm.query.trip', () => {
  it('answers with the trip billing needs, at its current version', async () => {
    const client = (await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })).json<Client>()
    const trip = (await crm.app.inject({ method: 'POST', url: '/trips', headers: crm.as('agent'), payload: aTrip(client.id, { currency: 'GBP' }) })).json<Trip>()
    expect(await ask(JSON.stringify({ id: trip.id }))).toEqual({
      found: true,
      trip: { id: trip.id, client_id: client.id, destination: 'Lisbon', currency: 'GBP', start_date: trip.start_date, version: 1, archived: false }
    })
    await crm.app.inject({ method: 'PATCH', url: `/trips/${trip.id}`, headers: crm.as('agent'), payload: { destination: 'Sintra' } })
    expect(await ask(JSON.stringify({ id: trip.id }))).toMatchObject({ found: true, trip: { destination: 'Sintra', version: 2 } })

    await crm.app.inject({ method: 'POST', url: `/clients/${client.id}/archive`, headers: crm.as('agent') })
    expect(await ask(JSON.stringify({ id: trip.id }))).toMatchObject({ found: true, trip: { archived: true } })

    await crm.app.inject({ method: 'DELETE', url: `/trips/${trip.id}`, headers: crm.as('admin') })
    expect(await ask(JSON.stringify({ id: trip.id }))).toEqual({ found: false })
  })

  it('answers not found for a trip that never existed and for questions it cannot read', async () => {
    expect(await ask(JSON.stringify({ id: 999999 }))).toEqual({ found: false })
    for (const body of ['{"id":', '', '"7"', JSON.stringify({ id: 'seven' }), JSON.stringify({ id: 1, extra: true }), JSON.stringify({ id: 1.5 })]) {
      expect(await ask(body), body).toEqual({ found: false })
    }
  })

  it('is not stored in the stream: the answer comes from crm, not a JetStream acknowledgement', async () => {
    const info = await crm.app.bus.jsm.streams.info(crm.environment.stream)
    const before = info.state.messages
    await ask(JSON.stringify({ id: 1 }))
    expect((await crm.app.bus.jsm.streams.info(crm.environment.stream)).state.messages).toBe(before)
  })

  it('gets one answer when several replicas listen (queue group crm)', async () => {
    const replica = await buildApp(loadConfig(crm.environment.env))
    await replica.ready()
    try {
      const replies = []
      // Collects every reply that arrives within the wait, so a second answer would be counted.
      for await (const reply of await crm.app.bus.nc.requestMany(crm.app.bus.subject(QUERY_SUBJECTS.trip), JSON.stringify({ id: 1 }), { maxWait: 1000 })) {
        replies.push(reply.json<unknown>())
      }
      expect(replies).toHaveLength(1)
    } finally {
      await replica.close()
    }
  })
})
