import { Value } from 'typebox/value'
import { QUERY_SUBJECTS, TripQueryRequest, type TripQueryReply } from '@travel-crm/contracts'
import { servicePlugin, type ServiceApp } from '@travel-crm/service-kit/messaging'
import { Client } from '../entities/client.js'
import { Trip, tripReference } from '../entities/trip.js'

type Subscription = ReturnType<ServiceApp['bus']['nc']['subscribe']>

function parse (body: string): TripQueryRequest | undefined {
  try {
    const request: unknown = JSON.parse(body)
    return Value.Check(TripQueryRequest, request) ? request : undefined
  } catch {
    return undefined
  }
}

async function answer (app: ServiceApp, body: string): Promise<TripQueryReply> {
  const request = parse(body)
  if (request === undefined) return { found: false }
  const em = app.orm.em.fork()
  const trip = await em.findOne(Trip, { id: request.id })
  if (trip === null) return { found: false }
  const client = await em.findOne(Client, { id: trip.clientId })
  return { found: true, trip: tripReference(trip, client?.archivedAt != null) }
}

/**
 * Answers `crm.query.trip`, so billing can invoice a trip whose created event it has not seen yet. Replicas
 * share the queue group `crm`: each question gets one answer. When the database fails there is no answer,
 * and the caller's timeout says "unavailable" rather than a wrong "not found".
 */
export const tripQueryResponder = servicePlugin(async (app) => {
  let subscription: Subscription | undefined
  const answering = new Set<Promise<void>>()
  app.addHook('onReady', async () => {
    subscription = app.bus.nc.subscribe(app.bus.subject(QUERY_SUBJECTS.trip), {
      queue: 'crm',
      callback: (error, message) => {
        if (error !== null) {
          app.log.warn({ err: error }, 'trip query subscription failed')
          return
        }
        const work = answer(app, message.string())
          .then((reply) => { message.respond(JSON.stringify(reply)) })
          .catch((failure: unknown) => { app.log.error({ err: failure }, 'trip query could not be answered') })
          .finally(() => { answering.delete(work) })
        answering.add(work)
      }
    })
    await app.bus.nc.flush()
  })
  // preClose runs before the kit's onClose closes NATS and the database: take no new questions, answer the
  // ones already taken.
  app.addHook('preClose', async () => {
    if (subscription !== undefined && !subscription.isClosed()) await subscription.drain().catch(() => undefined)
    await Promise.allSettled([...answering])
  })
})
