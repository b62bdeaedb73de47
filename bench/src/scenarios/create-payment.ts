import { countWork, workFigures } from '../process-work.js'
import { below, repeat, type Scenario } from '../scenario.js'
import { paymentLoader } from './payment-load.js'

// autocannon's default: the issue names no concurrency for this load.
const CONNECTIONS = 10

/** `POST /payments` through the gateway as fast as it answers (see `paymentLoader`), on 200 invoices in turn. */
export const createPayment: Scenario = {
  key: 'create_payment',
  describe: (settings) => `POST /payments, unique Idempotency-Key, 200 invoices in turn, ${CONNECTIONS} connections, ${settings.durationSeconds} s per run`,
  goals: [below('p99_ms', 100)],
  run: async ({ target, settings, scene }) => {
    const pay = await paymentLoader(target, scene, 'bench')
    const load = async (durationSeconds: number) => await pay({ connections: CONNECTIONS, durationSeconds })
    await load(3)
    return await repeat(settings.runs, async () => {
      const work = await countWork(target)
      const result = await load(settings.durationSeconds)
      return { rps: result.rps, p99_ms: result.p99_ms, ...workFigures(await work(result.requests)) }
    })
  }
}
