import { afterAll, beforeAll, describe } from 'vitest'
import { PERSONAL_DATA_SUBJECTS } from '@travel-crm/contracts'
import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import {createServiceEnvironment, itRefusesBadInputOnEveryRoute, schemaFingerprint, type ServiceEnvironment, startTokenIssuer, type TokenIssuer } from '@travel-crm/testkit'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { aBooking, aClient, aSupplier, aTraveller, aTrip } from './fixtures.js'

describe('crm refuses bad input cleanly', () => {
  let environment: ServiceEnvironment
  let issuer: TokenIssuer
  let app: ServiceApp
  let authorization: string
  let storedRows: () => Promise<Record<string, string>>

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    environment = await createServiceEnvironment({ AUTH_URL: issuer.url })
    app = await buildApp(loadConfig(environment.env))
    await app.ready()
    // billing and reporting answer for the personal data routes as they would hold nothing: the whole
    // composition, with them running, is the erasure fault test's (test/faults).
    for (const [subject, holdings] of [[PERSONAL_DATA_SUBJECTS.billing, { client: null, invoices: [], payments: [] }], [PERSONAL_DATA_SUBJECTS.reporting, { audit_entries: [] }]] as const) {
      app.bus.nc.subscribe(app.bus.subject(subject), { callback: (_error, message) => { message.respond(JSON.stringify(holdings)) } })
    }
    storedRows = schemaFingerprint(async (sql) => await app.orm.em.fork().execute(sql))
    authorization = `Bearer ${issuer.token('admin')}`
    for (let made = 0; made < 3; made++) {
      const client = await app.inject({ method: 'POST', url: '/clients', headers: { authorization }, payload: aClient() })
      const { id } = client.json<{ id: number }>()
      const trip = await app.inject({ method: 'POST', url: '/trips', headers: { authorization }, payload: aTrip(id) })
      const tripId = trip.json<{ id: number }>().id
      await app.inject({ method: 'POST', url: `/clients/${id}/notes`, headers: { authorization }, payload: { note: 'Prefers trains' } })
      const supplier = await app.inject({ method: 'POST', url: '/suppliers', headers: { authorization }, payload: aSupplier() })
      await app.inject({ method: 'POST', url: `/trips/${tripId}/travellers`, headers: { authorization }, payload: aTraveller() })
      await app.inject({ method: 'POST', url: `/trips/${tripId}/bookings`, headers: { authorization }, payload: aBooking(supplier.json<{ id: number }>().id) })
    }
  })

  afterAll(async () => {
    await app?.close()
    await issuer?.close()
    await environment?.cleanup()
  })

  itRefusesBadInputOnEveryRoute('crm', () => ({ app: app, request: { headers: { authorization } }, fingerprint: storedRows }), { seed: 20261126, numRuns: 50 })
})
