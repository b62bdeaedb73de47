import { afterAll, beforeAll } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { buildEnvelope, type ServiceApp } from '@travel-crm/service-kit/messaging'
import { createServiceEnvironment, startTokenIssuer, type ServiceEnvironment, type TestRole, type TokenIssuer } from '@travel-crm/testkit'
import type { ClientPayload, CloudEvent, EventSubject } from '@travel-crm/contracts'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { waitUntilCaughtUp } from '../../src/read-models.js'
import { aClient, aPayment, aTrip, anInvoice } from './records.js'

/** The day every report in the tests is asked on; dates around it make the overdue boundary exact. */
export const TODAY = '2031-06-15'

export interface ReportingUnderTest {
  app: ServiceApp
  environment: ServiceEnvironment
  issuer: TokenIssuer
  /** Publishes an event into the test's stream the way the owning service's relay would. */
  publish: <Data extends { id: number }>(subject: EventSubject, data: Data, envelope?: CloudEvent) => Promise<CloudEvent>
  /**
   * Waits until the consumer has applied everything published so far to the read models and the audit trail: a
   * test that compares what is stored before and after a request must not see the audit trail move.
   */
  settled: (timeoutMs?: number) => Promise<void>
  get: (url: string, role?: TestRole) => Promise<LightMyRequestResponse>
}

/**
 * A database and stream for the whole test file, for tests that build, close and build again reporting apps of
 * their own on them (read models rebuilt from the stream, a consumer handed over): the configuration they share.
 */
export function configPerFile (): () => ReturnType<typeof loadConfig> {
  let environment: ServiceEnvironment | undefined
  let config: ReturnType<typeof loadConfig> | undefined
  beforeAll(async () => {
    environment = await createServiceEnvironment()
    config = loadConfig(environment.env)
  })
  afterAll(async () => {
    await environment?.cleanup()
  })
  return () => {
    if (config === undefined) throw new Error('configPerFile: the configuration is made in beforeAll')
    return config
  }
}

/**
 * One reporting service per test file on its own database and stream, built before and closed after its tests;
 * `env` sets configuration of the test's own.
 */
export function reportingUnderTest (env: Record<string, string> = {}): ReportingUnderTest {
  const harness = {} as ReportingUnderTest

  beforeAll(async () => {
    harness.environment = await createServiceEnvironment()
    harness.issuer = await startTokenIssuer()
    harness.app = await buildApp(loadConfig({ ...harness.environment.env, AUTH_URL: harness.issuer.url, ...env }), { today: () => TODAY })
    await harness.app.ready()
  })

  afterAll(async () => {
    await harness.app?.close()
    await harness.issuer?.close()
    await harness.environment?.cleanup()
  })

  harness.publish = async (subject, data, envelope) => {
    const event = envelope ?? buildEnvelope(subject.split('.')[0] ?? 'crm', { subject, about: `${subject.split('.')[1]}/${data.id}`, data }, { actorId: '1' })
    await harness.app.bus.js.publish(harness.app.bus.subject(subject), JSON.stringify(event))
    return event
  }
  harness.settled = async (timeoutMs = 20_000) => {
    await waitUntilCaughtUp(harness.app, timeoutMs)
  }
  harness.get = (url, role = 'admin') => harness.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${harness.issuer.token(role)}` } })
  return harness
}

/** A client with a trip, its invoice and one payment, published as crm and billing would; the client is returned. */
export async function publishPaidTrip (reporting: ReportingUnderTest, money: { price: string, dueDate: string, amount: string }): Promise<ClientPayload> {
  const client = aClient()
  const trip = aTrip(client, { price: money.price })
  const invoice = anInvoice(trip, { due_date: money.dueDate })
  await reporting.publish('crm.client.created', client)
  await reporting.publish('crm.trip.created', trip)
  await reporting.publish('billing.invoice.created', invoice)
  await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: money.amount }))
  return client
}
