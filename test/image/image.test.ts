/**
 * The container image, for real: a base made from Debian's packages (deploy/image/base.sh), the project's own
 * Dockerfile built on it with Podman, and the six processes run as containers of that image, on the host's
 * network, against this machine's Postgres and NATS, each with the environment and the health check that
 * docker-compose.yml gives it. Then an agency's short day through the containerised gateway.
 *
 * Needs root, debootstrap, podman and the npm registry (for Node and the dependencies); `pnpm test:image`.
 * Podman reads a containers.conf of this test's own (CONTAINERS_CONF): runc on these machines refuses to set
 * rlimits, so no default ulimits; the machine's own configuration is never touched.
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caller, createTestBus, createTestDatabase, eventually, freePort, testInfrastructure, type TestBus, type TestDatabase } from '@travel-crm/testkit'
import { APP_SERVICES, composeService, healthcheckOf, type AppService } from './compose-file.js'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const run = randomBytes(4).toString('hex')
const IMAGE = `localhost/travel-crm-test:${run}`
const containerOf = (service: AppService) => `travel-crm-test-${run}-${service}`
const REDIS_PREFIX = `travel-crm-image-test:${run}:`

function podman (args: string[], options: { env: NodeJS.ProcessEnv, timeoutMs?: number }): string {
  const result = spawnSync('podman', args, { env: options.env, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`podman ${args.slice(0, 2).join(' ')} failed (${result.status}):\n${result.stderr.slice(-4000)}`)
  return result.stdout.trim()
}

/** Runs a long command, its output kept and shown only when it fails. */
async function runLogged (command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return await new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let log = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { log += chunk.toString() })
    const timer = setTimeout(() => { child.kill('SIGKILL') }, timeoutMs)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolvePromise(stdout.trim())
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}):\n${(log + stdout).slice(-6000)}`))
    })
  })
}

/** The figures CI's log shows: how long the base and the image took, the image's size, the start-up times. */
const report = (line: string) => { process.stdout.write(`[image] ${line}\n`) }
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`

