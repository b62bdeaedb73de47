import { vi } from 'vitest'
import type { CloudEvent, DeliveryAttempt, EventSubject, WebhookCreated } from '@travel-crm/contracts'
import { buildEnvelope, connectBus, type Bus, type ServiceApp } from '@travel-crm/service-kit/messaging'
import { createServiceEnvironment, startTokenIssuer, startWebhookReceiver, type ServiceEnvironment, type TestRole, type TokenIssuer, type WebhookReceiver } from '@travel-crm/testkit'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { CONSUMER } from '../../src/events/stream-events.js'

/** Settings that make retries and polling fast enough for tests; receivers run on 127.0.0.1. */
export const TEST_SETTINGS = {
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_FIRST_RETRY_MS: '100',
  WEBHOOK_MAX_RETRY_INTERVAL_MS: '400',
  WEBHOOK_POLL_MS: '50'
}

export interface WebhooksUnderTest {
  app: ServiceApp
  environment: ServiceEnvironment
  issuer: TokenIssuer
  /** A producer on the test's stream, publishing as another service's relay would. */
  bus: Bus
  as: (role: TestRole) => { authorization: string }
  /** Registers an endpoint through the API and returns it with its secret. */
  anEndpoint: (url: string, events?: string[]) => Promise<WebhookCreated>
  /** Publishes a CloudEvent into the stream as its service's relay would; returns the envelope. */
  publish: (subject: EventSubject, data?: Record<string, unknown>) => Promise<CloudEvent>
  /** Waits until the live consumer has read and acknowledged every event published so far. */
  caughtUp: () => Promise<void>
  /** The endpoint's attempts through the API, newest first. */
  attempts: (endpointId: number) => Promise<DeliveryAttempt[]>
  /** An integrator's receiver on 127.0.0.1, closed by `forgetEndpoints` or `close`. */
  aReceiver: () => Promise<WebhookReceiver>
  /**
   * Deletes every endpoint through the API and closes the receivers, so that one test's endpoints do not go on
   * failing during the next.
   */
  forgetEndpoints: () => Promise<void>
  /** Another replica of the service on the same database and stream. */
  replica: () => Promise<ServiceApp>
  close: () => Promise<void>
}

/** The webhooks service on its own database and stream, with a producer on that stream. */
export async function startWebhooks (extraEnv: Record<string, string> = {}): Promise<WebhooksUnderTest> {
  const environment = await createServiceEnvironment()
  const issuer = await startTokenIssuer()
  const env = { ...environment.env, AUTH_URL: issuer.url, ...TEST_SETTINGS, ...extraEnv }
  const apps: ServiceApp[] = []
  const start = async () => {
    const app = await buildApp(loadConfig(env))
    await app.ready()
    apps.push(app)
    return app
  }
  const app = await start()
  const bus = await connectBus({ url: environment.natsUrl, stream: environment.stream, subjectPrefix: environment.subjectPrefix, name: 'webhooks-test-producer', logger: app.log })
  const as = (role: TestRole) => ({ authorization: `Bearer ${issuer.token(role)}` })
  const receivers: WebhookReceiver[] = []
  let sequence = 0
  const forgetEndpoints = async () => {
    const listed = await app.inject({ method: 'GET', url: '/webhooks?limit=500', headers: as('admin') })
    for (const { id } of listed.json<Array<{ id: number }>>()) {
      await app.inject({ method: 'DELETE', url: `/webhooks/${id}`, headers: as('admin') })
    }
    for (const receiver of receivers.splice(0)) await receiver.close()
  }
  return {
    app,
    environment,
    issuer,
    bus,
    as,
    anEndpoint: async (url, events = ['billing.payment.*']) => {
      const response = await app.inject({ method: 'POST', url: '/webhooks', headers: as('admin'), payload: { url, events } })
      if (response.statusCode !== 201) throw new Error(`POST /webhooks answered ${response.statusCode}: ${response.body}`)
      return response.json<WebhookCreated>()
    },
    publish: async (subject, data = {}) => {
      sequence += 1
      const envelope = buildEnvelope(subject.split('.')[0] ?? 'billing', { subject, about: `payment/${sequence}`, data: { id: sequence, version: 1, ...data } }, { actorId: '2' })
      await bus.js.publish(bus.subject(subject), JSON.stringify(envelope), { msgID: envelope.id })
      return envelope
    },
    caughtUp: async () => {
      const { state } = await bus.jsm.streams.info(bus.stream)
      await eventually(async () => {
        const { ack_floor: floor } = await bus.jsm.consumers.info(bus.stream, CONSUMER)
        if (floor.stream_seq < state.last_seq) throw new Error(`the consumer has acknowledged up to ${floor.stream_seq} of ${state.last_seq}`)
      })
    },
    attempts: async (endpointId) => {
      const response = await app.inject({ method: 'GET', url: `/webhooks/${endpointId}/deliveries?limit=500`, headers: as('admin') })
      if (response.statusCode !== 200) throw new Error(`deliveries answered ${response.statusCode}: ${response.body}`)
      return response.json<DeliveryAttempt[]>()
    },
    aReceiver: async () => {
      const receiver = await startWebhookReceiver()
      receivers.push(receiver)
      return receiver
    },
    forgetEndpoints,
    replica: start,
    close: async () => {
      for (const receiver of receivers.splice(0)) await receiver.close()
      await bus.close()
      for (const started of apps.reverse()) await started.close()
      await issuer.close()
      await environment.cleanup()
    }
  }
}

/** Waits (up to 15 s) until `check` passes, and returns what it returns. */
export async function eventually<T> (check: () => T | Promise<T>, timeout = 15_000): Promise<T> {
  return await vi.waitFor(check, { timeout, interval: 25 })
}
