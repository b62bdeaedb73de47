import { readFileSync } from 'node:fs'
import pg from 'pg'
import { STACK_PROCESSES } from '@travel-crm/testkit'
import type { Target } from './target.js'

const CLOCK_TICKS_PER_SECOND = 100

export const CPU_FIGURE = 'cpu_ms_per_request.'

/** User plus system CPU time a process has used so far, in milliseconds (fields 14 and 15 of /proc/<pid>/stat). */
function cpuMilliseconds (pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) * 1000 / CLOCK_TICKS_PER_SECOND
  } catch {
    // Gone (a pooled connection closed): what it used is lost, which undercounts a little.
    return Number.NaN
  }
}

/** The server processes of the stack's database connections, when the database runs on this machine. */
async function postgresBackends (databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')
    return rows.map((row) => row.pid)
  } finally {
    await client.end()
  }
}

export type CpuPerRequest = Record<string, number>

/**
 * Starts counting the CPU time each stack process spends, and the database's server processes together as
 * `postgres`; the returned function gives it per request. Unlike throughput and latency, CPU time per request
 * hardly moves when others load the machine, so it says where the work is even on a noisy host.
 */
export async function countCpu (target: Target): Promise<(requests: number) => Promise<CpuPerRequest>> {
  const processes = STACK_PROCESSES.flatMap((name) => {
    const pid = target.pid(name)
    return pid === undefined ? [] : [[name, pid] as const]
  })
  return await countProcessCpu(processes, target.databaseUrl)
}

/** As `countCpu`, for any processes of this machine by name, and the backends of the database at `databaseUrl`. */
export async function countProcessCpu (
  processes: ReadonlyArray<readonly [name: string, pid: number]>, databaseUrl: string | undefined
): Promise<(requests: number) => Promise<CpuPerRequest>> {
  const localDatabase = databaseUrl !== undefined && /@(127\.0\.0\.1|localhost)[:/]/.test(databaseUrl) ? databaseUrl : undefined
  const backendsBefore = localDatabase !== undefined ? await postgresBackends(localDatabase) : []
  const before = new Map<number, number>([...processes.map(([, pid]) => pid), ...backendsBefore].map((pid) => [pid, cpuMilliseconds(pid)]))
  const used = (pid: number) => {
    const now = cpuMilliseconds(pid)
    return Number.isNaN(now) ? 0 : now - (before.get(pid) ?? 0)
  }
  return async (requests) => {
    const perRequest: CpuPerRequest = Object.fromEntries(processes.map(([name, pid]) => [name, used(pid) / Math.max(1, requests)]))
    if (localDatabase !== undefined) {
      const backends = new Set([...backendsBefore, ...await postgresBackends(localDatabase)])
      perRequest['postgres'] = [...backends].reduce((sum, pid) => sum + used(pid), 0) / Math.max(1, requests)
    }
    return perRequest
  }
}

/** CPU per request as figures (`cpu_ms_per_request.crm`, or with a prefix for scenarios with several loads). */
export function cpuFigures (perRequest: CpuPerRequest, prefix = ''): Record<string, number> {
  return Object.fromEntries(Object.entries(perRequest).map(([name, value]) => [`${prefix}${CPU_FIGURE}${name}`, value]))
}

/** As `cpuFigures`, headed by their sum (`<prefix>cpu_ms_per_request.total`): what the call costs the machine in all. */
export function cpuFiguresWithTotal (perRequest: CpuPerRequest, prefix = ''): Record<string, number> {
  return {
    [`${prefix}${CPU_FIGURE}total`]: Object.values(perRequest).reduce((sum, value) => sum + value, 0),
    ...cpuFigures(perRequest, prefix)
  }
}
