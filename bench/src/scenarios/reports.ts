import { runLoad } from '../load.js'
import { below, repeat, type Scenario } from '../scenario.js'

/** The four JSON reports, by the figure prefix each gets. */
export const REPORTS = {
  invoice_summary: '/reports/invoice-summary',
  monthly_revenue: '/reports/monthly-revenue',
  revenue_by_client: '/reports/revenue-by-client',
  unpaid_invoices: '/reports/unpaid-invoices'
} as const

// A report is an analyst's question, not a crowd's: one connection asks again as soon as it has the answer,
// so the figure is the time one report takes at this size, not time spent queueing behind others.
const CONNECTIONS = 1

/** Each JSON report through the gateway, on the read models the history built. */
export const reports: Scenario = {
  key: 'reports_1m',
  describe: (settings) => `each JSON report through the gateway (and straight from reporting), ${CONNECTIONS} connection, ${settings.durationSeconds} s per report per run, p95 over all responses`,
  goals: Object.keys(REPORTS).map((name) => below(`${name}_p95_ms`, 20)),
  unavailable: (target) => target.stream === undefined ? 'needs the stream to load the history' : undefined,
  run: async ({ target, settings, scene }) => {
    await scene.history()
    const load = async (url: string, path: string, durationSeconds: number) =>
      await runLoad({ url, method: 'GET', headers: { authorization: scene.analyst.bearer }, paths: [path], connections: CONNECTIONS, durationSeconds })
    for (const path of Object.values(REPORTS)) await load(target.gatewayUrl, path, 2)
    return await repeat(settings.runs, async () => {
      const figures: Record<string, number> = {}
      for (const [name, path] of Object.entries(REPORTS)) {
        const result = await load(target.gatewayUrl, path, settings.durationSeconds)
        figures[`${name}_p95_ms`] = result.p95_ms
        // The same report straight from reporting: what the gateway adds is the difference.
        if (target.reportingUrl !== undefined) figures[`${name}_direct_p95_ms`] = (await load(target.reportingUrl, path, settings.durationSeconds)).p95_ms
      }
      return figures
    })
  }
}
