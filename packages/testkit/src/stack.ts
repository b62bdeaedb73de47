import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { onProcessExit } from './exit-cleanup.js'
import { freePort } from './free-port.js'
import { createServiceEnvironment, type ServiceEnvironment } from './service-environment.js'

export const STACK_PROCESSES = ['auth', 'crm', 'billing', 'reporting', 'gateway'] as const
export type StackProcess = (typeof STACK_PROCESSES)[number]

export interface Stack {
  gatewayUrl: string
  urls: Record<StackProcess, string>
  /** The bootstrap admin that auth ensures at start. */
  admin: { username: string, password: string }
  environment: ServiceEnvironment
  /** Sends a signal to one process (SIGKILL for crash tests) and waits for it to exit. */
  kill: (name: StackProcess, signal?: NodeJS.Signals) => Promise<void>
  /** Starts a stopped process again with the same settings and waits for its readiness. */
  restart: (name: StackProcess) => Promise<void>
  /** What a process has printed so far (its log file). */
  logs: (name: StackProcess) => string
  /** The operating-system process id of a running process (benchmarks read its memory). */
  pid: (name: StackProcess) => number | undefined
  /** SIGTERM to every process, then removes the database, the stream and the temp files. */
  stop: () => Promise<void>
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

function entryOf (name: StackProcess): string {
  return name === 'gateway' ? 'gateway/src/main.ts' : `services/${name}/src/main.ts`
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
}

/**
 * The whole stack as real processes, exactly as `pnpm start` runs them, but on free ports with a private
 * database, stream and key directory: end-to-end and fault tests go through its gateway.
 */
export async function startStack (options: StackOptions = {}): Promise<Stack> {
  const environment = await createServiceEnvironment({}, options.infrastructure)
  const dir = mkdtempSync(join(tmpdir(), 'tcrm-stack-'))
  const ports = Object.fromEntries(await Promise.all(STACK_PROCESSES.map(async (name) => [name, await freePort()] as const))) as Record<StackProcess, number>
  const urls = Object.fromEntries(STACK_PROCESSES.map((name) => [name, `http://127.0.0.1:${ports[name]}`])) as Record<StackProcess, string>
  const admin = { username: 'stack-admin', password: randomBytes(12).toString('hex') }
  const env: Record<string, string> = {
    ...process.env as Record<string, string>,
    ...environment.env,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'info',
    LOG_FORMAT: 'json',
    JWT_KEYS_DIR: join(dir, 'keys'),
    BOOTSTRAP_ADMIN_USERNAME: admin.username,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    AUTH_PORT: String(ports.auth),
    CRM_PORT: String(ports.crm),
    BILLING_PORT: String(ports.billing),
    REPORTING_PORT: String(ports.reporting),
    GATEWAY_PORT: String(ports.gateway),
    AUTH_URL: urls.auth,
    CRM_URL: urls.crm,
    BILLING_URL: urls.billing,
    REPORTING_URL: urls.reporting,
    ...options.env
  }
  const children = new Map<StackProcess, ChildProcess>()
  const logFile = (name: StackProcess) => join(dir, `${name}.log`)
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000

  function launch (name: StackProcess): void {
    const output = openSync(logFile(name), 'a')
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', entryOf(name)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', output, output]
    })
    children.set(name, child)
    child.once('exit', () => { if (children.get(name) === child) children.delete(name) })
  }

  const logs = (name: StackProcess): string => {
    try { return readFileSync(logFile(name), 'utf8') } catch { return '' }
  }

  const kill = async (name: StackProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const child = children.get(name)
    if (child === undefined || child.exitCode !== null) return
    const exited = once(child, 'exit')
    child.kill(signal)
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    await exited
    clearTimeout(timer)
  }

  const forget = onProcessExit(() => {
    for (const child of children.values()) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  const stop = async (): Promise<void> => {
    await Promise.all(STACK_PROCESSES.map(async (name) => { await kill(name) }))
    forget()
    rmSync(dir, { recursive: true, force: true })
    await environment.cleanup()
  }

  try {
    // auth first: it provisions keys that the others fetch as JWKS; the rest start together.
    launch('auth')
    await waitUntilReady(urls.auth, () => children.get('auth'), readyTimeoutMs)
    for (const name of ['crm', 'billing', 'reporting', 'gateway'] as const) launch(name)
    await Promise.all((['crm', 'billing', 'reporting', 'gateway'] as const).map(async (name) => { await waitUntilReady(urls[name], () => children.get(name), readyTimeoutMs) }))
  } catch (error) {
    const detail = STACK_PROCESSES.map((name) => `--- ${name}\n${logs(name).split('\n').slice(-15).join('\n')}`).join('\n')
    await stop()
    throw new Error(`${(error as Error).message}\n${detail}`)
  }

  return {
    gatewayUrl: urls.gateway,
    urls,
    admin,
    environment,
    kill,
    restart: async (name) => {
      launch(name)
      await waitUntilReady(urls[name], () => children.get(name), readyTimeoutMs)
    },
    logs,
    pid: (name) => children.get(name)?.pid,
    stop
  }
}
