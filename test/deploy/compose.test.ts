/**
 * Deployment files: docker-compose.yml (validated by docker-compose itself, then checked as the normalised
 * config it prints) and the Dockerfile. Needs the `docker-compose` binary (Debian: `apt-get install -y
 * docker-compose`) or the `docker compose` plugin; no Docker daemon is needed.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { NODE_FLAGS, PROCESS_ENV } from '@travel-crm/contracts/process'
import { bundledEntry } from '../../scripts/processes.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const COMPOSE_FILE = resolve(ROOT, 'docker-compose.yml')
const APP_SERVICES = ['auth', 'crm', 'billing', 'reporting', 'webhooks', 'gateway'] as const
const INFRA_SERVICES = ['postgres', 'nats'] as const
const TIMEOUT = 60_000

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

// ---------------------------------------------------------------------------------------------------------
// Running docker-compose

interface ComposeCli { command: string, prefix: string[] }

let cli: ComposeCli | undefined
function composeCli (): ComposeCli {
  if (cli) return cli
  for (const candidate of [{ command: 'docker-compose', prefix: [] }, { command: 'docker', prefix: ['compose'] }]) {
    const probe = spawnSync(candidate.command, [...candidate.prefix, 'version'], { encoding: 'utf8' })
    if (!probe.error && probe.status === 0) return (cli = candidate)
  }
  throw new Error('docker-compose is not installed (neither `docker-compose` nor `docker compose` works). ' +
    'Install it with: apt-get update && apt-get install -y docker-compose')
}

function compose (...args: string[]): { status: number | null, stdout: string, stderr: string } {
  const { command, prefix } = composeCli()
  const env = { ...process.env }
  delete env['COMPOSE_FILE']
  delete env['COMPOSE_PROFILES']
  const result = spawnSync(command, [...prefix, '-f', COMPOSE_FILE, ...args], { cwd: ROOT, env, encoding: 'utf8' })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

let normalised: JsonObject | undefined
/** The config as docker-compose resolves it: anchors merged, variables interpolated, defaults applied. */
function composeConfig (): JsonObject {
  if (normalised) return normalised
  const json = compose('config', '--format', 'json')
  if (json.status === 0 && json.stdout.trimStart().startsWith('{')) {
    normalised = JSON.parse(json.stdout) as JsonObject
  } else {
    // docker-compose 1.x cannot print JSON: read its (block-style, machine-written) YAML
    const yaml = compose('config')
    if (yaml.status !== 0) throw new Error(`docker-compose config failed:\n${yaml.stderr}`)
    normalised = asObject(parseYaml(yaml.stdout), 'docker-compose config output')
  }
  return normalised
}

// ---------------------------------------------------------------------------------------------------------
// A tiny YAML reader for the block-style YAML that `docker-compose config` prints (maps, sequences, plain
// and quoted scalars, folded continuation lines, literal blocks; no comments, anchors or flow collections).
// Not a general YAML parser.

interface Line { indent: number, text: string }

