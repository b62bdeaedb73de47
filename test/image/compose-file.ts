/**
 * docker-compose.yml as docker-compose itself resolves it (anchors merged, `${VAR:-default}` filled in), read
 * for what the image test runs: each app service's environment, command, init, stop grace and health check.
 * Read, not copied, so the containers the test starts are the ones compose would start.
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))

export const APP_SERVICES = ['auth', 'crm', 'billing', 'reporting', 'webhooks', 'gateway'] as const
export type AppService = typeof APP_SERVICES[number]

interface ComposeServiceJson {
  build?: { context?: string, dockerfile?: string } | string
  image?: string
  command?: string[] | string
  environment?: Record<string, string | number | boolean | null>
  init?: boolean
  stop_grace_period?: string
  depends_on?: Record<string, unknown> | string[]
  healthcheck?: { test?: string[], interval?: string, timeout?: string, retries?: number, start_period?: string }
}

export interface ComposeService {
  image: string
  /** The build context, absolute. */
  buildContext: string
  command: string[]
  /** Variables with a value; those compose passes through only when set on the host are left out. */
  environment: Record<string, string>
  init: boolean
  stopGraceSeconds: number
  dependsOn: string[]
}

export interface Healthcheck {
  test: string[]
  intervalSeconds: number
  timeoutSeconds: number
  retries: number
  startPeriodSeconds: number
}

let config: { services: Record<string, ComposeServiceJson> } | undefined

function composeConfig (): { services: Record<string, ComposeServiceJson> } {
  if (config) return config
  const env = { ...process.env }
  delete env['COMPOSE_FILE']
  delete env['COMPOSE_PROFILES']
  const plugin = spawnSync('docker', ['compose', 'config', '--format', 'json'], { cwd: ROOT, env, encoding: 'utf8' })
  if (!plugin.error && plugin.status === 0) return (config = JSON.parse(plugin.stdout) as typeof config & object)
  // docker-compose 1.x prints YAML only; it is a Python program, so Python's YAML reader is at hand.
  const yaml = spawnSync('docker-compose', ['config'], { cwd: ROOT, env, encoding: 'utf8' })
  if (yaml.error || yaml.status !== 0) throw new Error(`docker-compose config failed: ${String(yaml.error ?? yaml.stderr)}`)
  const json = spawnSync('python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: yaml.stdout, encoding: 'utf8' })
  if (json.error || json.status !== 0) throw new Error(`reading docker-compose's YAML failed: ${String(json.error ?? json.stderr)}`)
  return (config = JSON.parse(json.stdout) as typeof config & object)
}

function definition (service: string): ComposeServiceJson {
  const found = composeConfig().services[service]
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${service}`)
  return found
}

/** `15s`, `1m30s` as compose writes durations. */
function secondsOf (duration: string | undefined, fallback: number): number {
  if (duration === undefined) return fallback
  const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration)
  if (match === null || duration === '') throw new Error(`a duration compose wrote that this reader does not know: ${duration}`)
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)
}

// The resolved config keeps `$$` (a literal dollar) escaped, as it must stay for compose to read it again.
const unescape = (text: string) => text.replaceAll('$$', '$')

export function composeService (service: AppService): ComposeService {
  const found = definition(service)
  const build = typeof found.build === 'string' ? { context: found.build } : found.build ?? {}
  if (found.image === undefined || build.context === undefined) throw new Error(`${service} has no image or build in docker-compose.yml`)
  const command = typeof found.command === 'string' ? ['sh', '-c', found.command] : found.command ?? []
  const environment = Object.fromEntries(Object.entries(found.environment ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== null)
    .map(([key, value]) => [key, String(value)]))
  return {
    image: found.image,
    buildContext: resolve(ROOT, build.context),
    command: command.map(unescape),
    environment,
    init: found.init === true,
    stopGraceSeconds: secondsOf(found.stop_grace_period, 10),
    dependsOn: Array.isArray(found.depends_on) ? found.depends_on : Object.keys(found.depends_on ?? {})
  }
}

/**
 * The service's compose health check, aimed at the port the service listens on in this run (on the host's
 * network every service needs a port of its own; compose's checks name the ports of the compose network).
 */
export function healthcheckOf (service: AppService, ports: Record<AppService, number>): Healthcheck {
  const check = definition(service).healthcheck
  const composePort = composeService(service).environment[`${service.toUpperCase()}_PORT`]
  if (check?.test === undefined || composePort === undefined) throw new Error(`${service} has no health check or port in docker-compose.yml`)
  const [form, ...test] = check.test
  if (form !== 'CMD') throw new Error(`${service}'s health check is ${form}; this reader knows CMD only`)
  const aimed = test.map((part) => part.replaceAll(`127.0.0.1:${composePort}/`, `127.0.0.1:${ports[service]}/`))
  if (aimed.join(' ') === test.join(' ')) throw new Error(`${service}'s health check does not call 127.0.0.1:${composePort}`)
  return {
    test: aimed.map(unescape),
    intervalSeconds: secondsOf(check.interval, 30),
    timeoutSeconds: secondsOf(check.timeout, 30),
    retries: check.retries ?? 3,
    startPeriodSeconds: secondsOf(check.start_period, 0)
  }
}
