import { runLoad } from '../load.js'
import { countCpu, cpuFigures } from '../process-cpu.js'
import { below, repeat, type Scenario } from '../scenario.js'

// autocannon's default: the issue names no concurrency for this load.
const CONNECTIONS = 10

/**
 * `POST /payments` through the gateway, each with its own Idempotency-Key, 1.00 at a time on 200 invoices in
 * turn: an invoice is locked while a payment on it commits, so payments on one invoice queue by design.
 */
export const createPayment: Scenario = {
  key: 'create_payment',
  describe: (settings) => `POST /payments, unique Idempotency-Key, 200 invoices in turn, ${CONNECTIONS} connections, ${settings.durationSeconds} s per run`,
  goals: [below('p99_ms', 100)],
  run: async ({ target, settings, scene }) => {
    const invoices = await scene.invoices()
    const bodies = invoices.map((id) => JSON.stringify({ invoice_id: id, amount: '1.00', payment_method: 'card', reference: 'bench' }))
    const load = (durationSeconds: number) => runLoad({
      url: target.gatewayUrl,
      method: 'POST',
      headers: { authorization: scene.agent.bearer, 'content-type': 'application/json' },
      paths: ['/payments'],
      bodies,
      connections: CONNECTIONS,
      durationSeconds,
      uniqueIdempotencyKey: true
    })
    await load(3)
    return await repeat(settings.runs, async () => {
      const cpu = await countCpu(target)
      const result = await load(settings.durationSeconds)
      return { rps: result.rps, p99_ms: result.p99_ms, ...cpuFigures(await cpu(result.requests)) }
    })
  }
}