export function parseYaml (source: string): Json {
  const lines: Line[] = []
  for (const raw of source.split(/\r?\n/)) {
    const text = raw.trimStart()
    if (text === '') {
      lines.push({ indent: -1, text: '' }) // kept (as blank) so quoted scalars can fold blank lines
      continue
    }
    lines.push({ indent: raw.length - text.length, text: text.trimEnd() })
  }
  let i = 0
  const skipBlank = (): void => { while (i < lines.length && lines[i]!.indent < 0) i++ }
  const isItem = (text: string): boolean => text === '-' || text.startsWith('- ')

  /** The raw text of a scalar that starts on the current line, with its continuation lines (indent > base). */
  function scalarText (first: string, base: number): string {
    const parts = [first]
    i++
    while (i < lines.length) {
      let j = i
      while (j < lines.length && lines[j]!.indent < 0) j++
      if (j >= lines.length || lines[j]!.indent <= base) break
      for (; i < j; i++) parts.push('')
      parts.push(lines[i]!.text)
      i++
    }
    return parts.join('\n')
  }

  function scalar (raw: string): Json {
    const text = raw.trim()
    if (/^[|>][-+]?$/.test(text.split('\n')[0]!)) {
      const body = text.split('\n').slice(1)
      return text.startsWith('|') ? body.join('\n') : body.join(' ')
    }
    if (text.startsWith('"')) {
      const inner = text.slice(1, text.lastIndexOf('"'))
      return fold(inner, true).replace(/\\(["\\/nt0 ]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/g, (_, e: string) =>
        e === 'n' ? '\n' : e === 't' ? '\t' : e === '0' ? '\0' : /^[xu]/.test(e) ? String.fromCharCode(parseInt(e.slice(1), 16)) : e)
    }
    if (text.startsWith('\'')) return fold(text.slice(1, text.lastIndexOf('\'')), false).replaceAll('\'\'', '\'')
    const plain = fold(text, false)
    if (/^(null|Null|NULL|~)?$/.test(plain)) return null
    if (/^(true|True|TRUE)$/.test(plain)) return true
    if (/^(false|False|FALSE)$/.test(plain)) return false
    if (/^[-+]?\d+$/.test(plain)) return Number(plain)
    if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain)) return Number(plain)
    if (plain === '{}') return {}
    if (plain === '[]') return []
    return plain
  }

  /** YAML line folding: a line break between two lines is a space; blank lines between them are newlines. */
  function fold (text: string, escapes: boolean): string {
    const rows = text.split('\n')
    let out = rows[0]!
    let afterBlank = false
    for (let n = 1; n < rows.length; n++) {
      const last = n === rows.length - 1
      const row = last ? rows[n]!.trimStart() : rows[n]!.trim()
      out = out.replace(/[ \t]+$/, '') // trailing spaces before a line break are not content
      if (row === '' && !last) { out += '\n'; afterBlank = true; continue }
      if (afterBlank) out += row
      else if (escapes && /(^|[^\\])(\\\\)*\\$/.test(out)) out = out.slice(0, -1) + row
      else out += ' ' + row
      afterBlank = false
    }
    return out
  }

  /** Splits `key: value` (key plain or quoted); undefined when the text is not a map entry. */
  function entry (text: string): { key: string, rest: string } | undefined {
    const quote = text[0]
    if (quote === '"' || quote === '\'') {
      let close = 1
      for (; close < text.length; close++) {
        if (quote === '"' && text[close] === '\\') close++
        else if (quote === '\'' && text[close] === '\'' && text[close + 1] === '\'') close++
        else if (text[close] === quote) break
      }
      if (close >= text.length || text[close + 1] !== ':' || !(text.length === close + 2 || text[close + 2] === ' ')) return undefined
      return { key: String(scalar(text.slice(0, close + 1))), rest: text.slice(close + 2).trim() }
    }
    const match = /^([^\s].*?):(?: +(.*))?$/.exec(text)
    if (!match || match[1]!.includes(': ')) return undefined
    return { key: match[1]!, rest: match[2] ?? '' }
  }

  function node (indent: number): Json {
    skipBlank()
    const line = lines[i]
    if (!line || line.indent < indent) return null
    if (isItem(line.text)) return sequence(line.indent)
    if (!entry(line.text)) return scalar(scalarText(line.text, line.indent - 1))
    return map(line.indent)
  }

  /** The value after `key:` or `- `: an inline scalar, or a block on the following lines. */
  function value (rest: string, base: number, allowIndentlessSequence: boolean): Json {
    if (rest !== '') return scalar(scalarText(rest, base))
    i++
    skipBlank()
    const next = lines[i]
    if (!next) return null
    if (next.indent > base) return node(next.indent)
    if (allowIndentlessSequence && next.indent === base && isItem(next.text)) return sequence(base)
    return null
  }

  function map (indent: number): JsonObject {
    const out: JsonObject = {}
    for (skipBlank(); i < lines.length; skipBlank()) {
      const line = lines[i]!
      if (line.indent !== indent || isItem(line.text)) break
      const kv = entry(line.text)
      if (!kv) throw new Error(`YAML: expected "key: value" at line ${i + 1}: ${line.text}`)
      out[kv.key] = value(kv.rest, indent, true)
    }
    return out
  }

  function sequence (indent: number): Json[] {
    const out: Json[] = []
    for (skipBlank(); i < lines.length; skipBlank()) {
      const line = lines[i]!
      if (line.indent !== indent || !isItem(line.text)) break
      const content = line.text.slice(1).trimStart()
      const offset = line.text.length - content.length
      if (content !== '' && (entry(content) || isItem(content))) {
        lines[i] = { indent: indent + offset, text: content } // `- key: v` is a map starting at the key
        out.push(node(indent + offset))
      } else {
        out.push(value(content, indent, false))
      }
    }
    return out
  }

  const result = node(0)
  skipBlank()
  if (i < lines.length) throw new Error(`YAML: unexpected content at line ${i + 1}: ${lines[i]!.text}`)
  return result
}

