import { Value } from 'typebox/value'
import { QUERY_SUBJECTS, TripQueryRequest, type TripQueryReply } from '@travel-crm/contracts'
import { answerQueries, servicePlugin, type ServiceApp } from '@travel-crm/service-kit/messaging'
import { Client } from '../entities/client.js'
import { Trip, tripReference } from '../entities/trip.js'

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
 * Answers `crm.query.trip`, so billing can invoice a trip whose created event it has not seen yet. When the
 * database fails there is no answer, and the caller's timeout says "unavailable" rather than a wrong "not found".
 */
export const tripQueryResponder = servicePlugin(async (app) => {
  answerQueries(app, QUERY_SUBJECTS.trip, 'crm', async (body) => await answer(app, body))
})
