import { runLoad } from '../load.js'
import { below, repeat, type Scenario } from '../scenario.js'

/**
 * The money-over-time reports by the figure prefix each gets: per trip for one month's departures (what an
 * agency reads a trip at a time), per destination and per month over the whole history; commissions per supplier and per due month;
 * the trips departing in the coming 30 days with their balances, pending bookings and passport warnings.
 * the pipeline over the whole history and over a quarter.
 */
export const MONEY_REPORTS = {
  trip_margins_by_trip: '/reports/trip-margins?group_by=trip&from=2025-06-01&to=2025-06-30',
  trip_margins_by_destination: '/reports/trip-margins?group_by=destination',
  trip_margins_by_month: '/reports/trip-margins?group_by=month',
  commissions_by_supplier: '/reports/commissions?group_by=supplier',
  commissions_by_month: '/reports/commissions?group_by=month',
  departures: '/reports/departures?days=30',
  pipeline: '/reports/pipeline',
  pipeline_by_quarter: '/reports/pipeline?from=2025-04-01&to=2025-06-30'
} as const

// As the other reports: one analyst asking again as soon as the answer is in, so the figure is one report's time.
const CONNECTIONS = 1

/** Each money report through the gateway, on the bookings, trips and commissions the history built. */
export const moneyReports: Scenario = {
  key: 'money_reports',
  describe: (settings) => `each money-over-time report through the gateway, ${CONNECTIONS} connection, ${settings.durationSeconds} s per report per run, p95 over all responses`,
  goals: Object.keys(MONEY_REPORTS).map((name) => below(`${name}_p95_ms`, 50)),
  unavailable: (target) => target.stream === undefined ? 'needs the stream to load the history' : undefined,
  run: async ({ target, settings, scene }) => {
    await scene.history()
    const load = async (path: string, durationSeconds: number) =>
      await runLoad({ url: target.gatewayUrl, method: 'GET', headers: { authorization: scene.analyst.bearer }, paths: [path], connections: CONNECTIONS, durationSeconds })
    for (const path of Object.values(MONEY_REPORTS)) await load(path, 2)
    return await repeat(settings.runs, async () => {
      const figures: Record<string, number> = {}
      for (const [name, path] of Object.entries(MONEY_REPORTS)) figures[`${name}_p95_ms`] = (await load(path, settings.durationSeconds)).p95_ms
      return figures
    })
  }
}
