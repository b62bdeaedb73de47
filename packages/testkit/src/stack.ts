import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { jetstream } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import pg from 'pg'
import { NODE_FLAGS, PROCESS_ENV } from '@travel-crm/contracts/process'
import { bundledEntry, PROCESS_NAMES, type ProcessName } from '../../../scripts/processes.js'
import { onProcessExit } from './exit-cleanup.js'
import { freePort } from './free-port.js'
import { createServiceEnvironment, type ServiceEnvironment } from './service-environment.js'

/** The stack's processes, in `pnpm start`'s order: the one list in scripts/processes.ts. */
export const STACK_PROCESSES = PROCESS_NAMES
export type StackProcess = ProcessName
/** The processes that may run as several replicas; the gateway has one upstream address per service. */
export type ReplicatedProcess = Exclude<StackProcess, 'gateway'>

export interface Stack {
  gatewayUrl: string
  /** Each process's first replica, the one the gateway routes to. */
  urls: Record<StackProcess, string>
  /** Every replica of each process, the first one first. */
  replicaUrls: Record<StackProcess, string[]>
  /** The bootstrap admin that auth ensures at start. */
  admin: { username: string, password: string }
  environment: ServiceEnvironment
  /** Sends a signal to one process (SIGKILL for crash tests) and waits for it to exit; `replica` 0 is the first. */
  kill: (name: StackProcess, signal?: NodeJS.Signals, replica?: number) => Promise<void>
  /** Starts a stopped process again with the same settings and waits for its readiness. */
  restart: (name: StackProcess, replica?: number) => Promise<void>
  /** What a process has printed so far (its log file, kept across restarts). */
  logs: (name: StackProcess, replica?: number) => string
  /** The operating-system process id of a running process (benchmarks read its memory). */
  pid: (name: StackProcess, replica?: number) => number | undefined
  /** Runs SQL as the superuser in the stack's database: fault tests look at what each service keeps. */
  query: <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>
  /** Publishes a payload on a catalogue subject of the stack's stream, as some producer's relay would. */
  publish: (subject: string, payload: string, msgId?: string) => Promise<void>
  /** SIGTERM to every process, then removes the database, the stream and the temp files. */
  stop: () => Promise<void>
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** The process's bundle, as production runs it (`pnpm build`; the test projects that start stacks build first). */
function entryOf (name: StackProcess): string {
  const entry = bundledEntry(name)
  if (!existsSync(join(ROOT, entry))) throw new Error(`${entry} is missing: run \`pnpm build\` first`)
  return entry
}

async function waitUntilReady (url: string, child: () => ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const process = child()
    if (process === undefined || process.exitCode !== null) throw new Error(`${url} exited before it was ready`)
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`)
}

export interface StackOptions {
  env?: Record<string, string>
  readyTimeoutMs?: number
  /** Where Postgres and NATS are; inside vitest the global setup says, elsewhere (benchmarks) the caller. */
  infrastructure?: { databaseUrl: string, natsUrl: string }
  /**
   * How many processes to run of a service (default 1). Replicas share its schema, stream and durable
   * consumers, each on a port of its own; the gateway routes to the first.
   */
  replicas?: Partial<Record<ReplicatedProcess, number>>
  /** Settings of one process only (each its own NATS user, say), over `env`. */
  processEnv?: Partial<Record<StackProcess, Record<string, string>>>
}

/**
 * The whole stack as real processes, exactly as `pnpm start` runs them, but on free ports with a private
 * database, stream and key directory: end-to-end and fault tests go through its gateway.
 */
export async function startStack (options: StackOptions = {}): Promise<Stack> {
  const environment = await createServiceEnvironment({}, options.infrastructure)
  const dir = mkdtempSync(join(tmpdir(), 'tcrm-stack-'))
  const counts = Object.fromEntries(STACK_PROCESSES.map((name) => [name, name === 'gateway' ? 1 : Math.max(1, options.replicas?.[name] ?? 1)])) as Record<StackProcess, number>
  const replicaPorts = Object.fromEntries(await Promise.all(STACK_PROCESSES.map(async (name) => [
    name,
    await Promise.all(Array.from({ length: counts[name] }, async () => await freePort()))
  ] as const))) as Record<StackProcess, number[]>
  const ports = Object.fromEntries(STACK_PROCESSES.map((name) => [name, replicaPorts[name][0] as number])) as Record<StackProcess, number>
  const replicaUrls = Object.fromEntries(STACK_PROCESSES.map((name) => [name, replicaPorts[name].map((port) => `http://127.0.0.1:${port}`)])) as Record<StackProcess, string[]>
  const urls = Object.fromEntries(STACK_PROCESSES.map((name) => [name, replicaUrls[name][0] as string])) as Record<StackProcess, string>
  const admin = { username: 'stack-admin', password: randomBytes(12).toString('hex') }
  const env: Record<string, string> = {
    ...PROCESS_ENV,
    ...process.env as Record<string, string>,
    ...environment.env,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'info',
    LOG_FORMAT: 'json',
    JWT_KEYS_DIR: join(dir, 'keys'),
    BOOTSTRAP_ADMIN_USERNAME: admin.username,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    GATEWAY_SECRET: randomBytes(24).toString('base64url'),
    AUTH_PORT: String(ports.auth),
    CRM_PORT: String(ports.crm),
    BILLING_PORT: String(ports.billing),
    REPORTING_PORT: String(ports.reporting),
    WEBHOOKS_PORT: String(ports.webhooks),
    GATEWAY_PORT: String(ports.gateway),
    AUTH_URL: urls.auth,
    CRM_URL: urls.crm,
    BILLING_URL: urls.billing,
    REPORTING_URL: urls.reporting,
    WEBHOOKS_URL: urls.webhooks,
    // Webhooks go to receivers that tests start on 127.0.0.1, and names resolve with a DNS server that is not
    // there (port 9 refuses at once): a test never sends a webhook, or a DNS question, off this machine.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_DNS_SERVERS: '127.0.0.1:9',
    ...options.env
  }
  const children = new Map<string, ChildProcess>()
  const keyOf = (name: StackProcess, replica: number): string => {
    if (!Number.isInteger(replica) || replica < 0 || replica >= counts[name]) throw new Error(`${name} has no replica ${replica}; it runs ${counts[name]}`)
    return replica === 0 ? name : `${name}-${replica + 1}`
  }
  const logFile = (key: string) => join(dir, `${key}.log`)
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000

  function launch (name: StackProcess, replica: number): void {
    const key = keyOf(name, replica)
    const output = openSync(logFile(key), 'a')
    const child = spawn(process.execPath, [...NODE_FLAGS, entryOf(name)], {
      cwd: ROOT,
      env: { ...env, ...options.processEnv?.[name], [`${name.toUpperCase()}_PORT`]: String(replicaPorts[name][replica]) },
      stdio: ['ignore', output, output]
    })
    children.set(key, child)
    child.once('exit', () => { if (children.get(key) === child) children.delete(key) })
  }

  async function launchReady (name: StackProcess, replica: number): Promise<void> {
    launch(name, replica)
    const key = keyOf(name, replica)
    await waitUntilReady(replicaUrls[name][replica] as string, () => children.get(key), readyTimeoutMs)
  }

  const logs = (name: StackProcess, replica = 0): string => {
    try { return readFileSync(logFile(keyOf(name, replica)), 'utf8') } catch { return '' }
  }

  const kill = async (name: StackProcess, signal: NodeJS.Signals = 'SIGTERM', replica = 0): Promise<void> => {
    const child = children.get(keyOf(name, replica))
    if (child === undefined || child.exitCode !== null) return
    const exited = once(child, 'exit')
    child.kill(signal)
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    await exited
    clearTimeout(timer)
  }

  const replicasOf = (name: StackProcess): number[] => Array.from({ length: counts[name] }, (_, replica) => replica)

  const query = async <Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> => {
    const client = new pg.Client({ connectionString: environment.databaseUrl })
    await client.connect()
    try {
      return (await client.query(sql, params)).rows as Row[]
    } finally {
      await client.end()
    }
  }

  const publish = async (subject: string, payload: string, msgId?: string): Promise<void> => {
    const connection = await connect({ servers: environment.natsUrl })
    try {
      await jetstream(connection).publish(`${environment.subjectPrefix}${subject}`, payload, msgId === undefined ? {} : { msgID: msgId })
    } finally {
      await connection.close()
    }
  }

  const forget = onProcessExit(() => {
    for (const child of children.values()) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  const stop = async (): Promise<void> => {
    await Promise.all(STACK_PROCESSES.flatMap((name) => replicasOf(name).map(async (replica) => { await kill(name, 'SIGTERM', replica) })))
    forget()
    rmSync(dir, { recursive: true, force: true })
    await environment.cleanup()
  }

  try {
    // auth first: it provisions keys that the others fetch as JWKS; the rest start together.
    await launchReady('auth', 0)
    const rest = STACK_PROCESSES.flatMap((name) => replicasOf(name).map((replica) => [name, replica] as const)).slice(1)
    await Promise.all(rest.map(async ([name, replica]) => { await launchReady(name, replica) }))
  } catch (error) {
    const detail = STACK_PROCESSES.flatMap((name) => replicasOf(name).map((replica) =>
      `--- ${keyOf(name, replica)}\n${logs(name, replica).split('\n').slice(-15).join('\n')}`)).join('\n')
    await stop()
    throw new Error(`${(error as Error).message}\n${detail}`, { cause: error })
  }

  return {
    gatewayUrl: urls.gateway,
    urls,
    replicaUrls,
    admin,
    environment,
    kill,
    restart: async (name, replica = 0) => { await launchReady(name, replica) },
    logs,
    pid: (name, replica = 0) => children.get(keyOf(name, replica))?.pid,
    query,
    publish,
    stop
  }
}
