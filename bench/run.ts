/**
 * `pnpm bench`: starts a stack of its own on a fresh database (or uses the one at GATEWAY_URL), loads the data
 * each scenario needs, runs every scenario (each figure the median of BENCH_RUNS runs), prints a table and
 * writes bench/results/latest.json. See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { currentCommit, describeMachine, describeServers } from './src/machine.js'
import { checksOf, summarise, table, type ScenarioResult } from './src/results.js'
import type { Scenario } from './src/scenario.js'
import { createPayment } from './src/scenarios/create-payment.js'
import { csvExport } from './src/scenarios/csv-export.js'
import { csvExportsConcurrent } from './src/scenarios/csv-exports-concurrent.js'
import { eventLag } from './src/scenarios/event-lag.js'
import { memory } from './src/scenarios/memory.js'
import { moneyReports } from './src/scenarios/money-reports.js'
import { invoiceDocuments } from './src/scenarios/invoice-documents.js'
import { issueTable } from './src/scenarios/issue-table.js'
import { readClient } from './src/scenarios/read-client.js'
import { readClientFloor } from './src/scenarios/read-client-floor.js'
import { reports } from './src/scenarios/reports.js'
import { searchClients } from './src/scenarios/search-clients.js'
import { startup } from './src/scenarios/startup.js'
import { webhookLag } from './src/scenarios/webhook-lag.js'
import { setScene } from './src/scene.js'
import { readSettings } from './src/settings.js'
import { openTarget } from './src/target.js'

// The issue's table goes first, while crm holds its 2,000 clients and not the 100,000 of the reads and searches.
// Memory is read after the load of the others; startup goes last: it stops the stack the others run on.
const SCENARIOS: Scenario[] = [issueTable, readClient, readClientFloor, searchClients, reports, moneyReports, csvExport, csvExportsConcurrent, invoiceDocuments, createPayment, eventLag, webhookLag, memory, startup]
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url))

const began = Date.now()
function log (line: string): void {
  process.stderr.write(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`)
}

const settings = readSettings()
const machine = describeMachine()
const selected = SCENARIOS.filter((scenario) => settings.only.size === 0 || settings.only.has(scenario.key))
log(`scale ${settings.scale}, ${settings.runs} runs of ${settings.durationSeconds} s; ${machine.cores} × ${machine.cpu_model}, load ${machine.load_average_at_start}`)
log(process.env['GATEWAY_URL'] === undefined ? 'starting a stack of its own' : `using the stack at ${process.env['GATEWAY_URL']}`)
const target = await openTarget()
let servers: Awaited<ReturnType<typeof describeServers>> | undefined
const results: Record<string, ScenarioResult> = {}
let scene: Awaited<ReturnType<typeof setScene>> | undefined
try {
  servers = await describeServers(target)
  scene = await setScene(target, settings, log)
  for (const scenario of selected) {
    const description = scenario.describe(settings)
    const reason = scenario.unavailable?.(target)
    if (reason !== undefined) {
      log(`${scenario.key}: skipped (${reason})`)
      results[scenario.key] = { description, figures: {}, runs: {}, skipped: reason }
      continue
    }
    log(`${scenario.key}: ${description}`)
    try {
      const runs = await scenario.run({ target, settings, scene, log })
      results[scenario.key] = { description, figures: summarise(runs), runs }
      log(`${scenario.key}: ${JSON.stringify(results[scenario.key]?.figures)}`)
    } catch (error) {
      log(`${scenario.key} failed: ${(error as Error).stack ?? String(error)}`)
      results[scenario.key] = { description, figures: {}, runs: {}, failed: (error as Error).message }
    }
  }
} finally {
  await target.close()
}

const checks = selected.flatMap((scenario) => {
  const result = results[scenario.key]
  return result === undefined || result.skipped !== undefined || result.failed !== undefined ? [] : checksOf(scenario, result)
})
const report = {
  when: new Date(began).toISOString(),
  commit: currentCommit(),
  machine: { ...machine, ...servers },
  settings: { scale: settings.scale, runs: settings.runs, duration_seconds: settings.durationSeconds, gateway_url: process.env['GATEWAY_URL'] ?? null },
  duration_seconds: Math.round((Date.now() - began) / 1000),
  loading: scene?.loading ?? {},
  scenarios: results,
  checks
}
mkdirSync(RESULTS, { recursive: true })
writeFileSync(`${RESULTS}latest.json`, `${JSON.stringify(report, null, 2)}\n`)
process.stdout.write(`\n${table(selected, results)}\n\n`)
const failed = checks.filter((check) => !check.pass).length
process.stdout.write(`${checks.length - failed} of ${checks.length} targets met; results in bench/results/latest.json\n`)
