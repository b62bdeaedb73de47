import { peakResidentDuring, RSS_SAMPLE_EVERY_MS } from '../resident-memory.js'
import { below, repeat, type Scenario } from '../scenario.js'

/** Every report export that reads the whole history, and the one over all clients. */
const EXPORTS = [
  '/reports/invoice-summary/export',
  '/reports/monthly-revenue/export',
  '/reports/revenue-by-client/export',
  '/reports/unpaid-invoices/export',
  '/clients/export'
]
const PULLS = 10

/**
 * Ten integrators at once: ten concurrent pulls of each export in turn through the gateway, each read to its
 * end, while reporting's VmRSS is sampled. Reporting streams a few at once and queues the rest; a pull that is
 * not a 200 counts as refused. Pulls of one export at the same change count share one read, as integrators
 * pulling at the same moment would; each run starts after a change, so each reads every export anew.
 */
export const csvExportsConcurrent: Scenario = {
  key: 'csv_exports_concurrent',
  describe: () => `${PULLS} concurrent pulls of each of ${EXPORTS.length} exports through the gateway, reporting's VmRSS sampled every ${RSS_SAMPLE_EVERY_MS} ms`,
  goals: [below('refused', 1), below('rss_growth_mb', 100)],
  unavailable: (target) => target.stream === undefined ? 'needs the stream to load the history' : undefined,
  run: async ({ target, settings, scene }) => {
    await scene.history()
    const pid = target.pid('reporting')
    return await repeat(settings.runs, async () => {
      // Each run's first pull of each export reads it from the database, as after any change in a working day.
      await scene.changeReporting()
      const started = performance.now()
      let refused = 0
      let bytes = 0
      const { baseline, peak } = await peakResidentDuring(pid, async () => {
        for (const path of EXPORTS) {
          await Promise.all(Array.from({ length: PULLS }, async () => {
            const response = await fetch(`${target.gatewayUrl}${path}`, { headers: { authorization: scene.analyst.bearer } })
            if (response.status !== 200 || response.body === null) {
              refused += 1
              await response.arrayBuffer()
              return
            }
            for await (const chunk of response.body) bytes += (chunk as Uint8Array).byteLength
          }))
        }
      })
      return {
        pulls: PULLS * EXPORTS.length,
        refused,
        seconds: (performance.now() - started) / 1000,
        mb_streamed: bytes / 1e6,
        baseline_rss_mb: baseline,
        peak_rss_mb: peak,
        rss_growth_mb: peak - baseline
      }
    })
  }
}
