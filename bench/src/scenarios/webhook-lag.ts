import { startWebhookReceiver, type ReceivedWebhook } from '@travel-crm/testkit'
import { Api } from '../api.js'
import { countWork, workFigures } from '../process-work.js'
import { repeat, type Scenario } from '../scenario.js'
import { percentile } from '../statistics.js'
import { paymentLoader } from './payment-load.js'

const RATE = 200
const CONNECTIONS = 20

/** From the CloudEvent's `time` (billing made the event) to the moment the receiver had it. */
function lagOf (request: ReceivedWebhook): number {
  return request.receivedAt - new Date((JSON.parse(request.body) as { time: string }).time).getTime()
}

export const webhookLag: Scenario = {
  key: 'webhook_lag',
  describe: (settings) => `POST /payments at a steady ${RATE}/s for ${settings.durationSeconds} s to an endpoint on 127.0.0.1 for billing.payment.recorded; ` +
    'lag = when the receiver had the delivery − the event\'s time',
  // The issue asks for the figure, not for a target.
  goals: [],
  run: async ({ target, settings, scene, log }) => {
    const admin = await Api.login(target.gatewayUrl, target.admin.username, target.admin.password)
    const receiver = await startWebhookReceiver()
    // Needs WEBHOOK_ALLOWED_HOSTS to include 127.0.0.1: the bench's own stack has it; a given stack must.
    const endpoint = await admin.call<{ id: number, secret: string }>('POST', '/webhooks', { url: receiver.url, events: ['billing.payment.recorded'], description: 'bench' })
    receiver.secrets = [endpoint.secret]
    const pay = await paymentLoader(target, scene, 'webhook')
    try {
      return await repeat(settings.runs, async () => {
        receiver.received.length = 0
        const work = await countWork(target)
        const load = await pay({ connections: CONNECTIONS, durationSeconds: settings.durationSeconds, ratePerSecond: RATE })
        const deadline = Date.now() + 600_000
        while (receiver.received.length < load.requests) {
          if (Date.now() > deadline) throw new Error(`only ${receiver.received.length} of ${load.requests} payments reached the receiver in 10 minutes`)
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        const perPayment = await work(load.requests)
        const lags = receiver.received.map(lagOf)
        const unverified = receiver.received.filter((request) => !request.verified).length
        if (unverified > 0) throw new Error(`${unverified} deliveries failed the signature check`)
        log(`  ${lags.length} deliveries at ${load.rps.toFixed(0)}/s: lag p50 ${percentile(lags, 50).toFixed(1)} ms, p99 ${percentile(lags, 99).toFixed(1)} ms`)
        return { p50_ms: percentile(lags, 50), p99_ms: percentile(lags, 99), rps: load.rps, ...workFigures(perPayment) }
      })
    } finally {
      await admin.call('DELETE', `/webhooks/${endpoint.id}`)
      await receiver.close()
    }
  }
}
