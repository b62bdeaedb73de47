import { randomBytes } from 'node:crypto'
import { inParallel } from '../api.js'
import { below, repeat, type Scenario } from '../scenario.js'
import { percentile } from '../statistics.js'
import { peakResidentDuring, RSS_SAMPLE_EVERY_MS } from '../resident-memory.js'

/** Single-invoice PDFs asked for per run, one at a time (a person opening an invoice). */
const PDF_REQUESTS = 200

/** The number of entries a zip says it holds, from its end-of-central-directory record (the last 22 bytes). */
function zipEntries (tail: Buffer): number {
  if (tail.readUInt32LE(0) !== 0x06054b50) throw new Error('the export does not end with a zip directory')
  return tail.readUInt16LE(10)
}

/**
 * A month of invoices (1,000 at full scale) for one client with a Polish and Greek name: each invoice's PDF
 * asked for one at a time (`pdf_p95_ms`), then the month's zip streamed through the gateway with billing's
 * VmRSS sampled every 10 ms.
 */
export const invoiceDocuments: Scenario = {
  key: 'invoice_documents',
  describe: (settings) => `GET /invoices/:id/pdf ×${PDF_REQUESTS} one at a time (sv), then GET /invoices/export.zip over ${Math.max(50, Math.round(1000 * settings.scale))} invoices, billing's VmRSS sampled every ${RSS_SAMPLE_EVERY_MS} ms`,
  goals: [below('pdf_p95_ms', 100), below('zip_rss_growth_mb', 100)],
  run: async ({ target, settings, scene, log }) => {
    const count = Math.max(50, Math.round(1000 * settings.scale))
    const tag = randomBytes(4).toString('hex')
    await scene.admin.call('PUT', '/settings/agency', {
      legal_name: 'Nordresor Åkesson AB', address: 'Götgatan 12\n116 46 Stockholm', vat_number: 'SE556677889901',
      iban: 'SE45 5000 0000 0583 9825 7466', bic: 'ESSESESS', email: 'office@nordresor.example', phone: '+46 8 555 010 20',
      invoice_footer: 'Godkänd för F-skatt.'
    })
    const client = await scene.agent.call<{ id: number }>('POST', '/clients', { name: 'Łukasz Παπαδόπουλος', email: `documents-${tag}@example.com`, phone: '+48 22 555 01 02', company: 'Żółta Łódź sp. z o.o.' })
    const trip = await scene.agent.call<{ id: number }>('POST', '/trips', {
      client_id: client.id, destination: 'Θεσσαλονίκη', start_date: '2029-05-01', end_date: '2029-05-08', price: '100000.00', currency: 'SEK'
    })
    // A month of its own per bench run (a stack benched twice keeps the earlier run's invoices).
    const month = `2029-${String(1 + (Number.parseInt(tag, 16) % 12)).padStart(2, '0')}`
    log(`creating ${count} invoices issued in ${month}`)
    const invoices = await inParallel(Array.from({ length: count }, (_, index) => index), 16, async (index) =>
      await scene.agent.call<{ id: number }>('POST', '/invoices', {
        trip_id: trip.id, issue_date: `${month}-${String(1 + (index % 28)).padStart(2, '0')}`, due_date: '2030-01-31', amount: `${1000 + index}.45`
      }))
    const range = `from=${month}-01&to=${month}-28`
    const before = await fetch(`${target.gatewayUrl}/invoices/export.zip?${range}`, { headers: { authorization: scene.agent.bearer } })
    const already = zipEntries(Buffer.from(await before.arrayBuffer()).subarray(-22))

    const pid = target.pid('billing')
    return await repeat(settings.runs, async (run) => {
      const durations: number[] = []
      for (let index = 0; index < PDF_REQUESTS; index++) {
        const invoice = invoices[(run * PDF_REQUESTS + index) % invoices.length] as { id: number }
        const started = performance.now()
        const response = await fetch(`${target.gatewayUrl}/invoices/${invoice.id}/pdf?lang=sv`, { headers: { authorization: scene.agent.bearer } })
        const body = Buffer.from(await response.arrayBuffer())
        durations.push(performance.now() - started)
        if (!response.ok || body.subarray(0, 5).toString() !== '%PDF-') throw new Error(`/invoices/${invoice.id}/pdf answered ${response.status}`)
      }

      const started = performance.now()
      let bytes = 0
      let tail = Buffer.alloc(0)
      const { baseline, peak } = await peakResidentDuring(pid, async () => {
        const response = await fetch(`${target.gatewayUrl}/invoices/export.zip?${range}&lang=sv`, { headers: { authorization: scene.agent.bearer } })
        if (!response.ok || response.body === null) throw new Error(`/invoices/export.zip answered ${response.status}`)
        for await (const chunk of response.body) {
          const part = Buffer.from(chunk as Uint8Array)
          bytes += part.length
          tail = Buffer.concat([tail, part]).subarray(-22)
        }
      })
      const seconds = (performance.now() - started) / 1000
      const entries = zipEntries(tail)
      if (entries !== already) throw new Error(`the zip held ${entries} invoices, not the ${already} of ${month}`)
      return {
        pdf_p50_ms: percentile(durations, 50),
        pdf_p95_ms: percentile(durations, 95),
        zip_invoices: entries,
        zip_seconds: seconds,
        zip_invoices_per_s: entries / seconds,
        zip_mb: bytes / 1024 / 1024,
        zip_peak_rss_mb: peak,
        zip_rss_growth_mb: peak - baseline
      }
    })
  }
}
