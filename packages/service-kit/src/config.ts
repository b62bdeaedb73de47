import { Type, type Static, type TObject, type TProperties } from 'typebox'
import { Value } from 'typebox/value'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Settings every service process shares; each service adds its own with `loadConfig({...BaseConfig, ...})`. */
export const BaseConfig = {
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)), { default: 'info' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', default: 'postgres://postgres@127.0.0.1:5432/travel_crm' }),
  NATS_URL: Type.String({ pattern: '^(nats|tls)://', default: 'nats://127.0.0.1:4222' }),
  NATS_STREAM: Type.String({ pattern: '^[A-Za-z0-9_-]+$', default: 'TRAVEL_CRM' }),
  NATS_SUBJECT_PREFIX: Type.String({ pattern: '^([a-z0-9_-]+\\.)?$', default: '' }),
  AUTH_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3001' }),
  JWT_ISSUER: Type.String({ minLength: 1, default: 'travel-crm-auth' }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: 'travel-crm' }),
  /** Password given to the per-service database roles that a service provisions for itself. */
  SERVICE_DB_PASSWORD: Type.String({ minLength: 8, default: 'travel-crm-dev-only' }),
  DEFAULT_CURRENCY: Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR' }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 })
}

/** Values whose defaults are fit for a laptop only: production must set them explicitly. */
const PRODUCTION_REQUIRED = ['DATABASE_URL', 'SERVICE_DB_PASSWORD', 'BOOTSTRAP_ADMIN_PASSWORD', 'JWT_PRIVATE_KEY']

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
    for (const key of PRODUCTION_REQUIRED) {
      if (key in properties && !(key in given)) problems.push(`${key} must be set when NODE_ENV=production (its default is for development only)`)
    }
  }
  const value = Value.Convert(schema, Value.Default(schema, given))
  if (!Value.Check(schema, value)) {
    for (const error of Value.Errors(schema, value)) {
      const variable = error.instancePath.replace(/^\//, '') || requiredName(error)
      problems.push(`${variable} ${error.message}${variable in given ? ` (got "${String(given[variable])}")` : ''}`)
    }
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
  return value as Static<TObject<Properties>>
}

function requiredName (error: { params?: unknown }): string {
  const params = error.params as { requiredProperties?: string[] } | undefined
  return params?.requiredProperties?.join(', ') ?? 'configuration'
}