// ---------------------------------------------------------------------------------------------------------
// Helpers over the normalised config (docker-compose 1.x and 2.x print some fields differently)

function asObject (value: Json | undefined, what: string): JsonObject {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${what}: expected a mapping, got ${JSON.stringify(value)}`)
  }
  return value
}

function service (name: string): JsonObject {
  return asObject(asObject(composeConfig()['services'], 'services')[name], `service ${name}`)
}

function words (value: Json | undefined): string[] {
  if (Array.isArray(value)) return value.map(String)
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean)
  return []
}

function environment (name: string): Record<string, string | null> {
  const env = service(name)['environment'] ?? {}
  const out: Record<string, string | null> = {}
  if (Array.isArray(env)) {
    for (const item of env.map(String)) {
      const eq = item.indexOf('=')
      if (eq < 0) out[item] = null
      else out[item.slice(0, eq)] = item.slice(eq + 1)
    }
  } else {
    for (const [key, value] of Object.entries(asObject(env, `${name}.environment`))) out[key] = value === null ? null : String(value)
  }
  return out
}

/** depends_on as { service: condition }; the short list form has no condition. */
function dependsOn (name: string): Record<string, string | undefined> {
  const deps = service(name)['depends_on']
  if (deps === undefined || deps === null) return {}
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((dep) => [String(dep), undefined]))
  return Object.fromEntries(Object.entries(deps).map(([dep, spec]) => {
    const condition = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? spec['condition'] : undefined
    return [dep, typeof condition === 'string' ? condition : undefined]
  }))
}

/** Container paths of a service's volumes (`src:target[:mode]` strings or long-form objects). */
function volumeTargets (name: string): string[] {
  const volumes = service(name)['volumes']
  if (!Array.isArray(volumes)) return []
  return volumes.map((volume) => {
    if (typeof volume === 'string') return volume.split(':')[1] ?? volume
    const target = asObject(volume, `${name}.volumes[]`)['target']
    return typeof target === 'string' ? target : ''
  })
}

function publishedPorts (name: string): string[] {
  const ports = service(name)['ports']
  if (!Array.isArray(ports)) return []
  return ports.map((port) => {
    if (typeof port !== 'object' || port === null || Array.isArray(port)) return String(port)
    return `${String(port['published'])}:${String(port['target'])}`
  })
}

// ---------------------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('is valid for docker-compose (`docker-compose config -q`)', () => {
    const result = compose('config', '-q')
    expect(result.status, `docker-compose config -q failed:\n${result.stderr}`).toBe(0)
  }, TIMEOUT)

  it('runs Postgres 16 or newer, with a volume and a pg_isready health check', () => {
    const postgres = service('postgres')
    const major = /^postgres:(\d+)/.exec(String(postgres['image']))
    expect(major, `postgres image ${String(postgres['image'])}`).not.toBeNull()
    expect(Number(major![1])).toBeGreaterThanOrEqual(16)
    expect(volumeTargets('postgres')).toContain('/var/lib/postgresql/data')
    expect(words(asObject(postgres['healthcheck'], 'postgres.healthcheck')['test']).join(' ')).toContain('pg_isready')
  }, TIMEOUT)

  it('runs NATS with JetStream on a volume', () => {
    const nats = service('nats')
    expect(String(nats['image'])).toMatch(/^nats:/)
    const args = words(nats['command'])
    expect(args).toContain('-js')
    const storeDir = args[args.indexOf('-sd') + 1]
    expect(args.indexOf('-sd'), 'nats needs a JetStream store dir (-sd)').toBeGreaterThanOrEqual(0)
    expect(volumeTargets('nats'), 'the JetStream store dir is a volume').toContain(storeDir)
  }, TIMEOUT)

  it('has all five app services, each started with its own entry point from the shared image', () => {
    const services = Object.keys(asObject(composeConfig()['services'], 'services'))
    expect(services).toEqual(expect.arrayContaining([...INFRA_SERVICES, ...APP_SERVICES]))
    const images = new Set(APP_SERVICES.map((name) => String(service(name)['image'])))
    expect(images.size, 'one image for all app services').toBe(1)
    for (const name of APP_SERVICES) {
      expect(service(name)['build'], `${name} builds the image`).toBeTruthy()
      // its bundle: the image has no TypeScript and no tsx
      const entry = bundledEntry(name)
      const command = service(name)['command']
      // auth wraps its start in `sh -c` (it may first create its signing key); the others run node directly.
      // No flags of their own: the image's NODE_OPTIONS give every process those of `pnpm start`.
      if (name === 'auth') expect(words(command).join(' '), name).toContain(`exec node ${entry}`)
      else expect(words(command), name).toEqual(['node', entry])
      expect(environment(name)['NODE_OPTIONS'], `${name} keeps the image's NODE_OPTIONS`).toBeUndefined()
    }
  }, TIMEOUT)

  it('gives every service a health check', () => {
    for (const name of [...INFRA_SERVICES, ...APP_SERVICES]) {
      const healthcheck = asObject(service(name)['healthcheck'], `${name}.healthcheck`)
      expect(healthcheck['disable'], name).not.toBe(true)
      const test = words(healthcheck['test'])
      expect(test.length, `${name} healthcheck test`).toBeGreaterThan(1)
      expect(test[0], name).not.toBe('NONE')
    }
    for (const name of APP_SERVICES) {
      expect(words(asObject(service(name)['healthcheck'], name)['test']).join(' '), `${name} probes /readyz`).toContain('/readyz')
    }
  }, TIMEOUT)

  it('starts app services only once Postgres and NATS are healthy', () => {
    for (const name of APP_SERVICES) {
      const deps = dependsOn(name)
      expect(deps['postgres'], `${name} -> postgres`).toBe('service_healthy')
      expect(deps['nats'], `${name} -> nats`).toBe('service_healthy')
    }
  }, TIMEOUT)

  it('starts crm, billing, reporting and webhooks once auth (their JWKS) is healthy', () => {
    for (const name of ['crm', 'billing', 'reporting', 'webhooks']) expect(dependsOn(name)['auth'], `${name} -> auth`).toBe('service_healthy')
  }, TIMEOUT)

  it('starts the gateway once all five services are healthy', () => {
    const deps = dependsOn('gateway')
    for (const name of ['auth', 'crm', 'billing', 'reporting', 'webhooks']) expect(deps[name], `gateway -> ${name}`).toBe('service_healthy')
  }, TIMEOUT)

  it('wires the app services to each other by service name and binds them to all interfaces', () => {
    for (const name of APP_SERVICES) {
      const env = environment(name)
      expect(env['HOST'], `${name} HOST`).toBe('0.0.0.0')
      expect(new URL(env['DATABASE_URL'] ?? 'x:').hostname, `${name} DATABASE_URL`).toBe('postgres')
      expect(new URL(env['NATS_URL'] ?? 'x:').hostname, `${name} NATS_URL`).toBe('nats')
      expect(env['AUTH_URL'], `${name} AUTH_URL`).toBe('http://auth:3001')
      expect(env['SERVICE_DB_PASSWORD'], `${name} SERVICE_DB_PASSWORD`).toBeTruthy()
    }
    const gateway = environment('gateway')
    expect([gateway['CRM_URL'], gateway['BILLING_URL'], gateway['REPORTING_URL'], gateway['WEBHOOKS_URL']])
      .toEqual(['http://crm:3002', 'http://billing:3003', 'http://reporting:3004', 'http://webhooks:3005'])
    expect(volumeTargets('auth'), 'auth keeps its generated keys in a volume').toContain('/app/.data')
  }, TIMEOUT)

  it('keeps the gateway\'s rate-limit counters in a Redis of its own, so gateway replicas count together', () => {
    expect(String(service('redis')['image'])).toMatch(/^redis:/)
    expect(words(asObject(service('redis')['healthcheck'], 'redis.healthcheck')['test']).join(' ')).toContain('redis-cli ping')
    expect(new URL(environment('gateway')['RATE_LIMIT_REDIS_URL'] ?? 'x:').hostname).toBe('redis')
    expect(dependsOn('gateway')['redis']).toBe('service_healthy')
    expect(publishedPorts('redis')).toEqual([])
  }, TIMEOUT)

  it('has a nats-cluster profile: three nodes routed together, the app on all three with the stream on each', () => {
    // The way the compose file's header says to start it.
    const printed = compose('--env-file', resolve(ROOT, 'deploy/nats/cluster.env'), '--profile', 'nats-cluster', 'config')
    expect(printed.status, printed.stderr).toBe(0)
    const services = asObject(asObject(parseYaml(printed.stdout), 'cluster config')['services'], 'services')
    const nodes = ['nats', 'nats-2', 'nats-3'].map((name) => asObject(services[name], name))
    const args = nodes.map((node) => words(node['command']))
    for (const node of args) {
      expect(node[node.indexOf('-c') + 1]).toBe('/etc/nats/cluster.conf')
      expect(node).toContain('-js')
    }
    expect(new Set(args.map((node) => node[node.indexOf('-n') + 1])).size, 'a name of its own per node').toBe(3)
    const stores = nodes.map((node) => words(node['volumes']).find((volume) => volume.endsWith(':/data:rw') || volume.endsWith(':/data')))
    expect(new Set(stores).size, 'a store volume of its own per node').toBe(3)
    const routes = readFileSync(resolve(ROOT, 'deploy/nats/cluster.conf'), 'utf8')
    for (const name of ['nats', 'nats-2', 'nats-3']) expect(routes).toContain(`nats-route://${name}:6222`)
    for (const name of APP_SERVICES) {
      const env = asObject(asObject(services[name], name)['environment'], `${name}.environment`)
      expect(String(env['NATS_URL']).split(',').map((url) => new URL(url).hostname), `${name} NATS_URL`).toEqual(['nats', 'nats-2', 'nats-3'])
      expect(String(env['NATS_STREAM_REPLICAS']), `${name} NATS_STREAM_REPLICAS`).toBe('3')
    }
    // Without the profile: one node (the other two start only with it), and the stream with one copy.
    for (const name of ['nats-2', 'nats-3']) expect(words(asObject(services[name], name)['profiles'])).toEqual(['nats-cluster'])
    expect(words(service('nats')['command'])).toContain('/etc/nats/travel-crm.conf')
    expect(environment('crm')['NATS_STREAM_REPLICAS']).toBe('1')
  }, TIMEOUT)

  it('publishes only the gateway, on port 3000', () => {
    expect(publishedPorts('gateway')).toContain('3000:3000')
    for (const name of [...INFRA_SERVICES, ...APP_SERVICES].filter((name) => name !== 'gateway')) {
      expect(publishedPorts(name), `${name} publishes no port`).toEqual([])
    }
  }, TIMEOUT)
})

