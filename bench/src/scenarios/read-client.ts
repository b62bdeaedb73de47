import { runLoad } from '../load.js'
import { countWork, workFigures } from '../process-work.js'
import { atLeast, below, repeat, type Scenario } from '../scenario.js'

const CONNECTIONS = 50
const WARM_UP_SECONDS = 3

/**
 * `GET /clients/:id` through the gateway and the same request straight to crm, over 2,000 clients spread
 * across the table. The two loads alternate within each run, so that the machine's noise falls on both.
 */
export const readClient: Scenario = {
  key: 'read_client',
  describe: (settings) => `GET /clients/:id, ${CONNECTIONS} connections, ${settings.durationSeconds} s per load, gateway and direct to crm alternating`,
  goals: [atLeast('gateway_to_direct', 0.6), below('gateway_p99_ms', 50)],
  unavailable: (target) => target.crmUrl === undefined ? 'needs CRM_URL for the direct figure' : undefined,
  run: async ({ target, settings, scene }) => {
    const { ids } = await scene.clients()
    const paths = ids.map((id) => `/clients/${id}`)
    const load = (url: string, durationSeconds: number) =>
      runLoad({ url, method: 'GET', headers: { authorization: scene.agent.bearer }, paths, connections: CONNECTIONS, durationSeconds })
    const crmUrl = target.crmUrl as string
    await load(target.gatewayUrl, WARM_UP_SECONDS)
    await load(crmUrl, WARM_UP_SECONDS)
    return await repeat(settings.runs, async () => {
      let work = await countWork(target)
      const gateway = await load(target.gatewayUrl, settings.durationSeconds)
      const gatewayWork = await work(gateway.requests)
      work = await countWork(target)
      const direct = await load(crmUrl, settings.durationSeconds)
      const directWork = await work(direct.requests)
      return {
        ...workFigures(gatewayWork, 'gateway.'),
        ...workFigures(directWork, 'direct.'),
        gateway_rps: gateway.rps,
        direct_rps: direct.rps,
        gateway_p99_ms: gateway.p99_ms,
        direct_p99_ms: direct.p99_ms,
        gateway_to_direct: gateway.rps / direct.rps
      }
    })
  }
}
