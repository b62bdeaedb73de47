import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface LoadSettings {
  /** Origin of the server under load (`http://127.0.0.1:3000`). */
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  /** Paths asked in turn, across all connections. */
  paths: string[]
  /** Request bodies sent in turn, across all connections. */
  bodies?: string[]
  connections: number
  durationSeconds: number
  /** A steady rate over all connections instead of as fast as the server answers. */
  ratePerSecond?: number
  /** Gives every request its own Idempotency-Key, as a real client retrying nothing would. */
  uniqueIdempotencyKey?: boolean
  /** Writes a new UUID for every `[<id>]` in each request's body, as a client creating new records would. */
  uniqueIds?: boolean
}

export interface LoadResult {
  /** Mean of autocannon's per-second samples. */
  rps: number
  /** Latencies by nearest rank over every response (not autocannon's rounded histogram buckets). */
  p50_ms: number
  p95_ms: number
  p99_ms: number
  requests: number
  statuses: Record<string, number>
  non2xx: number
  errors: number
  timeouts: number
}

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url))

/** One autocannon run in a separate process; a run with failed requests is an error, not a figure. */
export async function runLoad (settings: LoadSettings): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', WORKER, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`load worker exited with ${code}`)
  const result = JSON.parse(output) as LoadResult
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${settings.method} ${settings.url}${settings.paths[0] ?? ''}…: ${result.non2xx} non-2xx responses ` +
      `(${JSON.stringify(result.statuses)}) and ${result.errors} errors out of ${result.requests}`)
  }
  return result
}
