import { runLoad } from '../load.js'
import { countWork, workFigures } from '../process-work.js'
import { below, repeat, type Scenario } from '../scenario.js'

// autocannon's default: the issue names no concurrency for this load.
const CONNECTIONS = 10
const WARM_UP_SECONDS = 3

/**
 * `GET /clients?name=…` through the gateway at 100,000 clients, alternating surnames (one client in fifty
 * matches: 2,000 at full scale, a page of 50 returned) and full names (one in 1,500). With `CRM_URL` the same
 * load also goes straight to crm, alternating with the gateway's, to tell the search's time from the proxy's.
 */
export const searchClients: Scenario = {
  key: 'search_clients',
  describe: (settings) => `GET /clients?name=… (surnames and full names in turn), ${CONNECTIONS} connections, ${settings.durationSeconds} s per run`,
  goals: [below('p99_ms', 50)],
  run: async ({ target, settings, scene }) => {
    const { surnames, fullNames } = await scene.clients()
    const paths = surnames.flatMap((surname, index) => [surname, fullNames[index] as string]).map((name) => `/clients?name=${encodeURIComponent(name)}`)
    const load = (url: string, durationSeconds: number) =>
      runLoad({ url, method: 'GET', headers: { authorization: scene.agent.bearer }, paths, connections: CONNECTIONS, durationSeconds })
    await load(target.gatewayUrl, WARM_UP_SECONDS)
    return await repeat(settings.runs, async () => {
      const work = await countWork(target)
      const result = await load(target.gatewayUrl, settings.durationSeconds)
      const figures = { rps: result.rps, p50_ms: result.p50_ms, p99_ms: result.p99_ms, ...workFigures(await work(result.requests)) }
      if (target.crmUrl === undefined) return figures
      const direct = await load(target.crmUrl, settings.durationSeconds)
      return { ...figures, direct_rps: direct.rps, direct_p50_ms: direct.p50_ms, direct_p99_ms: direct.p99_ms }
    })
  }
}
