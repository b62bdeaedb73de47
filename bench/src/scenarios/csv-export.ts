import { peakResidentDuring, RSS_SAMPLE_EVERY_MS } from '../resident-memory.js'
import { atLeast, below, repeat, type Scenario } from '../scenario.js'

const EXPORT = '/reports/invoices/export'

function lineBreaksIn (chunk: Uint8Array): number {
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  let count = 0
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count += 1
  return count
}

/**
 * Streams the invoices export (one row per invoice: 100,000 at full scale) through the gateway,
 * counting rows as they arrive, while sampling the reporting process's VmRSS every 10 ms. Each run is read
 * anew from the database, after a change to the read models.
 */
export const csvExport: Scenario = {
  key: 'csv_export',
  describe: () => `GET ${EXPORT} through the gateway (one row per invoice), reporting's VmRSS sampled every ${RSS_SAMPLE_EVERY_MS} ms`,
  goals: [atLeast('rows_per_s', 100_000), below('rss_growth_mb', 100)],
  unavailable: (target) => target.stream === undefined ? 'needs the stream to load the history' : undefined,
  run: async ({ target, settings, scene }) => {
    await scene.history()
    const pid = target.pid('reporting')
    return await repeat(settings.runs, async () => {
      // Each run reads the export from the database: a pull at an unchanged count would download the last one's file.
      await scene.changeReporting()
      const started = performance.now()
      const { result: lineBreaks, baseline, peak } = await peakResidentDuring(pid, async () => {
        const response = await fetch(`${target.gatewayUrl}${EXPORT}`, { headers: { authorization: scene.analyst.bearer } })
        if (!response.ok || response.body === null) throw new Error(`${EXPORT} answered ${response.status}`)
        let count = 0
        for await (const chunk of response.body) count += lineBreaksIn(chunk as Uint8Array)
        return count
      })
      const seconds = (performance.now() - started) / 1000
      // Every row ends in CRLF, the header row too; no cell of this report holds a line break.
      const rows = lineBreaks - 1
      return { rows, seconds, rows_per_s: rows / seconds, baseline_rss_mb: baseline, peak_rss_mb: peak, rss_growth_mb: peak - baseline }
    })
  }
}