describe('the image, built with Podman on a base made from Debian packages, running the stack', () => {
  const work = mkdtempSync(join(tmpdir(), 'travel-crm-image-'))
  const env: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: join(work, 'containers.conf') }
  let database: TestDatabase | undefined
  let bus: TestBus | undefined
  const ports = {} as Record<AppService, number>
  const started: AppService[] = []
  let imageBuilt = false
  let environment: Record<AppService, Record<string, string>>

  beforeAll(async () => {
    // What the test builds is what compose builds: one image, from this repository's Dockerfile.
    for (const service of APP_SERVICES) expect(composeService(service)).toMatchObject({ image: composeService('gateway').image, buildContext: ROOT })
    // Podman's --init needs an init binary; Debian's podman recommends catatonit, tini does as well.
    const init = ['/usr/libexec/podman/catatonit', '/usr/bin/catatonit', '/usr/bin/tini-static'].find((path) => existsSync(path))
    writeFileSync(env['CONTAINERS_CONF'] as string, `[containers]\ndefault_ulimits = []\n${init !== undefined ? `init_path = "${init}"\n` : ''}`)

    let since = Date.now()
    const base = await runLogged('bash', ['deploy/image/base.sh'], env, 10 * 60_000)
    report(`base image ${base}: ready in ${seconds(since)}`)
    since = Date.now()
    // Without --layers no intermediate image is kept: nothing of this build outlives the final image we remove.
    await runLogged('podman', ['build', '--layers=false', '--network=host', '--build-arg', `NODE_IMAGE=${base}`, '-t', IMAGE, '.'], env, 15 * 60_000)
    imageBuilt = true
    const size = Number(podman(['image', 'inspect', '--format', '{{.Size}}', IMAGE], { env }))
    report(`image ${IMAGE}: built in ${seconds(since)}, ${(size / 1e6).toFixed(0)} MB`)

    const infrastructure = testInfrastructure()
    database = await createTestDatabase(infrastructure.databaseUrl)
    bus = createTestBus(infrastructure.natsUrl)
    for (const service of APP_SERVICES) ports[service] = await freePort()
    // What running on the host's network changes in compose's environment, and nothing else: the addresses
    // (every process on the loopback, on ports of this run's own, rather than on the compose network), and a
    // database, a stream and Redis keys of this run's own on the machine's Postgres, NATS and Redis.
    const hostNetwork: Record<string, string> = {
      HOST: '127.0.0.1',
      // the gateway's address as the services see it, on the host's network
      TRUST_PROXY: 'loopback',
      DATABASE_URL: database.url,
      NATS_URL: infrastructure.natsUrl,
      ...bus.env,
      // the machine's Redis, under keys of this run's own (they expire a minute after the last request)
      RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:6379/0',
      RATE_LIMIT_REDIS_PREFIX: REDIS_PREFIX,
      ...Object.fromEntries(APP_SERVICES.flatMap((service) => [
        [`${service.toUpperCase()}_PORT`, String(ports[service])],
        [`${service.toUpperCase()}_URL`, `http://127.0.0.1:${ports[service]}`]
      ]))
    }
    environment = Object.fromEntries(APP_SERVICES.map((service) => [service, { ...composeService(service).environment, ...hostNetwork }])) as typeof environment
  }, 30 * 60_000)

  afterAll(async () => {
    for (const service of started) {
      try { podman(['rm', '--force', '--time', '5', containerOf(service)], { env }) } catch (error) { process.stderr.write(`${String(error)}\n`) }
    }
    if (imageBuilt) podman(['rmi', '--force', IMAGE], { env })
    await bus?.cleanup()
    await database?.drop()
    rmSync(work, { recursive: true, force: true })
  }, 120_000)

  /** Starts a service's container as compose would, and waits until its compose health check passes. */
  async function startContainer (service: AppService): Promise<number> {
    const since = Date.now()
    const definition = composeService(service)
    const health = healthcheckOf(service, ports)
    const envFile = join(work, `${service}.env`)
    writeFileSync(envFile, Object.entries(environment[service]).map(([key, value]) => `${key}=${value}`).join('\n') + '\n', { mode: 0o600 })
    started.push(service)
    podman(['run', '--detach', '--name', containerOf(service), '--network', 'host', '--env-file', envFile,
      ...(definition.init ? ['--init'] : []),
      '--stop-timeout', String(definition.stopGraceSeconds),
      '--health-cmd', JSON.stringify(health.test), '--health-interval', `${health.intervalSeconds}s`,
      '--health-timeout', `${health.timeoutSeconds}s`, '--health-retries', String(health.retries),
      '--health-start-period', `${health.startPeriodSeconds}s`,
      IMAGE, ...definition.command], { env })
    // Podman's timer for health checks needs systemd, which these machines lack: the check is run here until
    // it passes, for as long as compose would give the container before calling it unhealthy.
    const deadline = Date.now() + (health.startPeriodSeconds + health.intervalSeconds * health.retries) * 1000
    for (;;) {
      const check = spawnSync('podman', ['healthcheck', 'run', containerOf(service)], { env, encoding: 'utf8', timeout: (health.timeoutSeconds + 5) * 1000 })
      if (check.status === 0) return Date.now() - since
      if (Date.now() > deadline) {
        const logs = spawnSync('podman', ['logs', '--tail', '40', containerOf(service)], { env, encoding: 'utf8' })
        throw new Error(`${service} did not become healthy:\n${logs.stdout}${logs.stderr}`)
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 500))
    }
  }

  it('starts each process healthy, in compose\'s order', async () => {
    const since = Date.now()
    const times: Record<string, number> = { auth: await startContainer('auth') }
    // crm, billing, reporting and webhooks wait for auth (its JWKS), then start together; the gateway for all.
    const middle = ['crm', 'billing', 'reporting', 'webhooks'] as const
    for (const service of middle) expect(composeService(service).dependsOn).toContain('auth')
    const middleTimes = await Promise.all(middle.map(startContainer))
    middle.forEach((service, index) => { times[service] = middleTimes[index] ?? 0 })
    times['gateway'] = await startContainer('gateway')
    report(`containers healthy in ${seconds(since)}: ${Object.entries(times).map(([service, ms]) => `${service} ${(ms / 1000).toFixed(1)} s`).join(', ')}`)
    const ready = await fetch(`http://127.0.0.1:${ports.gateway}/readyz`)
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { auth: 'ok', crm: 'ok', billing: 'ok', reporting: 'ok', webhooks: 'ok' } })
    // The image runs as the unprivileged user of the base, as compose runs it.
    expect(podman(['exec', containerOf('gateway'), 'id', '-un'], { env })).toBe('node')
  }, 5 * 60_000)

  it('takes an agency through its day through the containerised gateway', async () => {
    const gateway = `http://127.0.0.1:${ports.gateway}`
    const call = caller(gateway)
    const admin = environment.auth
    const login = await call('POST', '/login', { body: { username: admin['BOOTSTRAP_ADMIN_USERNAME'], password: admin['BOOTSTRAP_ADMIN_PASSWORD'] } })
    expect(login.status, login.text).toBe(200)
    const token = login.body.access_token as string

    const client = await call('POST', '/clients', { token, body: { name: 'Ines Imagem', email: 'ines@example.com', phone: '+351 555 0199' } })
    expect(client.status, client.text).toBe(201)
    const trip = await call('POST', '/trips', { token, body: { client_id: client.body.id, destination: 'Madeira', start_date: '2027-06-01', end_date: '2027-06-08', price: '1800.00', currency: 'EUR' } })
    expect(trip.status, trip.text).toBe(201)
    const invoice = await call('POST', '/invoices', { token, body: { trip_id: trip.body.id, issue_date: '2027-01-10', due_date: '2035-01-10', amount: '900.00' } })
    expect(invoice.status, invoice.text).toBe(201)
    const payment = await call('POST', '/payments', { token, body: { invoice_id: invoice.body.id, payment_date: '2027-02-03', amount: '250.40', payment_method: 'card' } })
    expect(payment.status, payment.text).toBe(201)

    const csv = await eventually(async () => {
      const response = await fetch(`${gateway}/reports/revenue-by-client/export`, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(200)
      const text = await response.text()
      expect(text).toMatch(new RegExp(`^${client.body.id},Ines Imagem,EUR,250\\.40\\r?$`, 'm'))
      return text
    })
    expect(csv.split(/\r?\n/)[0]).toMatch(/client/i)

    // The gateway counted these requests in Redis, as compose's gateway does.
    const counters = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', '--scan', '--pattern', `${REDIS_PREFIX}*`], { encoding: 'utf8' })
    expect(counters.stdout.trim(), counters.stderr).not.toBe('')

    const app = await fetch(`${gateway}/app/`)
    expect(app.status).toBe(200)
    expect(app.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await app.text()).toMatch(/<div id="root">/)
  }, 2 * 60_000)
})
