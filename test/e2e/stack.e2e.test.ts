import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '@travel-crm/testkit'

describe('the whole stack through the gateway', () => {
  let stack: Stack

  beforeAll(async () => {
    stack = await startStack()
  })

  afterAll(async () => {
    await stack?.stop()
  })

  it('is ready, naming every service it depends on', async () => {
    const response = await fetch(`${stack.gatewayUrl}/readyz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { auth: 'ok', crm: 'ok', billing: 'ok', reporting: 'ok', webhooks: 'ok', accounts: 'ok' }
    })
  })

  it('reports a stopped service as not ready, and recovers when it is back', async () => {
    await stack.kill('billing', 'SIGKILL')
    const down = await fetch(`${stack.gatewayUrl}/readyz`)
    expect(down.status).toBe(503)
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const body = await down.json() as { checks: Record<string, string> }
    expect(body.checks['billing']).toMatch(/^unavailable/)
    expect(body.checks['crm']).toBe('ok')

    await stack.restart('billing')
    const up = await fetch(`${stack.gatewayUrl}/readyz`)
    expect(up.status).toBe(200)
  })
})
