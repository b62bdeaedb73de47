import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream'
import type { ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { STREAM_SUBJECT_ROOTS, type Role } from '@travel-crm/contracts'
import { accessGuard, bearerToken, problemBody, sendProblem, type TokenVerifier } from '@travel-crm/service-kit/http'
import { connectBus, type Bus } from '@travel-crm/service-kit/bus'
import type { GatewayConfig } from './config.js'
import type { Limiters } from './security.js'

export const LIVE_EVENTS_PATH = '/live'

/** The roots every role reads through the API anyway: clients, trips, notes, invoices and payments. */
const EVERY_ROLE_WATCHES: readonly string[] = ['crm', 'billing']

/**
 * Which roots of the event stream a role may watch: what its role may read through the API anyway. Users
 * (`auth.*`) and webhook endpoints (`webhooks.*`) are for admins only, and so is any root added later until
 * it is named above: a new producer is not shown to everyone by default.
 */
export function mayWatch (role: Role, catalogueSubject: string): boolean {
  const root = catalogueSubject.split('.')[0] as (typeof STREAM_SUBJECT_ROOTS)[number]
  if (!STREAM_SUBJECT_ROOTS.includes(root)) return false
  return role === 'admin' || EVERY_ROLE_WATCHES.includes(root)
}

/** `Last-Event-ID` is the stream sequence of the last event the browser saw: resume right after it. */
export function resumeFrom (lastEventId: string | string[] | undefined): { deliver_policy: DeliverPolicy, opt_start_seq?: number } {
  const sequence = typeof lastEventId === 'string' && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined
  return sequence === undefined ? { deliver_policy: DeliverPolicy.New } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: sequence + 1 }
}

/** When the access token expires (it was verified already): the stream ends then, and the app reconnects with a fresh one. */
function expiryOf (request: FastifyRequest): number {
  const payload = bearerToken(request)?.split('.')[1] ?? ''
  const exp = Number((JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp)
  return Number.isFinite(exp) ? exp * 1000 : Date.now()
}

/**
 * `GET /live`: the event stream as Server-Sent Events, for the web app to refresh what it shows. The gateway
 * serves it because it already verifies tokens and knows roles, so nothing reaches a browser that its role may
 * not read. Each connection reads the stream through its own ordered consumer: ephemeral (nothing to clean up
 * when a tab closes), in stream order, and able to start at any sequence, which is what `Last-Event-ID` asks.
 */
export async function registerLiveEvents (app: FastifyInstance, config: GatewayConfig, verify: TokenVerifier, limiters: Limiters): Promise<void> {
  let bus: Promise<Bus> | undefined
  // Connected on the first subscriber, not at start: the gateway serves the API without NATS.
  const busOf = async (): Promise<Bus> => {
    bus ??= connectBus({ url: config.NATS_URL, stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX, name: 'gateway-live', logger: app.log, user: config.NATS_USER, pass: config.NATS_PASSWORD })
      .catch((error: unknown) => { bus = undefined; throw error })
    return await bus
  }
  // Open streams never end by themselves: closing the gateway ends them, then the NATS connection.
  const open = new Set<ServerResponse>()
  app.addHook('onClose', async () => {
    for (const response of open) response.end()
    if (bus !== undefined) await (await bus.catch(() => undefined))?.close()
  })

  app.get(LIVE_EVENTS_PATH, {
    onRequest: [limiters.everyRoute, accessGuard({ roles: ['admin', 'agent', 'analyst'] }, verify, `GET ${LIVE_EVENTS_PATH}`)]
  }, async (request, reply) => {
    const role = request.actor?.role ?? 'analyst'
    let catalogueSubject: Bus['catalogueSubject']
    let messages: ConsumerMessages
    try {
      const bus = await busOf()
      catalogueSubject = bus.catalogueSubject
      const consumer = await bus.js.consumers.get(config.NATS_STREAM, resumeFrom(request.headers['last-event-id']))
      messages = await consumer.consume({ max_messages: 100 })
    } catch (error) {
      // The API works without the event stream; only live updates wait. The app retries on its own.
      request.log.warn({ err: error }, 'live events unavailable')
      void reply.header('retry-after', '5')
      return sendProblem(reply, problemBody(503, 'LIVE_EVENTS_UNAVAILABLE', 'Live updates are unavailable right now', request.url))
    }

    reply.hijack()
    const response = reply.raw
    // Hijacked, the answer is written here: the headers set so far (security, request id) are passed on by hand.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) response.setHeader(name, value)
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no'
    })
    // The browser waits this long before reconnecting after the stream ends.
    response.write('retry: 2000\n\n')

    const heartbeat = setInterval(() => { response.write(': heartbeat\n\n') }, config.LIVE_HEARTBEAT_MS)
    const expiry = setTimeout(() => { response.end() }, Math.max(0, expiryOf(request) - Date.now()))
    const stop = () => {
      clearInterval(heartbeat)
      clearTimeout(expiry)
      void messages.close()
    }
    open.add(response)
    response.once('close', () => { open.delete(response); stop() })

    for await (const message of messages) {
      message.ack()
      const subject = catalogueSubject(message.subject)
      if (!mayWatch(role, subject)) continue
      let event: { id?: unknown, subject?: unknown, data?: unknown }
      try {
        event = message.json()
      } catch {
        continue
      }
      const data = JSON.stringify({ type: subject, id: event.id, subject: event.subject, data: event.data })
      response.write(`id: ${message.seq}\nevent: ${subject}\ndata: ${data}\n\n`)
    }
    stop()
    response.end()
  })
}
