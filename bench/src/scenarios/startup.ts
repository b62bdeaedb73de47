import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, START_COMMAND } from '@travel-crm/testkit'
import { processTree, stackMemory } from '../resident-memory.js'
import { below, repeat, type Scenario } from '../scenario.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const NAMES = ['AUTH', 'CRM', 'BILLING', 'REPORTING', 'WEBHOOKS', 'GATEWAY'] as const

async function isReady (url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })).ok
  } catch {
    return false
  }
}

/**
 * Resident memory of each process the launcher started, a moment after the stack is ready: a restart on a
 * migrated database, where the memory scenario reads a stack that migrated a fresh one.
 */
function restartMemory (launcher: number): Record<string, number> {
  // The shell, the launcher and the stack's processes: only the last run a bundle.
  const processes = processTree(launcher).flatMap((pid) => {
    const entry = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((argument) => argument.endsWith('/bundle/main.js'))
    const name = entry?.split('/').at(-3)
    return name === undefined ? [] : [[name, pid] as const]
  })
  return stackMemory(processes)
}

/**
 * `pnpm start` (scripts/start.ts) on the bench's database, migrated and full, until the gateway is ready; with
 * the moment each process first answered its own `/readyz`, to see which one the stack waits for.
 */
async function startOnce (environment: Record<string, string>): Promise<Record<string, number>> {
  const ports = await Promise.all(NAMES.map(async () => await freePort()))
  const portEnv = Object.fromEntries(NAMES.flatMap((name, index) => [
    [`${name}_PORT`, String(ports[index])],
    [`${name}_URL`, `http://127.0.0.1:${ports[index]}`]
  ]))
  const keys = mkdtempSync(join(tmpdir(), 'tcrm-bench-keys-'))
  const started = performance.now()
  const launcher = spawn('sh', ['-c', START_COMMAND], {
    cwd: ROOT,
    env: { ...process.env, ...environment, ...portEnv, JWT_KEYS_DIR: keys },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, as a terminal gives it: Ctrl-C reaches the launcher and every child at once.
    detached: true
  })
  let errors = ''
  launcher.stderr.on('data', (chunk: Buffer) => { errors = (errors + chunk.toString()).slice(-4000) })
  const exited = once(launcher, 'exit')
  const readyAt: Record<string, number> = {}
  try {
    const deadline = Date.now() + 120_000
    while (readyAt['gateway_s'] === undefined) {
      if (launcher.exitCode !== null || Date.now() > deadline) throw new Error(`pnpm start never became ready:\n${errors}`)
      await Promise.all(NAMES.map(async (name, index) => {
        const key = `${name.toLowerCase()}_s`
        if (readyAt[key] === undefined && await isReady(`http://127.0.0.1:${ports[index]}`)) readyAt[key] = (performance.now() - started) / 1000
      }))
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await new Promise((resolve) => setTimeout(resolve, 3000))
    return { seconds: readyAt['gateway_s'] as number, ...readyAt, ...restartMemory(launcher.pid as number) }
  } finally {
    process.kill(-(launcher.pid as number), 'SIGINT')
    await exited
    rmSync(keys, { recursive: true, force: true })
  }
}

/**
 * Runs last: stops the bench's stack, keeping its database (migrated, every table full) and stream, then
 * times `pnpm start` on them to a ready gateway, and stops it with Ctrl-C, three times.
 */
export const startup: Scenario = {
  key: 'startup',
  describe: () => '`pnpm start` on the existing database (free ports) to gateway /readyz 200 (and when each process first answered its own; each one\'s VmRSS 3 s later), then Ctrl-C',
  goals: [below('seconds', 3)],
  unavailable: (target) => target.launchEnvironment === undefined ? 'only on the bench\'s own stack (not with GATEWAY_URL)' : undefined,
  run: async ({ target, settings }) => {
    await target.stopProcesses()
    return await repeat(settings.runs, async () => await startOnce(target.launchEnvironment as Record<string, string>))
  }
}
