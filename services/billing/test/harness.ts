import { vi } from 'vitest'
import type { Msg } from '@nats-io/transport-node'
import { QUERY_SUBJECTS, type ClientPayload, type CloudEvent, type EventSubject, type Invoice, type Payment, type TripPayload } from '@travel-crm/contracts'
import { buildEnvelope, connectBus, type Bus, type ServiceApp } from '@travel-crm/service-kit/messaging'
import { createServiceEnvironment, followStream, startTokenIssuer, type ServiceEnvironment, type StreamFollower, type TestRole, type TokenIssuer } from '@travel-crm/testkit'
import { buildApp, type BillingOptions } from '../src/app.js'
import { loadConfig } from '../src/config.js'

/**
 * crm as billing meets it: a real NATS peer that answers `crm.query.trip` from the trips it holds and
 * publishes `crm.trip.*` CloudEvents into the test's stream.
 */
export class CrmPeer {
  readonly trips = new Map<number, TripPayload>()
  /** Trips crm is too slow to answer about (the question times out). */
  readonly silentAbout = new Set<number>()
  questions = 0
  /** What crm does before it answers a question about a trip (a test looking at billing meanwhile). */
  beforeAnswering: ((tripId: number) => Promise<void>) | undefined
  private nextId = 1
  private nextClientId = 500

  constructor (readonly bus: Bus) {
    bus.nc.subscribe(bus.subject(QUERY_SUBJECTS.trip), {
      callback: (_error, message) => {
        this.questions += 1
        const { id } = message.json<{ id: number }>()
        if (this.silentAbout.has(id)) return
        void this.answer(id, message)
      }
    })
  }

  private async answer (id: number, message: Msg): Promise<void> {
    await this.beforeAnswering?.(id)
    const trip = this.trips.get(id)
    message.respond(JSON.stringify(trip === undefined
      ? { found: false }
      : { found: true, trip: { id: trip.id, client_id: trip.client_id, destination: trip.destination, currency: trip.currency, start_date: trip.start_date, version: trip.version, archived: trip.archived_at != null } }))
  }

  /** A trip crm has just created; billing has not heard of it yet. */
  aTrip (fields: Partial<TripPayload> = {}): TripPayload {
    const now = new Date().toISOString()
    const trip: TripPayload = {
      id: this.nextId++,
      client_id: 7,
      destination: 'Lisbon',
      start_date: '2030-06-01',
      end_date: '2030-06-08',
      price: '1250.00',
      currency: 'EUR',
      notes: null,
      created_at: now,
      updated_at: now,
      created_by: 2,
      updated_by: 2,
      version: 1,
      ...fields
    }
    this.trips.set(trip.id, trip)
    return trip
  }

  /** Publishes a crm.trip.* event as crm's outbox relay would; returns the envelope. */
  async announce (subject: EventSubject, trip: TripPayload, actorId = '2'): Promise<CloudEvent> {
    const envelope = buildEnvelope('crm', { subject, about: `trip/${trip.id}`, data: trip }, { actorId })
    await this.republish(envelope)
    return envelope
  }

  /** A client crm has just created, announced on the stream as crm's relay would. */
  async aClient (fields: Partial<ClientPayload> = {}): Promise<ClientPayload> {
    const now = new Date().toISOString()
    const client: ClientPayload = {
      id: this.nextClientId++,
      name: 'Ana Pereira',
      email: 'ana.pereira@example.com',
      phone: '+351 21 555 0142',
      company: null,
      created_at: now,
      updated_at: now,
      created_by: 2,
      updated_by: 2,
      version: 1,
      ...fields
    }
    await this.republish(buildEnvelope('crm', { subject: 'crm.client.created', about: `client/${client.id}`, data: client }, { actorId: '2' }))
    return client
  }

  /** Publishes an envelope again under a new message id: a redelivery billing must not apply twice. */
  async republish (envelope: CloudEvent): Promise<void> {
    await this.bus.js.publish(this.bus.subject(envelope.type), JSON.stringify(envelope))
  }
}

/** Every `billing.*` event in the test's stream, in stream order, as an integrator would read them. */
export class EventFeed {
  private constructor (private readonly follower: StreamFollower) {}