describe('Dockerfile', () => {
  // instructions with their `\` continuation lines joined, comments dropped
  const instructions = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  const keyword = (line: string): string => line.split(/\s+/)[0]!.toUpperCase()

  it('is a multi-stage build on Node 20, the official image unless the build is given another base', () => {
    const froms = instructions.filter((line) => keyword(line) === 'FROM')
    expect(froms.length).toBeGreaterThanOrEqual(2)
    // `ARG NODE_IMAGE=node:20-…` before the first FROM, which (and the runtime stage) starts from it
    const base = instructions.find((line) => keyword(line) === 'ARG' && /^ARG\s+NODE_IMAGE=/.test(line))
    expect(base, 'ARG NODE_IMAGE=<default> before the first FROM').toBeDefined()
    expect(instructions.indexOf(base!)).toBeLessThan(instructions.indexOf(froms[0]!))
    expect(base, 'a node:20 base image by default').toMatch(/=node:20\b/)
    expect(froms[0]).toMatch(/^FROM \$\{NODE_IMAGE\} /)
    expect(froms.at(-1)).toMatch(/^FROM \$\{NODE_IMAGE\} /)
  })

  it('builds the web app into the image, held to its size budget, for the gateway to serve at /app/', () => {
    expect(instructions.some((line) => keyword(line) === 'RUN' && /\bpnpm --filter web build\b/.test(line)), 'a RUN pnpm --filter web build').toBe(true)
    const finalStage = instructions.slice(instructions.map(keyword).lastIndexOf('FROM'))
    // Either web/dist itself, or the build stage's gathering of web/dist (with the bundles) after the build.
    const gathers = instructions.some((line) => keyword(line) === 'RUN' && /pnpm --filter web build\b.*\bweb\/dist\b.*\/builds/.test(line))
    const copiesWeb = finalStage.some((line) => keyword(line) === 'COPY' && /--from=\S+ \S*web\/dist \S*web\/dist/.test(line))
    const copiesBuilds = finalStage.some((line) => keyword(line) === 'COPY' && /--from=\S+ \/builds\/? \.\/?$/.test(line))
    expect(copiesWeb || (gathers && copiesBuilds), 'the final stage copies web/dist').toBe(true)
  })

  it('installs with the frozen lockfile', () => {
    const install = instructions.filter((line) => keyword(line) === 'RUN' && /\bpnpm install\b/.test(line))
    expect(install.join('\n'), 'a RUN pnpm install --frozen-lockfile').toMatch(/\bpnpm install\b.*--frozen-lockfile/)
  })

  it('builds the services and runs each process\'s bundle, with production dependencies only', () => {
    const runs = instructions.filter((line) => keyword(line) === 'RUN').join('\n')
    expect(runs).toMatch(/\bpnpm build\b/)
    expect(runs, 'the bundles gathered for the runtime stage').toMatch(/-name bundle\b.*\/builds/)
    expect(runs).toMatch(/\bpnpm install\b.*--prod(?!=false)\b/)
    const lastFrom = instructions.map(keyword).lastIndexOf('FROM')
    const final = instructions.slice(lastFrom).join('\n')
    expect(final).toContain(`CMD ["node", "${bundledEntry('gateway')}"]`)
    expect(final, 'the runtime stage takes no source tree').not.toMatch(/^COPY \. /m)
  })

  /** The final stage's ENV instructions, joined. */
  const finalStageEnv = (): string => {
    const lastFrom = instructions.map(keyword).lastIndexOf('FROM')
    return instructions.slice(lastFrom).filter((line) => keyword(line) === 'ENV').join(' ')
  }

  it('runs every process with the Node flags of `pnpm start` (NODE_FLAGS), in the final stage\'s NODE_OPTIONS', () => {
    const envs = finalStageEnv()
    expect(envs.match(/\bNODE_OPTIONS="([^"]*)"/)?.[1]).toBe(NODE_FLAGS.join(' '))
  })

  it('starts every process with the environment of `pnpm start` (PROCESS_ENV), in the final stage\'s ENV', () => {
    const envs = finalStageEnv()
    expect(Object.keys(PROCESS_ENV).length).toBeGreaterThan(0)
    for (const [name, value] of Object.entries(PROCESS_ENV)) {
      expect(envs.match(new RegExp(`\\b${name}=(\\S+)`))?.[1], name).toBe(value)
    }
  })

  it('runs as a non-root user in the final stage', () => {
    const lastFrom = instructions.map(keyword).lastIndexOf('FROM')
    const users = instructions.slice(lastFrom).filter((line) => keyword(line) === 'USER')
    expect(users.length, 'USER in the final stage').toBeGreaterThan(0)
    const user = users.at(-1)!.split(/\s+/)[1]!.split(':')[0]
    expect(['root', '0']).not.toContain(user)
  })
})
