import type { FastifyInstance, FastifyPluginAsync, FastifyPluginOptions, RawServerDefault } from 'fastify'
import fp from 'fastify-plugin'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { ServiceName } from '@travel-crm/contracts'
import type { ServiceConfig } from '../http/config.js'
import { DATA_LAYER, dataAppOf, type DataApp } from '../data/layer.js'
import { DurableConsumer, type ConsumerOptions } from './consumer.js'
import { purgeExpiredKeysHourly } from './idempotency-keys.js'
import { connectBus, type Bus } from './nats.js'
import { OutboxRelay } from './outbox.js'
import { ClientKeys } from './sealing.js'
import { unitOfWork, type EnvelopeSealer, type UnitOfWork } from './unit-of-work.js'

export interface MessagingOptions {
  service: ServiceName
  config: Pick<ServiceConfig, 'NATS_URL' | 'NATS_STREAM' | 'NATS_SUBJECT_PREFIX' | 'NATS_USER' | 'NATS_PASSWORD' | 'NATS_STREAM_REPLICAS'>
  /** The service's durable consumers, started once the app is ready. */
  consumers?: ConsumerOptions[]
  /** Seals the personal fields of the events the service publishes (crm: sealing.ts), in their transaction. */
  seal?: EnvelopeSealer
}

export const MESSAGING_LAYER = '@travel-crm/messaging'

/** What the messaging layer adds to an app. */
export interface MessagingDecorators {
  bus: Bus
  relay: OutboxRelay
  /** One transaction for a change and its events (see unit-of-work.ts). */
  transact: UnitOfWork
  /** Opens events whose personal fields are sealed with a client key (sealing.ts). */
  clientKeys: ClientKeys
}

/** A service with every layer: http, data and messaging. */
export type ServiceApp = DataApp & MessagingDecorators

/**
 * The messaging layer: connects to NATS (ensuring the stream), relays the outbox, gives the app `bus`, `relay`
 * and `transact`, runs the service's consumers and forgets expired idempotency keys. `/readyz` checks NATS.
 */
export const messagingLayer = fp<MessagingOptions>(async (fastify, options) => {
  const app = dataAppOf(fastify)
  const bus = await connectBus({
    url: options.config.NATS_URL,
    stream: options.config.NATS_STREAM,
    subjectPrefix: options.config.NATS_SUBJECT_PREFIX,
    name: options.service,
    logger: app.log,
    user: options.config.NATS_USER,
    pass: options.config.NATS_PASSWORD,
    replicas: options.config.NATS_STREAM_REPLICAS
  })
  const relay = new OutboxRelay(app.orm, bus, app.log, app.metrics)
  const transact = unitOfWork(app.orm, options.service, relay, options.seal)
  const clientKeys = new ClientKeys(bus)
  app.decorate('bus', bus)
  app.decorate('relay', relay)
  app.decorate('transact', transact)
  app.decorate('clientKeys', clientKeys)
  app.readiness.set('nats', async () => { if (bus.nc.isClosed()) throw new Error('not connected'); await bus.nc.flush() })
  app.beforeMetricsScrape.push(async () => {
    app.metrics.outboxBacklog.set(await relay.backlog())
    const [row] = await app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from dead_letter')
    app.metrics.deadLetters.set(Number(row?.count ?? 0))
  })

  const consumers = (options.consumers ?? []).map((consumer) => new DurableConsumer(app.orm, bus, app.log, app.metrics, consumer, transact, async (event) => await clientKeys.open(event)))
  let stopKeyPurge: (() => void) | undefined
  app.addHook('onReady', async () => {
    relay.start()
    stopKeyPurge = await purgeExpiredKeysHourly(app.orm, app.log)
    for (const consumer of consumers) await consumer.start()
  })
  // Runs after the server stopped taking requests and in-flight ones finished, and before the data layer's.
  app.addHook('onClose', async () => {
    stopKeyPurge?.()
    for (const consumer of consumers) await consumer.stop()
    await relay.stop()
    await bus.close()
  })
}, { name: MESSAGING_LAYER, fastify: '5.x', dependencies: [DATA_LAYER] })

/** The app with every layer, typed: fails at start when a service forgot to register one. */
export function serviceAppOf (app: FastifyInstance): ServiceApp {
  const data = dataAppOf(app)
  if (!data.hasDecorator('transact')) throw new Error(`${MESSAGING_LAYER} must be registered before this plugin`)
  return data as ServiceApp
}

/**
 * A plugin of a service (its routes of one resource, a responder), written against the app with every layer.
 * It is encapsulated: hooks it adds apply to its own routes only.
 */
export function servicePlugin<Options extends FastifyPluginOptions = Record<never, never>> (
  plugin: (app: ServiceApp, options: Options) => Promise<void>
): FastifyPluginAsync<Options, RawServerDefault, TypeBoxTypeProvider> {
  return async (app, options) => { await plugin(serviceAppOf(app), options) }
}
