import { Type } from 'typebox'
import { IdParams, MoneyHistoryProblem, Trip, TripCreate, TripListQuery, TripPatch } from '@travel-crm/contracts'
import { paged, problemResponses, tagged, noContent } from '@travel-crm/service-kit/http'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import { CrmProblems } from '../problems.js'
import { createTrip, deleteTrip, listTrips, readTrip, tripView, tripViews, updateTrip } from '../trips.js'

export const tripRoutes = servicePlugin<{ defaultCurrency: string }>(async (app, { defaultCurrency }) => {
  app.post('/trips', {
    schema: { body: TripCreate, response: { 201: Trip, ...problemResponses(404, 409, 422) } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const trip = await createTrip(em, events, changeOf(request, CrmProblems.staleVersion), request.body, defaultCurrency)
    return createdResponse(`/trips/${trip.id}`, trip.version, await tripView(em, trip))
  }))

  app.get('/trips', {
    schema: { querystring: TripListQuery, response: { 200: Type.Array(Trip) } }
  }, async (request, reply) => {
    const em = app.orm.em.fork()
    const { rows, total } = await listTrips(em, request.query)
    return paged(request, reply, total, request.query).send(await tripViews(em, rows))
  })

  app.get('/trips/:id', {
    schema: { params: IdParams, response: { 200: Trip, ...problemResponses(404) } }
  }, async (request, reply) => {
    const em = app.orm.em.fork()
    const trip = await readTrip(em, request.params.id)
    return tagged(reply, trip.version).send(await tripView(em, trip))
  })

  app.patch('/trips/:id', {
    schema: { params: IdParams, body: TripPatch, response: { 200: Trip, ...problemResponses(404, 409, 412) } }
  }, async (request, reply) => {
    const change = changeOf(request, CrmProblems.staleVersion)
    const trip = await app.transact(change.origin, async (em, events) =>
      await updateTrip(em, events, change, request.params.id, request.body))
    return tagged(reply, trip.version).send(await tripView(app.orm.em.fork(), trip))
  })

  app.delete('/trips/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problemResponses(404, 412), 409: MoneyHistoryProblem } }
  }, async (request, reply) => {
    const change = changeOf(request, CrmProblems.staleVersion)
    await app.transact(change.origin, async (em, events) => { await deleteTrip(em, events, request.params.id, change) })
    return noContent(reply)
  })
})
