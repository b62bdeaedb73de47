import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServiceEnvironment, type ServiceEnvironment } from '@travel-crm/testkit'
import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import { policiesOf } from '@travel-crm/contracts'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

describe('crm app', () => {
  let environment: ServiceEnvironment
  let app: ServiceApp

  beforeAll(async () => {
    environment = await createServiceEnvironment()
    app = await buildApp(loadConfig(environment.env))
    await app.ready()
  })

  afterAll(async () => {
    await app?.close()
    await environment?.cleanup()
  })

  it('is ready when its database and NATS are', async () => {
    const response = await app.inject({ method: 'GET', url: '/readyz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok', nats: 'ok' } })
  })

  it('serves every crm route of the policy table', () => {
    const missing = policiesOf('crm').filter((policy) => !app.hasRoute({ method: policy.method, url: policy.url }))
    expect(missing).toEqual([])
  })
})
