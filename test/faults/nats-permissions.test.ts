import { fileURLToPath } from 'node:url'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caller, eventually, startNatsServer, startPostgresServer, startStack, type NatsServer, type PostgresServer, type Stack } from '@travel-crm/testkit'

/** The very file docker-compose.yml gives its nats-server. */
const CONFIG = fileURLToPath(new URL('../../deploy/nats/nats-server.conf', import.meta.url))
const USERS = ['auth', 'crm', 'billing', 'reporting', 'webhooks', 'gateway'] as const
const passwordOf = (user: string) => `${user}-nats-secret-of-this-test`

/**
 * NATS with authentication, as compose runs it: each process connects as its own user, may publish only its
 * own subjects and read what it consumes. The whole stack runs on it, and one service cannot speak for another.
 */
describe('the bus with a user per service', () => {
  let nats: NatsServer
  let postgres: PostgresServer
  let stack: Stack
  const connections: NatsConnection[] = []

  async function connectAs (user: string, password = passwordOf(user)): Promise<NatsConnection> {
    const connection = await connect({ servers: nats.url, user, pass: password, timeout: 3000 })
    connections.push(connection)
    return connection
  }

  beforeAll(async () => {
    nats = await startNatsServer({ config: CONFIG, env: Object.fromEntries(USERS.map((user) => [`${user.toUpperCase()}_NATS_PASSWORD`, passwordOf(user)])) })
    postgres = await startPostgresServer()
    stack = await startStack({
      infrastructure: { databaseUrl: postgres.url, natsUrl: nats.url },
      // The permissions name the catalogue subjects themselves: this server is the test's own, no prefix needed.
      env: { NATS_SUBJECT_PREFIX: '', RATE_LIMIT_ALLOW: 'loopback' },
      processEnv: Object.fromEntries(USERS.map((user) => [user, { NATS_USER: user, NATS_PASSWORD: passwordOf(user) }]))
    })
  })

  afterAll(async () => {
    for (const connection of connections) await connection.close().catch(() => undefined)
    // The harness cannot delete the stream on a server that knows only the services (it goes with the server).
    await stack?.stop().catch((error: unknown) => { if (!/authorization/i.test(String(error))) throw error })
    await nats?.kill()
    await postgres?.destroy()
  })

  it('runs the whole stack, each process as its own user: a payment goes from billing to reporting', async () => {
    const call = caller(stack.gatewayUrl)
    const token = (await call('POST', '/login', { body: { username: stack.admin.username, password: stack.admin.password } })).body.access_token as string
    const client = await call('POST', '/clients', { token, body: { name: 'Nadia Bus', email: 'nadia@example.com', phone: '555 0199' } })
    expect(client.status, client.text).toBe(201)
    const trip = await call('POST', '/trips', { token, body: { client_id: client.body.id, destination: 'Oslo', start_date: '2027-03-01', end_date: '2027-03-05', price: '900.00' } })
    expect(trip.status, trip.text).toBe(201)
    // billing asks crm about the trip over crm.query.trip if its event has not arrived yet: both may.
    const invoice = await call('POST', '/invoices', { token, body: { trip_id: trip.body.id, due_date: '2027-02-01', amount: '900.00' } })
    expect(invoice.status, invoice.text).toBe(201)
    const payment = await call('POST', '/payments', { token, body: { invoice_id: invoice.body.id, amount: '250.00', payment_method: 'card' } })
    expect(payment.status, payment.text).toBe(201)
    await eventually(async () => {
      const details = await call('GET', `/clients/${client.body.id as number}/details`, { token })
      expect(details.status).toBe(200)
      expect(JSON.stringify(details.body)).toContain('250.00')
    })
  })

  it('streams the web app\'s live events through the gateway, which reads them as its own user', async () => {
    const call = caller(stack.gatewayUrl)
    const token = (await call('POST', '/login', { body: { username: stack.admin.username, password: stack.admin.password } })).body.access_token as string
    const abort = new AbortController()
    const timer = setTimeout(() => { abort.abort() }, 15_000)
    try {
      const live = await fetch(`${stack.gatewayUrl}/live`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal })
      expect(live.status).toBe(200)
      const client = await call('POST', '/clients', { token, body: { name: 'Lars Live', email: 'lars@example.com', phone: '555 0142' } })
      expect(client.status, client.text).toBe(201)
      const reader = live.body!.pipeThrough(new TextDecoderStream()).getReader()
      let seen = ''
      while (!seen.includes('event: crm.client.created')) {
        const { value, done } = await reader.read()
        if (done) break
        seen += value
      }
      expect(seen).toContain(`"subject":"client/${client.body.id as number}"`)
    } finally {
      clearTimeout(timer)
      abort.abort()
    }
  })

  it('refuses a client without a password or with a wrong one', async () => {
    await expect(connect({ servers: nats.url, timeout: 3000 })).rejects.toThrow(/authorization/i)
    await expect(connect({ servers: nats.url, user: 'crm', pass: 'guessed', timeout: 3000 })).rejects.toThrow(/authorization/i)
  })

  it('lets crm publish its own events but not a billing payment, nor the gateway anything', async () => {
    const reader = jetstreamManager(await connectAs('billing'))
    const stored = async (subject: string): Promise<boolean> => {
      try {
        return (await (await reader).streams.getMessage(stack.environment.stream, { last_by_subj: subject })) !== null
      } catch (error) {
        if (/no message found/i.test(String(error))) return false
        throw error
      }
    }
    const envelope = (type: string) => JSON.stringify({ specversion: '1.0', id: crypto.randomUUID(), source: 'travel-crm/crm', type, time: new Date().toISOString(), subject: 'payment/1', datacontenttype: 'application/json', data: { id: 1 } })

    const crm = jetstream(await connectAs('crm'), { timeout: 2000 })
    expect((await crm.publish('crm.note.deleted', envelope('crm.note.deleted'))).seq).toBeGreaterThan(0)
    await expect(crm.publish('billing.payment.recorded', envelope('billing.payment.recorded'))).rejects.toThrow()
    const gateway = jetstream(await connectAs('gateway'), { timeout: 2000 })
    await expect(gateway.publish('auth.user.updated', envelope('auth.user.updated'))).rejects.toThrow()
    expect(await stored('crm.note.deleted')).toBe(true)
    expect(await stored('billing.payment.recorded')).toBe(true) // the real one from the test above
    const last = await (await reader).streams.getMessage(stack.environment.stream, { last_by_subj: 'billing.payment.recorded' })
    expect(last?.json<{ source: string }>().source).toBe('travel-crm/billing')
    expect(await stored('auth.user.updated')).toBe(false)
  })
})
