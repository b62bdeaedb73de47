/**
 * Runs one autocannon load in a process of its own, so that the load generator never competes with the
 * measuring process for its event loop. Reads its settings as JSON from argv, prints the result as JSON.
 */
import { randomUUID } from 'node:crypto'
import type { EventEmitter } from 'node:events'
import autocannon from 'autocannon'
import type { LoadResult, LoadSettings } from './load.js'
import { percentile } from './statistics.js'

const settings = JSON.parse(process.argv[2] ?? '{}') as LoadSettings

// Every connection takes the next path and body in turn, so the load spreads over many records (and, for
// payments, over many invoices, which lock one at a time) instead of hammering one row.
let turn = 0
function nextRequest (request: autocannon.Request): autocannon.Request {
  const index = turn++
  const path = settings.paths[index % settings.paths.length] as string
  const template = settings.bodies?.[index % settings.bodies.length]
  const body = settings.uniqueIds === true ? template?.replaceAll('[<id>]', randomUUID()) : template
  const headers = settings.uniqueIdempotencyKey === true ? { ...request.headers, 'idempotency-key': randomUUID() } : request.headers
  return { ...request, path, headers, ...(body !== undefined ? { body } : {}) }
}

const latencies: number[] = []
const statuses: Record<string, number> = {}
const instance = autocannon({
  url: settings.url,
  method: settings.method,
  headers: settings.headers,
  connections: settings.connections,
  duration: settings.durationSeconds,
  ...(settings.ratePerSecond !== undefined ? { overallRate: settings.ratePerSecond } : {}),
  requests: [{ setupRequest: nextRequest }]
// Without a callback autocannon returns its tracker, an event emitter that is also a promise of the result.
}) as unknown as Promise<autocannon.Result> & EventEmitter
void instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
  latencies.push(responseTime)
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
})
const result = await instance

const output: LoadResult = {
  rps: result.requests.average,
  p50_ms: percentile(latencies, 50),
  p95_ms: percentile(latencies, 95),
  p99_ms: percentile(latencies, 99),
  requests: latencies.length,
  statuses,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts
}
process.stdout.write(JSON.stringify(output))
