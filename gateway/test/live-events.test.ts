import { connect, type NatsConnection } from '@nats-io/transport-node'
import { jetstream } from '@nats-io/jetstream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAuthEventStream, startNatsServer, startTokenIssuer, testInfrastructure, type AuthEventStream, type TokenIssuer } from '@travel-crm/testkit'
import { buildGateway } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { nothingListening } from './stand-ins.js'

type Gateway = Awaited<ReturnType<typeof buildGateway>>

interface Received { id: string, event: string, data: { type: string, subject: string, data: unknown } }

/**
 * Opens a live stream and waits for its answer (sent once its consumer exists, so events published after this
 * returns are seen); `collect` then reads until `count` events or `ms` have passed, counting heartbeats too.
 */
async function openLive (url: string, token: string, lastEventId?: string) {
  const controller = new AbortController()
  const response = await fetch(`${url}/live`, { headers: { authorization: `Bearer ${token}`, ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) }, signal: controller.signal })
  const collect = async (count: number, ms: number): Promise<{ events: Received[], heartbeats: number }> => {
    const timer = setTimeout(() => { controller.abort() }, ms)
    const events: Received[] = []
    let heartbeats = 0
    let buffer = ''
    try {
      for await (const chunk of (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream())) {
        buffer += chunk
        const blocks = buffer.split('\n\n')
        buffer = blocks.pop() ?? ''
        for (const block of blocks) {
          if (block === ': heartbeat') heartbeats += 1
          const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]))
          if (fields['data'] !== undefined) events.push({ id: fields['id'] ?? '', event: fields['event'] ?? '', data: JSON.parse(fields['data']) as Received['data'] })
        }
        if (events.length >= count) break
      }
    } catch {
      // aborted at the time limit
    }
    clearTimeout(timer)
    controller.abort()
    return { events, heartbeats }
  }
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, collect }
}

describe('live events for the browser (GET /live)', () => {
  let issuer: TokenIssuer
  // The stack's stream, with auth's user events in it: the gateway reads them before it honours any token.
  let stream: AuthEventStream
  let nc: NatsConnection
  let gateway: Gateway
  let url: string

  const publish = async (subject: string, id: number) => {
    await jetstream(nc).publish(`${stream.env['NATS_SUBJECT_PREFIX'] ?? ''}${subject}`, JSON.stringify({ specversion: '1.0', id: crypto.randomUUID(), type: subject, subject: `${subject.split('.')[1]}/${id}`, data: { id } }))
  }

  beforeAll(async () => {
    const { natsUrl } = testInfrastructure()
    issuer = await startTokenIssuer()
    stream = await startAuthEventStream(natsUrl)
    const down = await nothingListening()
    gateway = await buildGateway(loadConfig({
      LOG_LEVEL: 'silent', ...stream.env, LIVE_HEARTBEAT_MS: '200',
      AUTH_URL: issuer.url, CRM_URL: down, BILLING_URL: down, REPORTING_URL: down
    }))
    url = await gateway.listen({ host: '127.0.0.1', port: 0 })
    nc = await connect({ servers: natsUrl })
    // The first subscriber makes the gateway's live connection; then events can be published.
    await (await openLive(url, issuer.token('admin'))).collect(0, 100)
  })

  afterAll(async () => {
    await nc?.close()
    await gateway?.close()
    await issuer?.close()
    await stream?.close()
  })

  it('needs an access token', async () => {
    const response = await fetch(`${url}/live`)
    expect(response.status).toBe(401)
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/)
  })

  it('streams events as they happen; users\' events reach admins only', async () => {
    const analystStream = await openLive(url, issuer.token('analyst'))
    const adminStream = await openLive(url, issuer.token('admin'))
    expect(analystStream.type).toMatch(/^text\/event-stream/)
    // Written by hand, the stream's answer still carries what every answer of the gateway does.
    expect(analystStream.headers.get('x-content-type-options')).toBe('nosniff')
    expect(analystStream.headers.get('content-security-policy')).toContain('default-src \'none\'')
    expect(analystStream.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const analyst = analystStream.collect(2, 5000)
    const admin = adminStream.collect(3, 5000)
    await publish('auth.user.updated', 1)
    await publish('crm.client.updated', 2)
    await publish('billing.payment.recorded', 3)
    const [seenByAnalyst, seenByAdmin] = await Promise.all([analyst, admin])
    expect(seenByAnalyst.events.map((event) => event.event)).toEqual(['crm.client.updated', 'billing.payment.recorded'])
    expect(seenByAdmin.events.map((event) => event.event)).toEqual(['auth.user.updated', 'crm.client.updated', 'billing.payment.recorded'])
    expect(seenByAdmin.events[2]?.data).toMatchObject({ type: 'billing.payment.recorded', subject: 'payment/3', data: { id: 3 } })
  })

  it('sends a heartbeat while nothing happens', async () => {
    const quiet = await (await openLive(url, issuer.token('agent'))).collect(1, 1000)
    expect(quiet.events).toEqual([])
    expect(quiet.heartbeats).toBeGreaterThanOrEqual(2)
  })

  it('resumes right after the Last-Event-ID it is given', async () => {
    const first = (await openLive(url, issuer.token('agent'))).collect(2, 5000)
    await publish('crm.trip.created', 10)
    await publish('crm.trip.updated', 11)
    const { events } = await first
    expect(events).toHaveLength(2)
    await publish('crm.trip.updated', 12)
    const resumed = await (await openLive(url, issuer.token('agent'), events[0]?.id)).collect(2, 5000)
    expect(resumed.events.map((event) => (event.data.data as { id: number }).id)).toEqual([11, 12])
    expect(Number(resumed.events[0]?.id)).toBe(Number(events[0]?.id) + 1)
  })
})

describe('live events without NATS', () => {
  it('answer 503 problem+json and tell the app when to try again', async () => {
    // NATS is there while the gateway starts (it builds its replica of auth's events), then goes away.
    const nats = await startNatsServer()
    const stream = await startAuthEventStream(nats.url)
    const issuer = await startTokenIssuer()
    const down = await nothingListening()
    const gateway = await buildGateway(loadConfig({ LOG_LEVEL: 'silent', ...stream.env, AUTH_URL: issuer.url, CRM_URL: down, BILLING_URL: down, REPORTING_URL: down }))
    try {
      await gateway.ready()
      await stream.close()
      await nats.kill()
      const response = await gateway.inject({ url: '/live', headers: { authorization: `Bearer ${issuer.token('agent')}` } })
      expect(response.statusCode).toBe(503)
      expect(response.json().code).toBe('LIVE_EVENTS_UNAVAILABLE')
      expect(response.headers['retry-after']).toBe('5')
    } finally {
      await gateway.close()
      await issuer.close()
    }
  })
})
