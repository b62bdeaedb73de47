import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { runLoad } from '../src/load.js'

/** A server on 127.0.0.1 that notes when each request arrived and what it carried, and answers after `delayMs`. */
async function recordingServer (delayMs: number): Promise<{ server: Server, url: string, arrivals: number[], keys: string[] }> {
  const arrivals: number[] = []
  const keys: string[] = []
  const server = createServer((request, response) => {
    arrivals.push(performance.now())
    keys.push(String(request.headers['idempotency-key']))
    request.resume()
    request.on('end', () => setTimeout(() => { response.writeHead(201).end('{}') }, delayMs))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, keys }
}

describe('runLoad at a rate', () => {
  let server: Server | undefined
  afterEach(async () => { await new Promise((resolve) => server?.close(resolve)) })

  it('spreads the requests over each second instead of sending them at its start', async () => {
    const recorded = await recordingServer(2)
    server = recorded.server
    const result = await runLoad({
      url: recorded.url, method: 'POST', headers: { 'content-type': 'application/json' }, paths: ['/payments'],
      bodies: ['{"amount":"1.00"}'], connections: 20, durationSeconds: 2, ratePerSecond: 50, uniqueIdempotencyKey: true
    })
    expect(result.requests).toBe(100)
    expect(result.non2xx).toBe(0)
    expect(new Set(recorded.keys).size).toBe(100)
    // Due every 20 ms: a tenth of a second holds about 5. A burst at the top of each second (autocannon's
    // `overallRate`) puts all 50 of a second in its first tenth; the bound leaves room for a late timer.
    const first = recorded.arrivals[0] as number
    const perTenth = new Map<number, number>()
    for (const arrival of recorded.arrivals) {
      const tenth = Math.floor((arrival - first) / 100)
      perTenth.set(tenth, (perTenth.get(tenth) ?? 0) + 1)
    }
    expect(Math.max(...perTenth.values())).toBeLessThanOrEqual(15)
    expect(perTenth.size).toBeGreaterThanOrEqual(15)
  })

  it('counts a request from when it was due, so answers slower than the rate show in the latencies', async () => {
    // One connection, answers after 50 ms, a request due every 20 ms: each waits longer than the one before.
    const recorded = await recordingServer(50)
    server = recorded.server
    const result = await runLoad({
      url: recorded.url, method: 'GET', headers: {}, paths: ['/clients/1'], connections: 1, durationSeconds: 1, ratePerSecond: 50
    })
    expect(result.requests).toBe(50)
    // The last request was due at 0.98 s and answered after about 50 × 50 ms = 2.5 s.
    expect(result.p99_ms).toBeGreaterThan(1000)
    expect(result.p50_ms).toBeGreaterThan(500)
  })
})
