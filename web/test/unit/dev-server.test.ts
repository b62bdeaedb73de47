import { describe, expect, it } from 'vitest'
import { POLICY } from '@travel-crm/contracts'
import config, { apiPaths } from '../../vite.config.js'

describe('pnpm dev:web', () => {
  it('sends every API route of the policy table, and the live events, to the gateway', () => {
    const proxied = Object.keys(config.server?.proxy ?? {})
    expect(proxied).toEqual(apiPaths)
    for (const route of [...POLICY.map((policy) => policy.url), '/live']) {
      expect(proxied.some((path) => route === path || route.startsWith(`${path}/`)), route).toBe(true)
    }
    // The app itself is Vite's to serve, under the same base as behind the gateway.
    expect(proxied).not.toContain('/app')
    expect(config.base).toBe('/app/')
  })
})
