import { randomBytes, randomUUID } from 'node:crypto'
import { inParallel } from '../api.js'
import { runLoad, type LoadSettings } from '../load.js'
import { settleTables } from '../loading/settle.js'
import { openStream } from '../loading/stream.js'
import { countWork, workFigures } from '../process-work.js'
import { REPORTING_CONSUMER, type Scene } from '../scene.js'
import { repeat, type RunFigures, type Scenario } from '../scenario.js'
import type { BenchSettings } from '../settings.js'
import type { Target } from '../target.js'

// The issue's comparison: wrk with 10 connections for 10 s per call.
const CONNECTIONS = 10
const WARM_UP_SECONDS = 2

/** The comparison's data at BENCH_SCALE 1: 2,000 clients, 2,000 trips, 10,000 invoices, 10,000 payments. */
function sizes (settings: BenchSettings) {
  const clients = Math.max(20, Math.round(2000 * settings.scale))
  return { clients, trips: clients, invoices: clients * 5, payments: clients * 5 }
}

/** Made through the API, as an agency would: every record also reaches reporting by its events. */
async function loadData (target: Target, scene: Scene, settings: BenchSettings, log: (line: string) => void): Promise<number[]> {
  const size = sizes(settings)
  const tag = randomBytes(4).toString('hex')
  log(`issue_table: creating ${size.clients} clients, ${size.trips} trips, ${size.invoices} invoices and ${size.payments} payments through the API`)
  const clients = await inParallel(Array.from({ length: size.clients }, (_, index) => index), 16, async (index) =>
    (await scene.agent.call<{ id: number }>('POST', '/clients', { name: `Table Client ${index}`, email: `table-${tag}-${index}@example.com`, phone: '+44 20 7946 0000' })).id)
  const trips = await inParallel(clients, 16, async (clientId, index) =>
    (await scene.agent.call<{ id: number }>('POST', '/trips', {
      client_id: clientId, destination: `Table City ${index % 40}`, start_date: '2027-03-01', end_date: '2027-03-10', price: '500.00'
    })).id)
  const invoices = await inParallel(Array.from({ length: size.invoices }, (_, index) => index), 16, async (index) =>
    (await scene.agent.call<{ id: number }>('POST', '/invoices', {
      // Half long overdue, half due later: the summary has both lists to write.
      trip_id: trips[index % trips.length], issue_date: '2026-01-01', due_date: index % 2 === 0 ? '2026-02-01' : '2035-12-31', amount: '100.00'
    })).id)
  await inParallel(invoices, 16, async (invoiceId, index) => {
    await scene.agent.call('POST', '/payments', { invoice_id: invoiceId, amount: index % 3 === 0 ? '100.00' : '40.00', payment_method: 'card', reference: `table-${index}` }, { 'idempotency-key': randomUUID() })
  })
  if (target.stream !== undefined) {
    const stream = await openStream(target.stream)
    try {
      await stream.drained(REPORTING_CONSUMER, 600_000)
    } finally {
      await stream.close()
    }
  }
  // Made through the API, nothing has vacuumed or analyzed these tables yet: production's autovacuum would have
  // within a minute, a server with it off never does (then crm's search for `xyz` scanned all 2,000 clients).
  if (target.databaseUrl !== undefined) {
    await settleTables(target.databaseUrl)
    log('issue_table: vacuumed and analyzed the database')
  }
  return clients
}

type Call = () => Omit<LoadSettings, 'url' | 'connections' | 'durationSeconds'>

/**
 * The calls of the issue's side-by-side table, at its sizes and concurrency, through the gateway: req/s and
 * median latency, which another server can be measured against with the same load, and CPU per request of every
 * stack process and of Postgres, which says what each call costs whatever else shares the machine.
 */
export const issueTable: Scenario = {
  key: 'issue_table',
  describe: (settings) => {
    const size = sizes(settings)
    return `the issue's comparison calls at ${size.clients} clients, ${size.trips} trips, ${size.invoices} invoices, ${size.payments} payments, ` +
      `${CONNECTIONS} connections, ${settings.durationSeconds} s per call per run, through the gateway`
  },
  // The issue names targets in CPU per request (read_client, search_clients); this table is for comparison.
  goals: [],
  run: async ({ target, settings, scene, log }) => {
    const clients = await loadData(target, scene, settings, log)
    const agent = { authorization: scene.agent.bearer }
    const analyst = { authorization: scene.analyst.bearer }
    const calls: Record<string, Call> = {
      client_get: () => ({ method: 'GET', headers: agent, paths: clients.map((id) => `/clients/${id}`) }),
      client_search_none: () => ({ method: 'GET', headers: agent, paths: ['/clients?name=xyz'] }),
      invoice_summary: () => ({ method: 'GET', headers: analyst, paths: ['/reports/invoice-summary'] }),
      monthly_revenue: () => ({ method: 'GET', headers: analyst, paths: ['/reports/monthly-revenue'] }),
      revenue_by_client_export: () => ({ method: 'GET', headers: analyst, paths: ['/reports/revenue-by-client/export'] }),
      // Each client created needs an email of its own (the index is unique).
      client_create: () => ({
        method: 'POST',
        headers: { ...agent, 'content-type': 'application/json' },
        paths: ['/clients'],
        bodies: [JSON.stringify({ name: 'Table New Client', email: 'table-new-[<id>]@example.com', phone: '+44 20 7946 0001' })],
        uniqueIds: true
      })
    }
    const load = async (call: Call, durationSeconds: number) =>
      await runLoad({ url: target.gatewayUrl, connections: CONNECTIONS, durationSeconds, ...call() })
    // Each call has its runs one after another, and `POST /clients` comes last: the 1,000 or more clients a run of
    // it makes would otherwise be in every later run's search, which the issue measured at its own number of
    // clients. (Taken in turns, the search's Postgres CPU went from 0.3 to 2.8 ms between runs of one build.)
    const figures: RunFigures = {}
    for (const [name, call] of Object.entries(calls)) {
      await load(call, WARM_UP_SECONDS)
      Object.assign(figures, await repeat(settings.runs, async () => {
        const work = await countWork(target)
        const result = await load(call, settings.durationSeconds)
        const perRequest = await work(result.requests)
        return {
          [`${name}_rps`]: result.rps,
          [`${name}_p50_ms`]: result.p50_ms,
          ...workFigures(perRequest, `${name}.`, { total: true })
        }
      }))
    }
    return figures
  }
}