  static async follow (natsUrl: string, bus: Bus): Promise<EventFeed> {
    return new EventFeed(await followStream(natsUrl, bus.stream, bus.subject('billing.>')))
  }

  get events (): CloudEvent[] {
    return this.follower.events.map((stored) => stored.event)
  }

  /** The subject each event arrived on, as NATS carried it (with the test's prefix). */
  get wireSubjects (): string[] {
    return this.follower.events.map((stored) => stored.subject)
  }

  /** Events about one record (`payment/3`), in order. */
  about (subject: string): CloudEvent[] {
    return this.events.filter((event) => event.subject === subject)
  }

  /** Waits until an event matching `match` is in the feed and returns it. */
  async waitFor (match: (event: CloudEvent) => boolean): Promise<CloudEvent> {
    return await vi.waitFor(() => {
      const found = this.events.find(match)
      if (found === undefined) throw new Error('the event has not arrived yet')
      return found
    }, { timeout: 10_000, interval: 20 })
  }

  async stop (): Promise<void> {
    await this.follower.stop()
  }
}

export interface Billing {
  app: ServiceApp
  environment: ServiceEnvironment
  crm: CrmPeer
  feed: EventFeed
  issuer: TokenIssuer
  /** Authorization header of a user with this role. */
  as: (role: TestRole) => { authorization: string }
  /** Issues an invoice through the API (for a new trip unless one is given) and returns it. */
  anInvoice: (fields?: { trip?: TripPayload, amount?: string | number, issue_date?: string, due_date?: string }) => Promise<Invoice>
  /** Records a payment through the API and returns it. */
  aPayment: (invoiceId: number, amount: string | number, fields?: { payment_date?: string, payment_method?: string }) => Promise<Payment>
  /** Row count of a table in the billing schema. */
  count: (table: 'invoice' | 'payment' | 'outbox' | 'idempotency_key' | 'trip' | 'inbox') => Promise<number>
  close: () => Promise<void>
}

/** The billing service on its own database and stream, with a crm peer and a feed of what it publishes. */
export async function startBilling (extraEnv: Record<string, string> = {}, options: BillingOptions = {}): Promise<Billing> {
  const environment = await createServiceEnvironment()
  const issuer = await startTokenIssuer()
  const app = await buildApp(loadConfig({ ...environment.env, AUTH_URL: issuer.url, CRM_QUERY_TIMEOUT_MS: '500', ...extraEnv }), options)
  await app.ready()
  const bus = await connectBus({
    url: environment.natsUrl,
    stream: environment.stream,
    subjectPrefix: environment.subjectPrefix,
    name: 'billing-test-peer',
    logger: app.log
  })
  const crm = new CrmPeer(bus)
  const feed = await EventFeed.follow(environment.natsUrl, bus)
  const as = (role: TestRole) => ({ authorization: `Bearer ${issuer.token(role)}` })
  async function created<Body> (url: string, payload: object): Promise<Body> {
    const response = await app.inject({ method: 'POST', url, headers: as('agent'), payload })
    if (response.statusCode !== 201) throw new Error(`POST ${url} answered ${response.statusCode}: ${response.body}`)
    return response.json<Body>()
  }
  return {
    app,
    environment,
    crm,
    feed,
    issuer,
    as,
    anInvoice: async (fields = {}) => await created<Invoice>('/invoices', {
      trip_id: (fields.trip ?? crm.aTrip()).id,
      amount: fields.amount ?? '100.00',
      due_date: fields.due_date ?? '2035-12-31',
      ...(fields.issue_date !== undefined ? { issue_date: fields.issue_date } : {})
    }),
    aPayment: async (invoiceId, amount, fields = {}) => await created<Payment>('/payments', {
      invoice_id: invoiceId,
      amount,
      payment_method: fields.payment_method ?? 'card',
      ...(fields.payment_date !== undefined ? { payment_date: fields.payment_date } : {})
    }),
    count: async (table) => {
      const [row] = await app.orm.em.fork().execute<Array<{ count: string }>>(`select count(*) as count from ${table}`)
      return Number(row?.count)
    },
    close: async () => {
      await feed.stop()
      await bus.close()
      await app.close()
      await issuer.close()
      await environment.cleanup()
    }
  }
}
