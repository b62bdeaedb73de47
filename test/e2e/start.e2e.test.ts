import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServiceEnvironment, freePort, START_COMMAND, type ServiceEnvironment } from '@travel-crm/testkit'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

async function isReady (url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })).ok
  } catch {
    return false
  }
}

describe('pnpm start', () => {
  let environment: ServiceEnvironment
  let keys: string

  beforeAll(async () => {
    environment = await createServiceEnvironment()
    keys = mkdtempSync(join(tmpdir(), 'tcrm-start-keys-'))
  })

  afterAll(async () => {
    rmSync(keys, { recursive: true, force: true })
    await environment?.cleanup()
  })

  it('starts every process, names each on its log lines, and stops them all on Ctrl-C', async () => {
    const names = ['AUTH', 'CRM', 'BILLING', 'REPORTING', 'WEBHOOKS', 'GATEWAY']
    const ports = await Promise.all(names.map(async () => await freePort()))
    const portEnv = Object.fromEntries(names.flatMap((name, index) => [
      [`${name}_PORT`, String(ports[index])],
      [`${name}_URL`, `http://127.0.0.1:${ports[index]}`]
    ]))
    const gateway = `http://127.0.0.1:${ports[names.indexOf('GATEWAY')]}`
    const launcher = spawn('sh', ['-c', START_COMMAND], {
      cwd: ROOT,
      env: { ...process.env, ...environment.env, ...portEnv, LOG_LEVEL: 'info', JWT_KEYS_DIR: keys, BOOTSTRAP_ADMIN_USERNAME: 'start-admin', BOOTSTRAP_ADMIN_PASSWORD: 'first-light-passphrase' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, as a terminal gives it: Ctrl-C reaches the launcher and every child at once.
      detached: true
    })
    let output = ''
    launcher.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    launcher.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const exited = once(launcher, 'exit')

    try {
      const deadline = Date.now() + 90_000
      while (!(await isReady(gateway)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 300))
      expect(await isReady(gateway), output.slice(-3000)).toBe(true)
    } finally {
      process.kill(-(launcher.pid as number), 'SIGINT')
    }
    const stoppedWithin = Date.now()
    const [code] = await exited as [number | null]
    const stopSeconds = (Date.now() - stoppedWithin) / 1000

    expect(code).toBe(0)
    // A bound on correctness, not a speed target: graceful shutdown must not wait for its 10 s timeout.
    expect(stopSeconds).toBeLessThan(10)
    for (const service of ['auth', 'crm', 'billing', 'reporting', 'webhooks', 'gateway']) {
      expect(output).toContain(`"service":"${service}"`)
    }
    for (const port of ports) expect(await isReady(`http://127.0.0.1:${port}`)).toBe(false)
  })
})
