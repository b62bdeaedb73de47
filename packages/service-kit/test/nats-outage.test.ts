import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServiceEnvironment, startNatsServer, type NatsServer, type ServiceEnvironment } from '@travel-crm/testkit'
import type { ServiceApp } from '../src/messaging/index.js'
import { readStream } from '@travel-crm/testkit'
import { aClientEvent, buildTestService, waitFor } from './test-service.js'

async function readiness (app: ServiceApp) {
  return await app.inject({ method: 'GET', url: '/readyz' })
}

function gauge (metrics: string, name: string): number | undefined {
  const line = metrics.split('\n').find((entry) => entry.startsWith(`${name}{`) || entry.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.split(' ').at(-1))
}

describe('a service whose NATS goes away', () => {
  let nats: NatsServer
  let environment: ServiceEnvironment
  let app: ServiceApp

  beforeAll(async () => {
    nats = await startNatsServer()
    environment = await createServiceEnvironment({ NATS_URL: nats.url })
    app = await buildTestService(environment.env)
    await app.ready()
  })

  afterAll(async () => {
    await nats?.start()
    await app?.close()
    await nats?.kill()
    await environment?.cleanup()
  })

  it('is not ready while NATS is down and ready again once it is back', async () => {
    expect((await readiness(app)).statusCode).toBe(200)
    await nats.stop()
    const down = await readiness(app)
    expect(down.statusCode).toBe(503)
    expect(down.headers['content-type']).toContain('application/problem+json')
    expect(down.json()).toMatchObject({ status: 503, code: 'NOT_READY', checks: { database: 'ok', nats: expect.stringMatching(/^unavailable/) } })

    await nats.start()
    await waitFor('readiness after NATS came back', async () => (await readiness(app)).statusCode === 200)
    expect((await readiness(app)).json()).toEqual({ status: 'ready', checks: { database: 'ok', nats: 'ok' } })
  })

  it('takes writes while NATS is down and publishes all of them once, in order, when it is back', async () => {
    await nats.stop()
    for (let id = 1; id <= 20; id += 1) {
      await app.transact({}, async (_em, events) => { await events.emit(aClientEvent(id)) })
    }
    expect(await app.relay.backlog()).toBe(20)
    const scrape = await app.inject({ method: 'GET', url: '/metrics' })
    expect(gauge(scrape.body, 'outbox_backlog')).toBe(20)

    await nats.start()
    await waitFor('the outbox to drain after NATS came back', async () => await app.relay.backlog() === 0, 30_000)
    const stored = await readStream(nats.url, environment.stream)
    expect(stored.map((entry) => entry.event.data['id'])).toEqual(Array.from({ length: 20 }, (_, index) => index + 1))
    expect(new Set(stored.map((entry) => entry.msgId)).size).toBe(20)
    expect(stored.every((entry) => entry.msgId === entry.event.id)).toBe(true)
  }, 60_000)
})
