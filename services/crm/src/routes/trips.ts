import { Type, type Static } from 'typebox'
import { IdParams, Trip, TripCreate, TripListQuery, TripPatch } from '@travel-crm/contracts'
import { createdResponse, originOf, paged, problemResponses, respondOnce, type ServiceApp } from '@travel-crm/service-kit'
import { tripPayload } from '../entities/trip.js'
import { createTrip, deleteTrip, listTrips, readTrip, updateTrip } from '../trips.js'
import { tagged } from './replies.js'
import { ifMatch, userOf } from './requests.js'

type IdParams = Static<typeof IdParams>

export async function tripRoutes (app: ServiceApp, defaultCurrency: string): Promise<void> {
  app.post<{ Body: TripCreate }>('/trips', {
    schema: { body: TripCreate, response: { 201: Trip, ...problemResponses(404, 409, 422) } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const trip = await createTrip(em, events, userOf(request), request.body, defaultCurrency)
    return createdResponse(`/trips/${trip.id}`, trip.version, tripPayload(trip))
  }))

  app.get<{ Querystring: TripListQuery }>('/trips', {
    schema: { querystring: TripListQuery, response: { 200: Type.Array(Trip) } }
  }, async (request, reply) => {
    const { rows, total } = await listTrips(app.orm.em.fork(), request.query)
    return paged(request, reply, total, request.query).send(rows.map(tripPayload))
  })

  app.get<{ Params: IdParams }>('/trips/:id', {
    schema: { params: IdParams, response: { 200: Trip, ...problemResponses(404) } }
  }, async (request, reply) => {
    const trip = await readTrip(app.orm.em.fork(), request.params.id)
    return tagged(reply, trip.version).send(tripPayload(trip))
  })

  app.patch<{ Params: IdParams, Body: TripPatch }>('/trips/:id', {
    schema: { params: IdParams, body: TripPatch, response: { 200: Trip, ...problemResponses(404, 409, 412) } }
  }, async (request, reply) => {
    const trip = await app.transact(originOf(request), async (em, events) =>
      await updateTrip(em, events, userOf(request), request.params.id, request.body, ifMatch(request)))
    return tagged(reply, trip.version).send(tripPayload(trip))
  })

  app.delete<{ Params: IdParams }>('/trips/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    await app.transact(originOf(request), async (em, events) => { await deleteTrip(em, events, request.params.id, ifMatch(request)) })
    return reply.code(204).send()
  })
}
