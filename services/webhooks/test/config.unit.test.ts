import { describe, expect, it } from 'vitest'
import { ConfigError } from '@travel-crm/service-kit/http'
import { loadConfig } from '../src/config.js'

describe('configuration', () => {
  it('reads the allowed hosts and DNS servers as lists', () => {
    const config = loadConfig({ WEBHOOK_ALLOWED_HOSTS: ' receiver.dev, 127.0.0.0/8 ,', WEBHOOK_DNS_SERVERS: '127.0.0.1:5353' })
    expect(config.allowedHosts).toEqual(['receiver.dev', '127.0.0.0/8'])
    expect(config.dnsServers).toEqual(['127.0.0.1:5353'])
    expect(config.port).toBe(3005)
  })

  it('refuses a range that is not a CIDR, and a secret key that is not 32 bytes', () => {
    expect(() => loadConfig({ WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/99' })).toThrow(/WEBHOOK_ALLOWED_HOSTS.*10\.0\.0\.0\/99/)
    expect(() => loadConfig({ WEBHOOK_SECRET_KEY: 'c2hvcnQ=' })).toThrow(ConfigError)
  })

  it('will not start in production with the development secret key', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db/x', SERVICE_DB_PASSWORD: 'a-real-password', GATEWAY_SECRET: 'a-real-gateway-secret-of-24+' }
    expect(() => loadConfig(production)).toThrow(/WEBHOOK_SECRET_KEY must be set when NODE_ENV=production/)
    expect(loadConfig({ ...production, WEBHOOK_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).WEBHOOK_SECRET_KEY).toHaveLength(44)
  })
})
