import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface LoadSettings {
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  connections: number
  durationSeconds: number
  uniqueIdempotencyKey?: boolean
}

export interface LoadResult {
  rps: number
  p50_ms: number
  p99_ms: number
  requests: number
  non2xx: number
  errors: number
  timeouts: number
}

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url))

/** One autocannon run in a separate process; a run with failed requests is an error, not a figure. */
export async function runLoad (settings: LoadSettings): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`load worker exited with ${code}`)
  const result = JSON.parse(output) as LoadResult
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${settings.method} ${settings.url}: ${result.non2xx} non-2xx responses and ${result.errors} errors out of ${result.requests}`)
  }
  return result
}
