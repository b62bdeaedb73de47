import { Value } from 'typebox/value'
import { QUERY_SUBJECTS, TripQueryRequest, type TripQueryReply } from '@travel-crm/contracts'
import { answerQueries, servicePlugin, type ServiceApp } from '@travel-crm/service-kit/messaging'
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
  const trip = await app.orm.em.fork().findOne(Trip, { id: request.id })
  return trip === null ? { found: false } : { found: true, trip: tripReference(trip) }
}

/**
 * Answers `crm.query.trip`, so billing can invoice a trip whose created event it has not seen yet. When the
 * database fails there is no answer, and the caller's timeout says "unavailable" rather than a wrong "not found".
 */
export const tripQueryResponder = servicePlugin(async (app) => {
  answerQueries(app, QUERY_SUBJECTS.trip, 'crm', async (body) => await answer(app, body))
})
