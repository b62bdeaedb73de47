/**
 * Runs one load in a process of its own, so that the load generator never competes with the measuring process
 * for its event loop. Reads its settings as JSON from argv, prints the result as JSON.
 */
import { randomUUID } from 'node:crypto'
import type { EventEmitter } from 'node:events'
import { Agent, request as httpRequest } from 'node:http'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import type { LoadResult, LoadSettings } from './load.js'
import { percentile } from './statistics.js'

const settings = JSON.parse(process.argv[2] ?? '{}') as LoadSettings

interface NextRequest { path: string, headers: Record<string, string>, body: string | undefined }

// Every request takes the next path and body in turn, so the load spreads over many records (and, for
// payments, over many invoices, which lock one at a time) instead of hammering one row.
let turn = 0
function next (): NextRequest {
  const index = turn++
  const path = settings.paths[index % settings.paths.length] as string
  const template = settings.bodies?.[index % settings.bodies.length]
  const body = settings.uniqueIds === true ? template?.replaceAll('[<id>]', randomUUID()) : template
  const headers = settings.uniqueIdempotencyKey === true ? { ...settings.headers, 'idempotency-key': randomUUID() } : settings.headers
  return { path, headers, body }
}

/** The figures of a run from every answer's latency and status, and what the generator counted of the rest. */
function resultOf (latencies: number[], statuses: Record<string, number>, rest: Pick<LoadResult, 'rps' | 'non2xx' | 'errors' | 'timeouts'>): LoadResult {
  return {
    ...rest,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    p99_ms: percentile(latencies, 99),
    requests: latencies.length,
    statuses
  }
}

/** As fast as the server answers, each connection sending its next request when the last is answered. */
async function closedLoop (): Promise<LoadResult> {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const instance = autocannon({
    url: settings.url,
    method: settings.method,
    headers: settings.headers,
    connections: settings.connections,
    duration: settings.durationSeconds,
    requests: [{
      setupRequest: (request: autocannon.Request) => {
        const { path, headers, body } = next()
        return { ...request, path, headers, ...(body !== undefined ? { body } : {}) }
      }
    }]
  // Without a callback autocannon returns its tracker, an event emitter that is also a promise of the result.
  }) as unknown as Promise<autocannon.Result> & EventEmitter
  void instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime)
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
  })
  const result = await instance
  return resultOf(latencies, statuses, { rps: result.requests.average, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts })
}

const REQUEST_TIMEOUT_MS = 10_000

/**
 * A steady rate: request i is due at start + i / rate, whatever the answers before it, on at most `connections`
 * kept-alive connections (a request due while all are busy waits for one). Its latency counts from when it was
 * due, so a slow answer that holds up the next ones shows in their latencies too (no coordinated omission).
 * autocannon's `overallRate` is not this: each connection sends its share of a second back to back from the
 * second's start and then waits for the next, so the load comes as a burst at the top of every second.
 */
async function openLoop (rate: number): Promise<LoadResult> {
  const origin = new URL(settings.url)
  const agent = new Agent({ keepAlive: true, maxSockets: settings.connections })
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let non2xx = 0
  let errors = 0
  let timeouts = 0
  const send = async (due: number): Promise<void> => {
    const { path, headers, body } = next()
    await new Promise<void>((resolve) => {
      const outgoing = httpRequest({
        agent,
        host: origin.hostname,
        port: origin.port,
        method: settings.method,
        path,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: REQUEST_TIMEOUT_MS
      }, (response) => {
        response.resume()
        // An answer cut off midway (the server gone, the timeout below) ends in an error, not an `end`.
        response.on('error', () => { errors += 1; resolve() })
        response.on('end', () => {
          const status = response.statusCode ?? 0
          latencies.push(performance.now() - due)
          statuses[status] = (statuses[status] ?? 0) + 1
          if (status < 200 || status > 299) non2xx += 1
          resolve()
        })
      })
      outgoing.on('timeout', () => { timeouts += 1; outgoing.destroy(new Error('timed out')) })
      outgoing.on('error', () => { errors += 1; resolve() })
      outgoing.end(body)
    })
  }
  const total = Math.round(rate * settings.durationSeconds)
  const interval = 1000 / rate
  const start = performance.now()
  const inFlight: Array<Promise<void>> = []
  for (let index = 0; index < total; index += 1) {
    const due = start + index * interval
    const wait = due - performance.now()
    // Timers fire late by up to a millisecond or two: each request keeps its own due time, so lateness never
    // accumulates; requests already due go out together.
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
    inFlight.push(send(due))
  }
  await Promise.all(inFlight)
  const seconds = (performance.now() - start) / 1000
  agent.destroy()
  return resultOf(latencies, statuses, { rps: latencies.length / Math.max(seconds, settings.durationSeconds), non2xx, errors, timeouts })
}

const output = settings.ratePerSecond === undefined ? await closedLoop() : await openLoop(settings.ratePerSecond)
process.stdout.write(JSON.stringify(output))
