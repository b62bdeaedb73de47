import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { STREAM_NAME, type ServiceName } from '@travel-crm/contracts'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Settings every service process shares; each service adds its own with `loadConfig({...BaseConfig, ...})`. */
export const BaseConfig = {
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)), { default: 'info' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', default: 'postgres://postgres@127.0.0.1:5432/travel_crm', requiredInProduction: true }),
  /** One server, or several comma-separated (the nodes of a cluster): the client picks one and fails over. */
  NATS_URL: Type.String({ pattern: '^(nats|tls)://[^,\\s]+(\\s*,\\s*(nats|tls)://[^,\\s]+)*$', default: 'nats://127.0.0.1:4222' }),
  /**
   * Copies of the stream a cluster keeps (1, 3 or 5 in practice: 3 survives one node lost). A process creating the
   * stream makes it with this many; one finding it with another number changes it to this.
   */
  NATS_STREAM_REPLICAS: Type.Integer({ minimum: 1, maximum: 5, default: 1 }),
  /** The NATS user this process connects as, when the server asks (each service its own: deploy/nats/nats-server.conf). */
  NATS_USER: Type.Optional(Type.String({ minLength: 1 })),
  NATS_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  NATS_STREAM: Type.String({ pattern: '^[A-Za-z0-9_-]+$', default: STREAM_NAME }),
  NATS_SUBJECT_PREFIX: Type.String({ pattern: '^([a-z0-9_-]+\\.)?$', default: '' }),
  AUTH_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3001' }),
  JWT_ISSUER: Type.String({ minLength: 1, default: 'travel-crm-auth' }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: 'travel-crm' }),
  /** Password given to the per-service database roles that a service provisions for itself. */
  SERVICE_DB_PASSWORD: Type.String({ minLength: 8, default: 'travel-crm-dev-only', requiredInProduction: true }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  /**
   * Database connections of one service process. Postgres gets the most done with about twice as many queries
   * running as it has cores: more connections only share the same CPU out in time slices, so every query takes
   * longer, while with fewer the rest wait their turn in the pool and each finishes sooner (at 10 connections
   * on two cores a client search's p99 was twice what it is at 4). Raise it for a bigger database server. At
   * least 2: migrations hold one connection for their lock while the migrator works on another.
   */
  DB_POOL_MAX: Type.Integer({ minimum: 2, maximum: 100, default: 4 }),
  /**
   * Addresses or CIDRs (comma-separated; `loopback`, `uniquelocal` allowed) whose `X-Forwarded-For` is believed:
   * the gateway's. Auth limits failed logins per client address, which it sees only through the gateway.
   */
  TRUST_PROXY: Type.String({ minLength: 1, default: 'loopback' }),
  /**
   * Shared by the gateway and the services: the gateway sends it with every request, and a service believes
   * `X-Forwarded-For` only on requests that carry it. Unset, forwarding headers are never believed.
   */
  GATEWAY_SECRET: Type.Optional(Type.String({ minLength: 24, requiredInProduction: true })),
  /** The Bearer token Prometheus sends to read `/metrics`; unset, metrics are not served to anyone. */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 }))
}

/**
 * A setting whose default is fit for a laptop only (a secret, a database): with `NODE_ENV=production` it must
 * be set explicitly. Each service marks its own secrets this way.
 */
export function requiredInProduction<Schema extends TSchema> (schema: Schema): Schema {
  return { ...schema, requiredInProduction: true }
}

function isRequiredInProduction (schema: TSchema): boolean {
  return (schema as { requiredInProduction?: unknown }).requiredInProduction === true
}

/**
 * Reads and validates configuration from the environment. Every problem is reported at once, each naming its
 * variable, so an operator fixes a deployment in one go.
 */
export function loadConfig<Properties extends TProperties> (
  properties: Properties,
  env: NodeJS.ProcessEnv = process.env
): Static<TObject<Properties>> {
  const schema = Type.Object(properties)
  const given: Record<string, unknown> = {}
  for (const key of Object.keys(properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') given[key] = value
  }
  const problems: string[] = []
  if (given['NODE_ENV'] === 'production') {
    for (const [key, property] of Object.entries(properties)) {
      if (!isRequiredInProduction(property)) continue
      if (!(key in given)) problems.push(`${key} must be set when NODE_ENV=production (its default is for development only)`)
      // Written out by hand, the development default is no safer than left out.
      else if (given[key] === (property as { default?: unknown }).default) problems.push(`${key} must not be its development default when NODE_ENV=production`)
    }
  }
  // Default and Convert work on a copy: `given` keeps the text the operator wrote, for the messages below.
  const value = Value.Convert(schema, Value.Default(schema, Value.Clone(given))) as Record<string, unknown>
  for (const [key, property] of Object.entries(properties)) {
    const problem = propertyProblem(key, property, given[key], value[key])
    if (problem !== undefined) problems.push(`${problem}${key in given ? ` (got "${String(given[key])}")` : ''}`)
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
  return value as Static<TObject<Properties>>
}

/** TypeBox's conversion reads "3.5" as 3 and "true" as 1; a number setting must be written as plain digits. */
const NUMERALS: Record<string, { pattern: RegExp, noun: string }> = {
  integer: { pattern: /^-?\d+$/, noun: 'an integer' },
  number: { pattern: /^-?\d+(\.\d+)?$/, noun: 'a number' }
}

/** One message per variable (TypeBox stops at the first failing union and repeats its branches). */
function propertyProblem (key: string, property: TSchema, raw: unknown, converted: unknown): string | undefined {
  const numeral = NUMERALS[String((property as { type?: unknown }).type)]
  if (numeral !== undefined && typeof raw === 'string' && !numeral.pattern.test(raw)) return `${key} must be ${numeral.noun}`
  const alone = Type.Object({ [key]: property })
  const instance = converted === undefined ? {} : { [key]: converted }
  if (Value.Check(alone, instance)) return undefined
  if (converted === undefined) return `${key} must be set`
  const choices = (property as { anyOf?: Array<{ const?: unknown }> }).anyOf?.map((choice) => choice.const)
  if (choices !== undefined && choices.every((choice) => typeof choice === 'string')) return `${key} must be one of ${choices.join(', ')}`
  const [first] = Value.Errors(alone, instance)
  return `${key} ${first?.message ?? 'is invalid'}`
}

export const DEFAULT_PORTS: Record<ServiceName | 'gateway', number> = { gateway: 3000, auth: 3001, crm: 3002, billing: 3003, reporting: 3004, webhooks: 3005 }

/**
 * The base configuration plus `<SERVICE>_PORT` and an optional `<SERVICE>_DATABASE_URL` (a role a DBA
 * provisioned; without it the service provisions its own from `DATABASE_URL`).
 */
export function loadServiceConfig<Extra extends TProperties> (service: ServiceName, extra: Extra, env: NodeJS.ProcessEnv = process.env) {
  const prefix = service.toUpperCase()
  const config = loadConfig({
    ...BaseConfig,
    ...extra,
    [`${prefix}_PORT`]: Type.Integer({ minimum: 1, maximum: 65535, default: DEFAULT_PORTS[service] }),
    [`${prefix}_DATABASE_URL`]: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' }))
  }, env) as Static<TObject<typeof BaseConfig & Extra>> & Record<string, unknown>
  return {
    ...config,
    port: config[`${prefix}_PORT`] as number,
    serviceDatabaseUrl: config[`${prefix}_DATABASE_URL`] as string | undefined
  }
}

export type ServiceConfig = ReturnType<typeof loadServiceConfig<Record<never, never>>>
