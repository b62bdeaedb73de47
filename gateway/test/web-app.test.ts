import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildGateway } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { nothingListening } from './stand-ins.js'

type Gateway = Awaited<ReturnType<typeof buildGateway>>

describe('the web app at /app/', () => {
  let dir: string
  let gateway: Gateway

  const build = async (webAppDir: string) => {
    const down = await nothingListening()
    return await buildGateway(loadConfig({ LOG_LEVEL: 'silent', WEB_APP_DIR: webAppDir, AUTH_URL: down, CRM_URL: down, BILLING_URL: down, REPORTING_URL: down }))
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-app-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Travel CRM</title><script type="module" src="/app/assets/index-abc123.js"></script>')
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("app")')
    gateway = await build(dir)
    await gateway.ready()
  })

  afterAll(async () => {
    await gateway?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sends / and /app to /app/', async () => {
    expect((await gateway.inject({ url: '/' })).headers.location).toBe('/app/')
    const bare = await gateway.inject({ url: '/app' })
    expect(bare.statusCode).toBe(301)
    expect(bare.headers.location).toBe('/app/')
  })

  it('serves index.html for the app and every deep link, never cached, under a strict content policy', async () => {
    for (const url of ['/app/', '/app/clients/42', '/app/invoices/7?tab=payments']) {
      const response = await gateway.inject({ url })
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['content-type'], url).toMatch(/^text\/html/)
      expect(response.body, url).toContain('<title>Travel CRM</title>')
      expect(response.headers['cache-control'], url).toBe('no-cache')
      const policy = String(response.headers['content-security-policy'])
      expect(policy).toContain('script-src \'self\'')
      expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/)
      expect(policy).toContain('frame-ancestors \'none\'')
    }
  })

  it('serves hashed assets as immutable, and a missing one as a 404 rather than the page', async () => {
    const asset = await gateway.inject({ url: '/app/assets/index-abc123.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const missing = await gateway.inject({ url: '/app/assets/index-old999.js' })
    expect(missing.statusCode).toBe(404)
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/)
  })

  it('never serves a file outside the build', async () => {
    for (const url of ['/app/../package.json', '/app/%2e%2e/%2e%2e/package.json', '/app/..%2fpackage.json']) {
      const response = await gateway.inject({ url })
      expect(response.body, url).not.toContain('"name"')
    }
  })

  it('says what to do when the app is not built', async () => {
    const unbuilt = await build(join(dir, 'nowhere'))
    try {
      const response = await unbuilt.inject({ url: '/app/' })
      expect(response.statusCode).toBe(503)
      expect(response.json().code).toBe('WEB_APP_NOT_BUILT')
    } finally {
      await unbuilt.close()
    }
  })

  it('keeps the API\'s own strict policy on API routes', async () => {
    const response = await gateway.inject({ url: '/healthz' })
    expect(response.headers['content-security-policy']).toContain('default-src \'none\'')
  })
})
