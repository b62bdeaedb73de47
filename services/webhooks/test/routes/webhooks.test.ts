import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { DeliveryAttempt, ReplayQueued, SecretRotated, Webhook, WebhookCreated } from '@travel-crm/contracts'
import { verifiesWith } from '@travel-crm/testkit'
import { eventually, startWebhooks, type WebhooksUnderTest } from '../support/webhooks.js'

describe('webhook routes', () => {
  let service: WebhooksUnderTest
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, role: 'admin' | 'agent' | 'analyst' = 'admin') =>
    await service.app.inject({ method, url, headers: service.as(role), ...(payload !== undefined ? { payload } : {}) })

  beforeAll(async () => { service = await startWebhooks({ WEBHOOK_SECRET_OVERLAP_MS: '2000' }) })
  afterEach(async () => { await service.forgetEndpoints() })
  afterAll(async () => { await service?.close() })

  it('registers an endpoint and shows its secret once, stored encrypted', async () => {
    const response = await call('POST', '/webhooks', { url: 'http://127.0.0.1:9/hooks', events: ['billing.payment.recorded', 'billing.invoice.*'], description: 'accounting' })
    expect(response.statusCode).toBe(201)
    const created = response.json<WebhookCreated>()
    expect(response.headers['location']).toBe(`/webhooks/${created.id}`)
    expect(created).toMatchObject({ url: 'http://127.0.0.1:9/hooks', events: ['billing.payment.recorded', 'billing.invoice.*'], description: 'accounting', enabled: true, version: 1, created_by: 1 })
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)

    const shown = await call('GET', `/webhooks/${created.id}`)
    expect(shown.json()).not.toHaveProperty('secret')
    const [row] = await service.app.orm.em.fork().execute<Array<{ secret: string }>>('select secret from endpoint where id = ?', [created.id])
    expect(row?.secret).toMatch(/^v1\./)
    expect(row?.secret).not.toContain(created.secret.slice(6))
  })

  it('lists, changes and deletes endpoints', async () => {
    const ids: number[] = []
    for (let index = 0; index < 3; index++) ids.push((await service.anEndpoint(`http://127.0.0.1:9/list-${index}`)).id)
    const page = await call('GET', '/webhooks?limit=2')
    expect(page.statusCode).toBe(200)
    expect(page.json<Webhook[]>()).toHaveLength(2)
    expect(Number(page.headers['x-total-count'])).toBeGreaterThanOrEqual(3)
    expect(page.headers['link']).toMatch(/offset=2/)

    const id = ids[0] as number
    const patched = await call('PATCH', `/webhooks/${id}`, { events: ['crm.client.*'], description: null, enabled: false })
    expect(patched.statusCode).toBe(200)
    expect(patched.json<Webhook>()).toMatchObject({ events: ['crm.client.*'], description: null, enabled: false, disabled_reason: 'disabled by an administrator', version: 2 })

    expect((await call('DELETE', `/webhooks/${id}`)).statusCode).toBe(204)
    expect((await call('GET', `/webhooks/${id}`)).json()).toMatchObject({ status: 404, code: 'WEBHOOKS_ENDPOINT_NOT_FOUND' })
    expect((await call('DELETE', `/webhooks/${id}`)).statusCode).toBe(404)
    for (const url of [`/webhooks/${id}/rotate-secret`, `/webhooks/${id}/test`]) expect((await call('POST', url)).statusCode).toBe(404)
    expect((await call('GET', `/webhooks/${id}/deliveries`)).statusCode).toBe(404)
    expect((await call('POST', `/webhooks/${id}/replay`, { since: 1 })).statusCode).toBe(404)
  })

  it.each([
    [{ url: 'http://127.0.0.1:9/hooks', events: ['billing.paymnet.recorded'] }, 'WEBHOOKS_UNKNOWN_EVENTS'],
    [{ url: 'http://127.0.0.1:9/hooks', events: ['billing.>.x'] }, 'WEBHOOKS_UNKNOWN_EVENTS'],
    [{ url: 'http://127.0.0.1:9/hooks', events: [] }, 'VALIDATION_FAILED'],
    [{ url: 'http://127.0.0.1:9/hooks', events: ['Billing.Payment'] }, 'VALIDATION_FAILED'],
    [{ url: 'not a url', events: ['>'] }, 'VALIDATION_FAILED'],
    [{ url: 'http://127.0.0.1:9/hooks', events: ['>'], secret: 'mine' }, 'VALIDATION_FAILED'],
    [{ events: ['>'] }, 'VALIDATION_FAILED']
  ])('refuses %j with 400', async (payload, code) => {
    const response = await call('POST', '/webhooks', payload)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code })
  })

  it('is for admins only', async () => {
    for (const role of ['agent', 'analyst'] as const) {
      expect((await call('GET', '/webhooks', undefined, role)).statusCode).toBe(403)
      expect((await call('POST', '/webhooks', { url: 'http://127.0.0.1:9/x', events: ['>'] }, role)).statusCode).toBe(403)
    }
    expect((await service.app.inject({ method: 'GET', url: '/webhooks' })).statusCode).toBe(401)
  })

  it('rotates the secret: both sign until the old one expires, then only the new one', async () => {
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url)
    const rotated = await call('POST', `/webhooks/${endpoint.id}/rotate-secret`)
    expect(rotated.statusCode).toBe(200)
    const { secret, previous_secret_expires_at: expiresAt } = rotated.json<SecretRotated>()
    expect(secret).not.toBe(endpoint.secret)
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now())

    const during = await service.publish('billing.payment.recorded')
    await eventually(() => { expect(receiver.received.map((request) => request.id)).toContain(during.id) })
    const signed = receiver.received.find((request) => request.id === during.id)
    expect(String(signed?.headers['webhook-signature']).split(' ')).toHaveLength(2)
    // A receiver that still holds the old secret verifies, and so does one that holds only the new.
    expect(verifiesWith(signed!, [endpoint.secret])).toBe(true)
    expect(verifiesWith(signed!, [secret])).toBe(true)

    await new Promise((resolve) => setTimeout(resolve, 2100))
    receiver.secrets = [endpoint.secret]
    const after = await service.publish('billing.payment.recorded')
    await eventually(() => { expect(receiver.received.map((request) => request.id)).toContain(after.id) })
    const late = receiver.received.find((request) => request.id === after.id)
    expect(String(late?.headers['webhook-signature']).split(' ')).toHaveLength(1)
    expect(late?.verified).toBe(false)
    expect(verifiesWith(late!, [secret])).toBe(true)
  })

  it('lists every attempt, newest first, paged', async () => {
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url)
    let calls = 0
    receiver.answer = () => (++calls === 1 ? { status: 500, body: 'try later' } : 202)
    const event = await service.publish('billing.payment.recorded')
    await eventually(async () => { expect(await service.attempts(endpoint.id)).toHaveLength(2) })
    const first = await call('GET', `/webhooks/${endpoint.id}/deliveries?limit=1`)
    expect(first.headers['x-total-count']).toBe('2')
    expect(first.headers['link']).toMatch(/limit=1&offset=1/)
    const second = await call('GET', `/webhooks/${endpoint.id}/deliveries?limit=1&offset=1`)
    const [newest, oldest] = [...first.json<DeliveryAttempt[]>(), ...second.json<DeliveryAttempt[]>()]
    expect(newest).toMatchObject({ event_id: event.id, event_type: 'billing.payment.recorded', attempt: 2, status_code: 202, outcome: 'delivered', next_retry_at: null, error: null })
    expect(oldest).toMatchObject({ event_id: event.id, attempt: 1, status_code: 500, outcome: 'retrying', response_body: 'try later' })
    expect(oldest?.duration_ms).toBeGreaterThanOrEqual(0)
  })

  it('replays from a stream sequence or a time, including events from before the endpoint existed', async () => {
    const before = [await service.publish('billing.invoice.created'), await service.publish('crm.trip.created'), await service.publish('billing.invoice.paid')]
    const { state } = await service.bus.jsm.streams.info(service.bus.stream)
    // The live consumer has passed them by while no endpoint wanted them, recording nothing: only a replay sends them.
    await service.caughtUp()
    expect(await service.app.orm.em.fork().execute('select 1 from inbox where event_id in (?, ?, ?)', before.map((event) => event.id))).toHaveLength(0)
    const receiver = await service.aReceiver()
    const endpoint = await service.anEndpoint(receiver.url, ['billing.invoice.*'])
    receiver.secrets = [endpoint.secret]
    const firstSequence = state.last_seq - 2

    const bySequence = await call('POST', `/webhooks/${endpoint.id}/replay`, { since: firstSequence })
    expect(bySequence.statusCode).toBe(202)
    expect(bySequence.json<ReplayQueued>()).toMatchObject({ deliveries: 2, first_sequence: firstSequence })
    const invoices = [before[0]?.id, before[2]?.id]
    await eventually(() => { expect(receiver.received.map((request) => request.id)).toEqual(invoices) })
    expect(receiver.received.every((request) => request.verified)).toBe(true)

    // Everything matching again, from a time before all of it: sent a second time, in stream order.
    const byTime = await call('POST', `/webhooks/${endpoint.id}/replay`, { since: new Date(Date.now() - 3_600_000).toISOString() })
    expect(byTime.json<ReplayQueued>().deliveries).toBeGreaterThanOrEqual(2)
    await eventually(() => { expect(receiver.received.slice(2).map((request) => request.id).filter((id) => invoices.includes(id))).toEqual(invoices) })

    const future = await call('POST', `/webhooks/${endpoint.id}/replay`, { since: state.last_seq + 1000 })
    expect(future.statusCode).toBe(400)
    expect(future.json()).toMatchObject({ code: 'WEBHOOKS_REPLAY_OUT_OF_RANGE' })
    const later = await call('POST', `/webhooks/${endpoint.id}/replay`, { since: new Date(Date.now() + 60_000).toISOString() })
    expect(later.json<ReplayQueued>()).toEqual({ deliveries: 0, first_sequence: null, last_sequence: null, next_sequence: null })
    expect((await call('POST', `/webhooks/${endpoint.id}/replay`, { since: 'yesterday' })).statusCode).toBe(400)
  })
})
