import { Gauge } from 'prom-client'
import { createService, type ServiceApp } from '@travel-crm/service-kit'
import { AddressPolicy, hostResolver } from './address-policy.js'
import type { WebhooksConfig } from './config.js'
import { Dispatcher } from './dispatcher.js'
import { CONSUMER, deliveryQueue } from './events/stream-events.js'
import { persistence } from './persistence.js'
import { registerWebhookRoutes } from './routes/webhooks.js'
import { SecretBox } from './signing-secrets.js'

export async function buildApp (config: WebhooksConfig): Promise<ServiceApp> {
  const policy = new AddressPolicy(config.allowedHosts, hostResolver(config.dnsServers))
  const secrets = new SecretBox(config.WEBHOOK_SECRET_KEY)
  let dispatcher: Dispatcher | undefined
  const queued = () => { dispatcher?.wake() }
  return await createService({
    name: 'webhooks',
    config,
    persistence,
    consumers: [deliveryQueue(queued)],
    routes: async (app) => {
      dispatcher = new Dispatcher(app.orm, app.transact, policy, secrets, app.log, {
        concurrency: config.WEBHOOK_CONCURRENCY,
        pollMs: config.WEBHOOK_POLL_MS,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
        disableAfterMs: config.WEBHOOK_DISABLE_AFTER_MS,
        queuedUpTo: async () => (await app.bus.jsm.consumers.info(app.bus.stream, CONSUMER)).ack_floor.stream_seq,
        schedule: {
          firstRetryMs: config.WEBHOOK_FIRST_RETRY_MS,
          maxIntervalMs: config.WEBHOOK_MAX_RETRY_INTERVAL_MS,
          retryForMs: config.WEBHOOK_RETRY_FOR_MS
        }
      })
      const sender = dispatcher
      const orm = app.orm
      // Deliveries still to go, and those given up on: what an operator watches besides the consumer's lag.
      new Gauge({
        name: 'webhook_deliveries',
        help: 'Webhook deliveries waiting to be sent (pending) or given up on after the retry window (parked)',
        labelNames: ['status'],
        registers: [app.metrics.registry],
        async collect () {
          const [row] = await orm.em.fork().execute<Array<{ pending: string, parked: string }>>(
            "select (select count(*) from delivery where status = 'pending') as pending, (select count(*) from delivery where status = 'parked') as parked")
          this.set({ status: 'pending' }, Number(row?.pending ?? 0))
          this.set({ status: 'parked' }, Number(row?.parked ?? 0))
        }
      })
      app.addHook('onReady', async () => { sender.start() })
      app.addHook('onClose', async () => { await sender.stop() })
      registerWebhookRoutes(app, { policy, secrets, secretOverlapMs: config.WEBHOOK_SECRET_OVERLAP_MS, queued })
    }
  })
}
