import { Type } from 'typebox'
import { IdParams, Traveller, TravellerCreate, TravellerListQuery, TravellerParams, TravellerPatch, type Role } from '@travel-crm/contracts'
import { actorOf, noContent, paged, problemResponses, tagged } from '@travel-crm/service-kit/http'
import type { Keyring } from '@travel-crm/service-kit/data'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import type { EntityManager } from '@mikro-orm/postgresql'
import { travellerPayload, type Traveller as TravellerRow } from '../entities/traveller.js'
import { openPassport, passportShownTo, passportWarnings, sealedAnswers } from '../passports.js'
import { CrmProblems } from '../problems.js'
import { addTraveller, listTravellers, readTraveller, removeTraveller, updateTraveller } from '../travellers.js'
import { readTrip } from '../trips.js'

export const travellerRoutes = servicePlugin<{ passportKeys: Keyring }>(async (app, { passportKeys }) => {
  async function travellerView (em: EntityManager, traveller: TravellerRow, role: Role): Promise<Traveller> {
    const [view] = await travellerViews(em, traveller.tripId, [traveller], role)
    return view as Traveller
  }

  /** Travellers as `role` may read them: the passport number whole or masked, each one's warning against its trip. */
  async function travellerViews (em: EntityManager, tripId: number, travellers: TravellerRow[], role: Role): Promise<Traveller[]> {
    const trip = travellers.length === 0 ? undefined : await readTrip(em, tripId)
    return travellers.map((traveller) => {
      const { has_passport_number: _hasPassportNumber, ...payload } = travellerPayload(traveller)
      return {
        ...payload,
        passport_number: passportShownTo(role, openPassport(passportKeys, traveller)),
        warnings: trip === undefined ? [] : passportWarnings(trip.endDate, [traveller])
      }
    })
  }

  app.get('/trips/:id/travellers', {
    schema: { params: IdParams, querystring: TravellerListQuery, response: { 200: Type.Array(Traveller), ...problemResponses(404) } }
  }, async (request, reply) => {
    const em = app.orm.em.fork()
    const { rows, total } = await listTravellers(em, request.params.id, request.query)
    return paged(request, reply, total, request.query).send(await travellerViews(em, request.params.id, rows, actorOf(request).role))
  })

  app.post('/trips/:id/travellers', {
    schema: { params: IdParams, body: TravellerCreate, response: { 201: Traveller, ...problemResponses(404, 409, 422) } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const traveller = await addTraveller(em, events, changeOf(request, CrmProblems.staleVersion), passportKeys, request.params.id, request.body)
    return createdResponse(`/trips/${traveller.tripId}/travellers/${traveller.id}`, traveller.version, await travellerView(em, traveller, actorOf(request).role))
  }, { sealing: sealedAnswers(passportKeys) }))

  app.get('/trips/:id/travellers/:travellerId', {
    schema: { params: TravellerParams, response: { 200: Traveller, ...problemResponses(404) } }
  }, async (request, reply) => {
    const { id, travellerId } = request.params
    const em = app.orm.em.fork()
    const traveller = await readTraveller(em, id, travellerId)
    return tagged(reply, traveller.version).send(await travellerView(em, traveller, actorOf(request).role))
  })

  app.patch('/trips/:id/travellers/:travellerId', {
    schema: { params: TravellerParams, body: TravellerPatch, response: { 200: Traveller, ...problemResponses(404, 409, 412) } }
  }, async (request, reply) => {
    const { id, travellerId } = request.params
    const change = changeOf(request, CrmProblems.staleVersion)
    const traveller = await app.transact(change.origin, async (em, events) =>
      await updateTraveller(em, events, change, passportKeys, id, travellerId, request.body))
    return tagged(reply, traveller.version).send(await travellerView(app.orm.em.fork(), traveller, actorOf(request).role))
  })

  app.delete('/trips/:id/travellers/:travellerId', {
    schema: { params: TravellerParams, response: { 204: Type.Null(), ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const { id, travellerId } = request.params
    const change = changeOf(request, CrmProblems.staleVersion)
    await app.transact(change.origin, async (em, events) => { await removeTraveller(em, events, id, travellerId, change) })
    return noContent(reply)
  })
})
