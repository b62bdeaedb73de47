import { residentMegabytes } from '../resident-memory.js'
import { atLeast, below, repeat, type Scenario } from '../scenario.js'

const EXPORT = '/reports/invoices/export'
const SAMPLE_EVERY_MS = 10

function lineBreaksIn (chunk: Uint8Array): number {
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  let count = 0
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count += 1
  return count
}

/**
 * Streams the invoices export (one row per invoice: 100,000 at full scale) through the gateway,
 * counting rows as they arrive, while sampling the reporting process's VmRSS every 10 ms.
 */
export const csvExport: Scenario = {
  key: 'csv_export',
  describe: () => `GET ${EXPORT} through the gateway (one row per invoice), reporting's VmRSS sampled every ${SAMPLE_EVERY_MS} ms`,
  goals: [atLeast('rows_per_s', 100_000), below('rss_growth_mb', 100)],
  unavailable: (target) => target.stream === undefined ? 'needs the stream to load the history' : undefined,
  run: async ({ target, settings, scene }) => {
    await scene.history()
    const pid = target.pid('reporting')
    return await repeat(settings.runs, async () => {
      const baseline = pid === undefined ? Number.NaN : residentMegabytes(pid)
      let peak = baseline
      const sampler = setInterval(() => { if (pid !== undefined) peak = Math.max(peak, residentMegabytes(pid)) }, SAMPLE_EVERY_MS)
      const started = performance.now()
      let lineBreaks = 0
      try {
        const response = await fetch(`${target.gatewayUrl}${EXPORT}`, { headers: { authorization: scene.analyst.bearer } })
        if (!response.ok || response.body === null) throw new Error(`${EXPORT} answered ${response.status}`)
        for await (const chunk of response.body) lineBreaks += lineBreaksIn(chunk as Uint8Array)
      } finally {
        clearInterval(sampler)
      }
      const seconds = (performance.now() - started) / 1000
      if (pid !== undefined) peak = Math.max(peak, residentMegabytes(pid))
      // Every row ends in CRLF, the header row too; no cell of this report holds a line break.
      const rows = lineBreaks - 1
      return { rows, seconds, rows_per_s: rows / seconds, baseline_rss_mb: baseline, peak_rss_mb: peak, rss_growth_mb: peak - baseline }
    })
  }
}
