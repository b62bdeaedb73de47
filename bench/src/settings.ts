/** How big and how long a bench run is, from the environment. */
export interface BenchSettings {
  /** Multiplies every data size (`BENCH_SCALE=0.01` for a quick run); 1 is the sizes. */
  scale: number
  /** Repetitions of each measurement; every figure is their median (at least 3). */
  runs: number
  /** Seconds of each autocannon load. */
  durationSeconds: number
  /**
   * Sends the whole reporting history through the stream and reporting's consumer (`BENCH_HISTORY=stream`),
   * instead of loading most of it through reporting's projections in bulk.
   */
  historyThroughStream: boolean
  /** Scenarios to run (`BENCH_ONLY=read_client,startup`); all when empty. */
  only: Set<string>
}

function positive (env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`)
  return value
}

export function readSettings (env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const runs = Math.round(positive(env, 'BENCH_RUNS', 3))
  if (runs < 3) throw new Error('BENCH_RUNS must be at least 3: every figure is a median of three or more runs')
  return {
    scale: positive(env, 'BENCH_SCALE', 1),
    runs,
    durationSeconds: Math.round(positive(env, 'BENCH_DURATION', 10)),
    historyThroughStream: env['BENCH_HISTORY'] === 'stream',
    only: new Set((env['BENCH_ONLY'] ?? '').split(',').map((name) => name.trim()).filter((name) => name !== ''))
  }
}
