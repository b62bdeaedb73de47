import { randomBytes } from 'node:crypto'
import { eventually } from '@travel-crm/testkit'
import { Api, inParallel } from './api.js'
import { FIRST_NAMES, SURNAMES, insertClients } from './loading/crm-clients.js'
import { agencyHistory, historyEvents, historySize } from './loading/agency-history.js'
import { loadIntoReporting } from './loading/reporting-bulk.js'
import { openStream } from './loading/stream.js'
import type { BenchSettings } from './settings.js'
import type { Target } from './target.js'

/** What the loads ask for, made once per bench run and shared by the scenarios that need it. */
export interface Scene {
  /** Clients in crm for reads and searches: 100,000 at full scale. */
  clients: () => Promise<{ ids: number[], count: number, surnames: string[], fullNames: string[] }>
  /** The reporting history: 10,000 clients, 100,000 invoices, 1,000,000 payments at full scale. */
  history: () => Promise<Record<string, number>>
  /** Open invoices in billing with room for a million payments each, for POST /payments. */
  invoices: () => Promise<number[]>
  /**
   * One change that reporting's read models take (a client created through the API), waited for until reporting
   * shows it: the read models' change count moves, so the next pull of an export is read from the database
   * anew instead of downloaded from the file an earlier pull at the same count left.
   */
  changeReporting: () => Promise<void>
  admin: Api
  agent: Api
  analyst: Api
  /** What loading took, for the results file. */
  loading: Record<string, unknown>
}

export const REPORTING_CONSUMER = 'reporting'
const INVOICES_FOR_PAYMENTS = 200

/** The next `count` items of an iterator, leaving the rest in it (a `for…of` that breaks would close it). */
function * take<Item> (items: Iterator<Item>, count: number): Generator<Item> {
  for (let taken = 0; taken < count; taken++) {
    const next = items.next()
    if (next.done === true) return
    yield next.value
  }
}

function once<Value> (make: () => Promise<Value>): () => Promise<Value> {
  let made: Promise<Value> | undefined
  return async () => await (made ??= make())
}

/** Evenly spread over the range and visited out of order, so that reads touch the whole table. */
function spread (first: number, last: number, count: number): number[] {
  const span = last - first + 1
  const taken = Math.min(count, span)
  return Array.from({ length: taken }, (_, index) => first + Math.floor(((index * 7919) % taken) * span / taken))
}

