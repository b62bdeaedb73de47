import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Type } from 'typebox'
import { BaseConfig, ConfigError, loadConfig, requiredInProduction } from '../src/http/config.js'
import { DEFAULT_PORTS, loadServiceConfig } from '../src/http/config.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

function configErrorOf (load: () => unknown): ConfigError {
  try {
    load()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('the configuration was accepted')
}

describe('loadConfig', () => {
  it('fills in development defaults when nothing is set', () => {
    const config = loadConfig(BaseConfig, {})
    expect(config.NODE_ENV).toBe('development')
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222')
    expect(config.NATS_STREAM).toBe('TRAVEL_CRM')
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(10_000)
    expect(config.DB_POOL_MAX).toBe(4)
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig(BaseConfig, { LOG_LEVEL: '' }).LOG_LEVEL).toBe('info')
  })

  it('reads numbers from their decimal text', () => {
    expect(loadConfig(BaseConfig, { SHUTDOWN_TIMEOUT_MS: '2500' }).SHUTDOWN_TIMEOUT_MS).toBe(2500)
  })

  it.each([
    ['NATS_URL', 'http://127.0.0.1:4222'],
    ['DATABASE_URL', 'mysql://localhost/travel'],
    ['NATS_STREAM', 'no spaces'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['SHUTDOWN_TIMEOUT_MS', '50'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['DB_POOL_MAX', '1'],
    ['NATS_SUBJECT_PREFIX', 'No Spaces.']
  ])('refuses %s=%j and names the variable', (variable, value) => {
    const error = configErrorOf(() => loadConfig(BaseConfig, { [variable]: value }))
    expect(error.message).toContain(variable)
    expect(error.message).toContain(value)
  })

  it('reports every bad variable at once', () => {
    const error = configErrorOf(() => loadConfig(BaseConfig, { NATS_URL: 'http://x', NATS_STREAM: 'no spaces', LOG_LEVEL: 'loud' }))
    expect(error.message).toContain('NATS_URL')
    expect(error.message).toContain('NATS_STREAM')
    expect(error.message).toContain('LOG_LEVEL')
  })

  it.each(['3.5', '1e3', '0x10', 'true', '12abc', ' '])('refuses an integer setting written as %j instead of rounding or guessing', (value) => {
    const properties = { ...BaseConfig, WORKERS: Type.Integer({ minimum: 1, default: 4 }) }
    const error = configErrorOf(() => loadConfig(properties, { WORKERS: value }))
    expect(error.message).toContain('WORKERS')
  })

  it('refuses to start in production on development defaults, naming each missing variable', () => {
    const error = configErrorOf(() => loadConfig(BaseConfig, { NODE_ENV: 'production' }))
    expect(error.message).toContain('DATABASE_URL')
    expect(error.message).toContain('SERVICE_DB_PASSWORD')
    expect(error.message).toContain('NODE_ENV=production')
  })

  it('refuses production when only one of them is given', () => {
    const error = configErrorOf(() => loadConfig(BaseConfig, { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/travel_crm' }))
    expect(error.message).toContain('SERVICE_DB_PASSWORD')
    expect(error.message).not.toContain('DATABASE_URL must be set')
  })

  it('accepts production once the deployment sets them', () => {
    const config = loadConfig(BaseConfig, { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/travel_crm', SERVICE_DB_PASSWORD: 'a-long-real-secret' })
    expect(config.SERVICE_DB_PASSWORD).toBe('a-long-real-secret')
  })

  it('requires in production the secrets a service marks, and only those', () => {
    const properties = { ...BaseConfig, JWT_PRIVATE_KEY: Type.Optional(requiredInProduction(Type.String())), JWT_KEYS_DIR: Type.String({ default: '.data/keys' }) }
    const error = configErrorOf(() => loadConfig(properties, { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', SERVICE_DB_PASSWORD: 'a-long-real-secret' }))
    expect(error.message).toContain('JWT_PRIVATE_KEY')
    expect(error.message).not.toContain('BOOTSTRAP_ADMIN_PASSWORD')
    expect(error.message).not.toContain('JWT_KEYS_DIR')
  })
})

describe('loadServiceConfig', () => {
  it('gives each service its default port', () => {
    expect(loadServiceConfig('crm', {}, {}).port).toBe(DEFAULT_PORTS.crm)
    expect(loadServiceConfig('billing', {}, {}).port).toBe(3003)
  })

  it('reads the port and a DBA-provisioned URL under the service prefix', () => {
    const config = loadServiceConfig('billing', {}, { BILLING_PORT: '4103', BILLING_DATABASE_URL: 'postgres://billing@db/travel_crm' })
    expect(config.port).toBe(4103)
    expect(config.serviceDatabaseUrl).toBe('postgres://billing@db/travel_crm')
  })

  it.each(['notaport', '0', '70000', '3002.5'])('refuses CRM_PORT=%j', (value) => {
    const error = configErrorOf(() => loadServiceConfig('crm', {}, { CRM_PORT: value }))
    expect(error.message).toContain('CRM_PORT')
  })

  it('validates the variables a service adds', () => {
    const extra = { CRM_SEARCH_LIMIT: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }
    expect(loadServiceConfig('crm', extra, {}).CRM_SEARCH_LIMIT).toBe(20)
    expect(configErrorOf(() => loadServiceConfig('crm', extra, { CRM_SEARCH_LIMIT: '1000' })).message).toContain('CRM_SEARCH_LIMIT')
  })
})

describe('a service process with a bad setting', () => {
  it('exits non-zero, naming the variable, before it connects to anything', async () => {
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'services/crm/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', CRM_PORT: 'notaport', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/never', NATS_URL: 'nats://127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    // A guard, not a speed assertion: a process that hangs instead of refusing fails the test.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000)
    const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null]
    clearTimeout(guard)
    expect(signal).toBeNull()
    expect(code).toBe(78)
    expect(stderr).toContain('CRM_PORT')
    expect(stderr).toContain('notaport')
  })
})
