import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildServices } from '../../scripts/service-build.js'
import { findInfrastructure, startStack, type Stack, type StackProcess } from '@travel-crm/testkit'

/** Where the stack's events go: the bench publishes history there and waits for consumers on it. */
export interface StreamAccess {
  natsUrl: string
  stream: string
  subjectPrefix: string
}

/** The stack under load, and the ways in that each scenario needs beyond the gateway. */
export interface Target {
  gatewayUrl: string
  /** crm's own address, for the same read without the gateway. */
  crmUrl: string | undefined
  /** reporting's own address, to tell the gateway's share of a report's time. */
  reportingUrl: string | undefined
  admin: { username: string, password: string }
  /** A superuser URL of the stack's database: bulk loads, and event lag read from outbox and inbox. */
  databaseUrl: string | undefined
  stream: StreamAccess | undefined
  /** The operating-system process id of a stack process, when it runs on this machine. */
  pid: (name: StackProcess) => number | undefined
  /**
   * The environment the stack's processes run with, for starting `pnpm start` again on the same database;
   * undefined when the stack is not ours.
   */
  launchEnvironment: Record<string, string> | undefined
  /** Stops the processes, keeping the database and stream (the startup scenario reuses them). */
  stopProcesses: () => Promise<void>
  /** Stops everything the bench started and removes what it created. */
  close: () => Promise<void>
}

function optional (env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

/**
 * A running stack given by `GATEWAY_URL`. Its admin is `BENCH_ADMIN_USERNAME`/`BENCH_ADMIN_PASSWORD`; what
 * else is given opens more scenarios: `CRM_URL` and `REPORTING_URL` (direct requests), `DATABASE_URL` (a superuser URL of its
 * database), `NATS_URL` with `NATS_STREAM` and `NATS_SUBJECT_PREFIX`, `REPORTING_PID`.
 */
function givenTarget (gatewayUrl: string, env: NodeJS.ProcessEnv): Target {
  const username = optional(env, 'BENCH_ADMIN_USERNAME') ?? optional(env, 'BOOTSTRAP_ADMIN_USERNAME') ?? 'admin'
  const password = optional(env, 'BENCH_ADMIN_PASSWORD') ?? optional(env, 'BOOTSTRAP_ADMIN_PASSWORD')
  if (password === undefined) throw new Error('GATEWAY_URL needs BENCH_ADMIN_PASSWORD (an admin of that stack)')
  const natsUrl = optional(env, 'NATS_URL')
  const reportingPid = optional(env, 'REPORTING_PID')
  return {
    gatewayUrl: gatewayUrl.replace(/\/$/, ''),
    crmUrl: optional(env, 'CRM_URL'),
    reportingUrl: optional(env, 'REPORTING_URL'),
    admin: { username, password },
    databaseUrl: optional(env, 'DATABASE_URL'),
    stream: natsUrl === undefined
      ? undefined
      : { natsUrl, stream: optional(env, 'NATS_STREAM') ?? 'TRAVEL_CRM', subjectPrefix: optional(env, 'NATS_SUBJECT_PREFIX') ?? '' },
    pid: (name) => name === 'reporting' && reportingPid !== undefined ? Number(reportingPid) : undefined,
    launchEnvironment: undefined,
    stopProcesses: async () => {},
    close: async () => {}
  }
}

const PROFILER = fileURLToPath(new URL('./cpu-profile.mjs', import.meta.url))

function profilesDirectory (given: string): string {
  const directory = resolve(given)
  mkdirSync(directory, { recursive: true })
  return directory
}

/**
 * The benchmark's own stack: real processes on a fresh database and stream, as `pnpm start` runs them.
 * `BENCH_CPU_PROF=<dir>` has every process write a V8 CPU profile there when it stops.
 */
async function ownTarget (profiles: string | undefined): Promise<Target> {
  // The bench measures the services as production runs them: compiled.
  await buildServices()
  const infrastructure = await findInfrastructure()
  const env: Record<string, string> = {
    RATE_LIMIT_ALLOW: 'loopback',
    LOG_LEVEL: 'warn',
    ...(profiles !== undefined ? { NODE_OPTIONS: `--import=${PROFILER}`, BENCH_CPU_PROF_DIR: profilesDirectory(profiles) } : {})
  }
  let stack: Stack
  try {
    stack = await startStack({ infrastructure, env })
  } catch (error) {
    await infrastructure.stop()
    throw error
  }
  return {
    gatewayUrl: stack.gatewayUrl,
    crmUrl: stack.urls.crm,
    reportingUrl: stack.urls.reporting,
    admin: stack.admin,
    databaseUrl: stack.environment.databaseUrl,
    stream: { natsUrl: stack.environment.natsUrl, stream: stack.environment.stream, subjectPrefix: stack.environment.subjectPrefix },
    pid: (name) => stack.pid(name),
    launchEnvironment: { ...stack.environment.env, RATE_LIMIT_ALLOW: 'loopback', LOG_LEVEL: 'warn', BOOTSTRAP_ADMIN_USERNAME: stack.admin.username, BOOTSTRAP_ADMIN_PASSWORD: stack.admin.password },
    stopProcesses: async () => {
      for (const name of ['gateway', 'webhooks', 'reporting', 'billing', 'crm', 'auth'] as const) await stack.kill(name)
    },
    close: async () => {
      await stack.stop()
      await infrastructure.stop()
    }
  }
}

export async function openTarget (env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const gatewayUrl = optional(env, 'GATEWAY_URL')
  return gatewayUrl === undefined ? await ownTarget(optional(env, 'BENCH_CPU_PROF')) : givenTarget(gatewayUrl, env)
}
