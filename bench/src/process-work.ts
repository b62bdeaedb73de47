import { readFileSync } from 'node:fs'
import pg from 'pg'
import { STACK_PROCESSES } from '@travel-crm/testkit'
import type { Target } from './target.js'

const CLOCK_TICKS_PER_SECOND = 100

export const CPU_FIGURE = 'cpu_ms_per_request.'
export const WRITES_FIGURE = 'writes_per_request.'

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

/**
 * Write system calls the process's threads have made so far (`syscw` of /proc/<pid>/io, write and writev alike).
 * Nearly each is one message handed to the kernel: an HTTP answer or request, a statement to Postgres, a publish
 * or an ack to NATS; the rest are wakes between a process's own threads. On loopback every message costs both
 * sides CPU however little it carries, so the count says what a call's CPU is made of. Postgres's backends answer
 * with send(), which this count leaves out: they are not counted.
 */
function writeCalls (pid: number): number {
  try {
    return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? Number.NaN)
  } catch {
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

/** Per request, by process: CPU milliseconds (Postgres's server processes together as `postgres`) and write calls. */
export interface PerRequest {
  cpu: Record<string, number>
  writes: Record<string, number>
}

/**
 * Starts counting the CPU time each stack process spends, and the database's server processes together as
 * `postgres`, and each stack process's write calls; the returned function gives them per request. Unlike
 * throughput and latency, CPU time per request hardly moves when others load the machine, so it says where the
 * work is even on a noisy host; the write calls say how much of that work is messages.
 */
export async function countWork (target: Target): Promise<(requests: number) => Promise<PerRequest>> {
  const processes = STACK_PROCESSES.flatMap((name) => {
    const pid = target.pid(name)
    return pid === undefined ? [] : [[name, pid] as const]
  })
  return await countProcessWork(processes, target.databaseUrl)
}

/** As `countWork`, for any processes of this machine by name, and the backends of the database at `databaseUrl`. */
export async function countProcessWork (
  processes: ReadonlyArray<readonly [name: string, pid: number]>, databaseUrl: string | undefined
): Promise<(requests: number) => Promise<PerRequest>> {
  const localDatabase = databaseUrl !== undefined && /@(127\.0\.0\.1|localhost)[:/]/.test(databaseUrl) ? databaseUrl : undefined
  const backendsBefore = localDatabase !== undefined ? await postgresBackends(localDatabase) : []
  const cpu = since(cpuMilliseconds, [...processes.map(([, pid]) => pid), ...backendsBefore])
  const writes = since(writeCalls, processes.map(([, pid]) => pid))
  return async (requests) => {
    const per = (count: number) => count / Math.max(1, requests)
    const perRequest: PerRequest = {
      cpu: Object.fromEntries(processes.map(([name, pid]) => [name, per(cpu(pid))])),
      writes: Object.fromEntries(processes.map(([name, pid]) => [name, per(writes(pid))]))
    }
    if (localDatabase !== undefined) {
      const backends = new Set([...backendsBefore, ...await postgresBackends(localDatabase)])
      perRequest.cpu['postgres'] = per([...backends].reduce((sum, pid) => sum + cpu(pid), 0))
    }
    return perRequest
  }
}

/**
 * How much a count of each process (`read`) grew since now; a process not read now (a backend that connected
 * since) counts from zero, one gone counts nothing, which undercounts a little.
 */
function since (read: (pid: number) => number, pids: readonly number[]): (pid: number) => number {
  const before = new Map(pids.map((pid) => [pid, read(pid)]))
  return (pid) => {
    const now = read(pid)
    return Number.isNaN(now) ? 0 : now - (before.get(pid) ?? 0)
  }
}

/**
 * CPU and write calls per request as figures (`cpu_ms_per_request.crm`, `writes_per_request.crm`, or with a
 * prefix for scenarios with several loads); with `total`, each kind headed by its sum
 * (`<prefix>cpu_ms_per_request.total`): what the call costs the machine in all.
 */
export function workFigures (perRequest: PerRequest, prefix = '', options: { total?: boolean } = {}): Record<string, number> {
  const figures = (kind: string, values: Record<string, number>) => ({
    ...options.total === true ? { [`${prefix}${kind}total`]: Object.values(values).reduce((sum, value) => sum + value, 0) } : {},
    ...Object.fromEntries(Object.entries(values).map(([name, value]) => [`${prefix}${kind}${name}`, value]))
  })
  return { ...figures(CPU_FIGURE, perRequest.cpu), ...figures(WRITES_FIGURE, perRequest.writes) }
}
