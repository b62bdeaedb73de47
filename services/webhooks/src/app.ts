import { Gauge } from 'prom-client'
import { buildHttpApp, policyLayer, type HttpApp } from '@travel-crm/service-kit/http'
import { dataLayer } from '@travel-crm/service-kit/data'
import { messagingLayer, serviceAppOf, type ServiceApp } from '@travel-crm/service-kit/messaging'
import { AddressPolicy, hostResolver } from './address-policy.js'
import type { WebhooksConfig } from './config.js'
import { Dispatcher } from './dispatcher.js'
import { CONSUMER, deliveryQueue } from './events/stream-events.js'
import { persistence } from './persistence.js'
import { DeliveryPurge } from './retention.js'
import { webhookRoutes } from './routes/webhooks.js'
import { SecretBox } from './signing-secrets.js'

/** Webhooks as a plugin: the layers with its consumer of the whole stream, the dispatcher, then its routes. */
export async function webhooks (app: HttpApp, { config }: { config: WebhooksConfig }): Promise<void> {
  const policy = new AddressPolicy(config.allowedHosts, hostResolver(config.dnsServers))
  const secrets = new SecretBox(config.WEBHOOK_SECRET_KEY)
  // Called by the consumer and the routes once the app runs, when `sender` below exists.
  const queued = () => { sender.wake() }
  await app.register(policyLayer, { service: 'webhooks', config })
  await app.register(dataLayer, { service: 'webhooks', config, persistence })
  await app.register(messagingLayer, { service: 'webhooks', config, consumers: [deliveryQueue(queued)] })
  const service = serviceAppOf(app)
  const sender = new Dispatcher(service.orm, service.transact, policy, secrets, service.log, {
    concurrency: config.WEBHOOK_CONCURRENCY,
    pollMs: config.WEBHOOK_POLL_MS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_MS,
    queuedUpTo: async () => (await service.bus.jsm.consumers.info(service.bus.stream, CONSUMER)).ack_floor.stream_seq,
    schedule: {
      firstRetryMs: config.WEBHOOK_FIRST_RETRY_MS,
      maxIntervalMs: config.WEBHOOK_MAX_RETRY_INTERVAL_MS,
      retryForMs: config.WEBHOOK_RETRY_FOR_MS
    }
  })
  const purge = new DeliveryPurge(service.orm, service.log, { retentionDays: config.WEBHOOK_DELIVERY_RETENTION_DAYS, intervalMs: config.WEBHOOK_PURGE_INTERVAL_MS })
  app.addHook('onReady', async () => { sender.start(); purge.start() })
  // Added after the messaging layer's, so it runs before it: no attempt is under way once the bus and database close.
  app.addHook('onClose', async () => { await sender.stop(); await purge.stop() })
  watchDeliveries(service)
  await app.register(webhookRoutes, { policy, secrets, secretOverlapMs: config.WEBHOOK_SECRET_OVERLAP_MS, replayMaxDeliveries: config.WEBHOOK_REPLAY_MAX_DELIVERIES, queued })
}

/** Deliveries still to go, and those given up on: what an operator watches besides the consumer's lag. */
function watchDeliveries (app: ServiceApp): void {
  const { orm } = app
  app.metrics.registry.registerMetric(new Gauge({
    name: 'webhook_deliveries',
    help: 'Webhook deliveries waiting to be sent (pending) or given up on after the retry window (parked)',
    labelNames: ['status'],
    registers: [],
    async collect () {
      const [row] = await orm.em.fork().execute<Array<{ pending: string, parked: string }>>(
        'select (select count(*) from delivery where status = \'pending\') as pending, (select count(*) from delivery where status = \'parked\') as parked')
      this.set({ status: 'pending' }, Number(row?.pending ?? 0))
      this.set({ status: 'parked' }, Number(row?.parked ?? 0))
    }
  }))
}

export async function buildApp (config: WebhooksConfig): Promise<ServiceApp> {
  return serviceAppOf(await buildHttpApp('webhooks', config, webhooks))
}
