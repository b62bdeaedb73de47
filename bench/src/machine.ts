import { execFileSync } from 'node:child_process'
import { cpus, loadavg, release, totalmem, type } from 'node:os'
import { connect } from '@nats-io/transport-node'
import pg from 'pg'
import type { Target } from './target.js'

export interface Machine {
  cpu_model: string
  cores: number
  memory_gb: number
  node: string
  os: string
  /** One-minute load average when the run began: others share this machine, and it shows. */
  load_average_at_start: number
}

export function describeMachine (): Machine {
  const [cpu] = cpus()
  return {
    cpu_model: cpu?.model ?? 'unknown',
    cores: cpus().length,
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    os: `${type()} ${release()}`,
    load_average_at_start: Math.round((loadavg()[0] ?? 0) * 100) / 100
  }
}

/** The commit the bench ran on, marked when the work tree had changes. */
export function currentCommit (): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== ''
    return dirty ? `${commit}+changes` : commit
  } catch {
    return 'unknown'
  }
}

/**
 * The versions of PostgreSQL and NATS the stack runs on, where the bench can reach them, and whether Postgres
 * runs autovacuum: without it, tables filled through the API keep no statistics, and plans differ.
 */
export async function describeServers (target: Target): Promise<{ postgres?: string, postgres_autovacuum?: string, nats_server?: string }> {
  const servers: { postgres?: string, postgres_autovacuum?: string, nats_server?: string } = {}
  if (target.databaseUrl !== undefined) {
    const client = new pg.Client({ connectionString: target.databaseUrl })
    await client.connect()
    try {
      servers.postgres = (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version
      servers.postgres_autovacuum = (await client.query<{ autovacuum: string }>('show autovacuum')).rows[0]?.autovacuum
    } finally {
      await client.end()
    }
  }
  if (target.stream !== undefined) {
    const nc = await connect({ servers: target.stream.natsUrl, name: 'bench' })
    servers.nats_server = nc.info?.version
    await nc.close()
  }
  return servers
}