export async function setScene (target: Target, settings: BenchSettings, log: (line: string) => void): Promise<Scene> {
  const admin = await Api.login(target.gatewayUrl, target.admin.username, target.admin.password)
  const [agent, analyst] = await Promise.all([admin.as('agent'), admin.as('analyst')])
  const me = { id: (await admin.call<{ user_id: number }>('GET', '/me')).user_id }
  const tag = randomBytes(4).toString('hex')
  const loading: Record<string, unknown> = {}

  const clients = once(async () => {
    const count = Math.max(100, Math.round(100_000 * settings.scale))
    const started = Date.now()
    let range: { firstId: number, lastId: number }
    if (target.databaseUrl !== undefined) {
      log(`loading ${count} clients into crm (one SQL statement as crm's role)`)
      range = await insertClients(target.databaseUrl, count, me.id, tag)
    } else {
      log(`creating ${count} clients through the API (no DATABASE_URL for the bulk path)`)
      const ids = await inParallel(Array.from({ length: count }, (_, index) => index), 32, async (index) => {
        const name = `${FIRST_NAMES[index % FIRST_NAMES.length]} ${SURNAMES[Math.floor(index / FIRST_NAMES.length) % SURNAMES.length]}`
        const created = await agent.call<{ id: number }>('POST', '/clients', { name, email: `client-${tag}-${index}@example.com`, phone: '+44 20 0000' })
        return created.id
      })
      range = { firstId: Math.min(...ids), lastId: Math.max(...ids) }
    }
    loading['crm_clients'] = { count, seconds: (Date.now() - started) / 1000, path: target.databaseUrl !== undefined ? 'sql' : 'api' }
    const fullNames = SURNAMES.slice(0, 10).map((surname, index) => `${FIRST_NAMES[(index * 7) % FIRST_NAMES.length]} ${surname}`)
    return { ids: spread(range.firstId, range.lastId, 2000), count, surnames: SURNAMES.slice(10, 20), fullNames }
  })

  const history = once(async () => {
    if (target.stream === undefined || target.databaseUrl === undefined) throw new Error('needs DATABASE_URL and the stream (NATS_URL, NATS_STREAM, NATS_SUBJECT_PREFIX) of the stack')
    const size = historySize(settings.scale)
    const events = historyEvents(size)
    // The last payments go through the stream, so that the consumer's own pace is measured on real deliveries.
    const viaStream = settings.historyThroughStream ? events : Math.min(events, Math.max(200, Math.round(10_000 * settings.scale)))
    const history = agencyHistory(size, me.id)
    const result: Record<string, number> = { ...size, events, bulk_events: events - viaStream, stream_events: viaStream }

    let started = Date.now()
    if (viaStream < events) {
      log(`loading ${events - viaStream} events (${size.clients} clients, ${size.trips} trips, ${size.bookings} bookings, ${size.invoices} invoices, payments) into reporting through its projections in bulk`)
      await loadIntoReporting(target.databaseUrl, take(history, events - viaStream), me.id, (applied) => {
        log(`  ${applied} applied (${Math.round(applied / ((Date.now() - started) / 1000))} events/s)`)
      })
      result['bulk_seconds'] = (Date.now() - started) / 1000
      result['bulk_events_per_s'] = Math.round(result['bulk_events'] as number / (result['bulk_seconds'] as number))
    }

    const stream = await openStream(target.stream)
    try {
      await stream.drained(REPORTING_CONSUMER, 600_000)
      log(`publishing ${viaStream} events to ${target.stream.stream} for reporting's consumer`)
      started = Date.now()
      await stream.publish(history, me.id)
      result['publish_seconds'] = (Date.now() - started) / 1000
      await stream.drained(REPORTING_CONSUMER, 3 * 3600_000, (backlog) => {
        const done = viaStream - backlog
        log(`  reporting's consumer applied ${done} of ${viaStream} (${Math.round(done / ((Date.now() - started) / 1000))} events/s)`)
      })
      // The consumer works while the bench publishes: from the first publish to the last event applied.
      result['consumer_seconds'] = (Date.now() - started) / 1000
      result['consumer_events_per_s'] = Math.round(viaStream / (result['consumer_seconds'] as number))
    } finally {
      await stream.close()
    }
    loading['reporting_history'] = result
    log(`reporting history loaded: ${JSON.stringify(result)}`)
    return result
  })

  const invoices = once(async () => {
    const client = await agent.call<{ id: number }>('POST', '/clients', { name: 'Bench Payments Ltd', email: `payments-${tag}@example.com`, phone: '+44 20 7946 0000' })
    const trips = await inParallel(Array.from({ length: 10 }, (_, index) => index), 10, async (index) =>
      await agent.call<{ id: number }>('POST', '/trips', {
        client_id: client.id, destination: `Bench City ${index}`, start_date: '2027-03-01', end_date: '2027-03-10', price: '1000000.00'
      }))
    const made = await inParallel(Array.from({ length: INVOICES_FOR_PAYMENTS }, (_, index) => index), 16, async (index) =>
      await agent.call<{ id: number }>('POST', '/invoices', {
        trip_id: (trips[index % trips.length] as { id: number }).id, issue_date: '2027-01-01', due_date: '2035-12-31', amount: '1000000.00'
      }))
    return made.map((invoice) => invoice.id)
  })

  let changes = 0
  const changeReporting = async () => {
    changes += 1
    const created = await agent.call<{ id: number }>('POST', '/clients', { name: `Bench Change ${changes}`, email: `change-${tag}-${changes}@example.com`, phone: '+44 20 0000' })
    await eventually(async () => { await analyst.call('GET', `/clients/${created.id}/details`) }, 30_000, 50)
  }

  return { clients, history, invoices, changeReporting, admin, agent, analyst, loading }
}
