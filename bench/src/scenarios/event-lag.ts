import pg from 'pg'
import { openStream } from '../loading/stream.js'
import { countWork, workFigures } from '../process-work.js'
import { below, repeat, type Scenario } from '../scenario.js'
import { REPORTING_CONSUMER } from '../scene.js'
import { percentile } from '../statistics.js'
import { paymentLoader } from './payment-load.js'

const RATE = 200
// Enough connections that the rate holds even when a payment takes 100 ms.
const CONNECTIONS = 20

/**
 * For each payment of the run: reporting's `inbox.applied_at` for its `billing.payment.recorded` event minus
 * billing's `outbox.created_at` for the same event id. Both are `now()` of their transaction on the one
 * database server, so one clock: from the start of the transaction that recorded the payment to the start of
 * the one that applied it in reporting (which commits a moment later).
 */
const LAGS = `select extract(epoch from (i.applied_at - o.created_at)) * 1000 as lag_ms,
    extract(epoch from (o.published_at - o.created_at)) * 1000 as relay_ms
  from billing.outbox o join reporting.inbox i on i.event_id = o.id and i.consumer = $1
  where o.subject = 'billing.payment.recorded' and o.created_at >= $2`

const COUNTS = `select count(*) as recorded, count(i.event_id) as applied
  from billing.outbox o left join reporting.inbox i on i.event_id = o.id and i.consumer = $1
  where o.subject = 'billing.payment.recorded' and o.created_at >= $2`

/** Waits until every payment recorded since `since` has been applied by reporting, then reads the lags. */
async function lagsOnceApplied (database: pg.Client, since: Date): Promise<{ lags: number[], relay: number[] }> {
  const deadline = Date.now() + 600_000
  for (;;) {
    const [counts] = (await database.query<{ recorded: string, applied: string }>(COUNTS, [REPORTING_CONSUMER, since])).rows
    if (counts !== undefined && counts.recorded === counts.applied) break
    if (Date.now() > deadline) throw new Error(`only ${counts?.applied} of ${counts?.recorded} payments reached reporting's inbox in 10 minutes`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const { rows } = await database.query<{ lag_ms: number, relay_ms: number }>(LAGS, [REPORTING_CONSUMER, since])
  return { lags: rows.map((row) => Number(row.lag_ms)), relay: rows.map((row) => Number(row.relay_ms)) }
}

/** The most events waiting in billing's outbox at once while the load runs, sampled every 250 ms. */
function sampleOutboxBacklog (database: pg.Client): { stop: () => Promise<number> } {
  let most = 0
  let running = true
  const sampling = (async () => {
    while (running) {
      const [row] = (await database.query<{ count: string }>('select count(*) from billing.outbox where published_at is null')).rows
      most = Math.max(most, Number(row?.count ?? 0))
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  })()
  return { stop: async () => { running = false; await sampling; return most } }
}

export const eventLag: Scenario = {
  key: 'event_lag',
  describe: (settings) => `POST /payments at a steady ${RATE}/s for ${settings.durationSeconds} s; lag = reporting inbox.applied_at − billing outbox.created_at per event`,
  goals: [below('p99_ms', 50)],
  unavailable: (target) => target.databaseUrl === undefined || target.stream === undefined
    ? 'needs DATABASE_URL (outbox and inbox times) and the stream (to wait for reporting)'
    : undefined,
  run: async ({ target, settings, scene, log }) => {
    const pay = await paymentLoader(target, scene, 'lag')
    const database = new pg.Client({ connectionString: target.databaseUrl })
    await database.connect()
    const stream = await openStream(target.stream as NonNullable<typeof target.stream>)
    try {
      return await repeat(settings.runs, async () => {
        // Starts from a consumer with nothing left over from earlier scenarios.
        await stream.drained(REPORTING_CONSUMER, 600_000)
        const [{ now: since }] = (await database.query<{ now: Date }>('select now()')).rows as [{ now: Date }]
        const work = await countWork(target)
        const backlog = sampleOutboxBacklog(database)
        const load = await pay({ connections: CONNECTIONS, durationSeconds: settings.durationSeconds, ratePerSecond: RATE })
        const outboxBacklog = await backlog.stop()
        const { lags, relay } = await lagsOnceApplied(database, since)
        // Until every payment is in reporting: the consumer's work counts too.
        const perPayment = await work(load.requests)
        log(`  ${lags.length} payments at ${load.rps.toFixed(0)}/s: lag p50 ${percentile(lags, 50).toFixed(1)} ms, p99 ${percentile(lags, 99).toFixed(1)} ms`)
        return {
          p50_ms: percentile(lags, 50),
          p99_ms: percentile(lags, 99),
          // Of which: until billing's relay took the event (its `published_at` is the start of that transaction).
          relay_p50_ms: percentile(relay, 50),
          relay_p99_ms: percentile(relay, 99),
          outbox_backlog_max: outboxBacklog,
          rps: load.rps,
          post_p50_ms: load.p50_ms,
          post_p99_ms: load.p99_ms,
          ...workFigures(perPayment)
        }
      })
    } finally {
      await stream.close()
      await database.end()
    }
  }
}
