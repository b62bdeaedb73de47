/**
 * Runs one autocannon load in a process of its own, so that the load generator never competes with the
 * measuring process for its event loop. Reads its settings as JSON from argv, prints the result as JSON.
 */
import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'

interface LoadSettings {
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  connections: number
  durationSeconds: number
  /** Gives every request its own Idempotency-Key, as a real client retrying nothing would. */
  uniqueIdempotencyKey?: boolean
}

const settings = JSON.parse(process.argv[2] ?? '{}') as LoadSettings
const result = await autocannon({
  url: settings.url,
  method: settings.method,
  headers: settings.headers,
  body: settings.body,
  connections: settings.connections,
  duration: settings.durationSeconds,
  ...(settings.uniqueIdempotencyKey === true
    ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }) }] }
    : {})
})
process.stdout.write(JSON.stringify({
  rps: result.requests.average,
  p50_ms: result.latency.p50,
  p99_ms: result.latency.p99,
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts
}))
