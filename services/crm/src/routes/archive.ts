import { ARCHIVE_MOVES, Client, IdParams, Trip } from '@travel-crm/contracts'
import { problemResponses, tagged } from '@travel-crm/service-kit/http'
import { changeOf, servicePlugin } from '@travel-crm/service-kit/messaging'
import { moveClient, moveTrip } from '../archive.js'
import { clientPayload } from '../entities/client.js'
import { CrmProblems } from '../problems.js'
import { tripView } from '../trips.js'

/**
 * `POST /clients/:id/archive` and `/restore`, the same for trips: what a client or trip with money history
 * gets instead of a delete. Archiving twice is not an error; the answer is the record as it stands.
 */
export const archiveRoutes = servicePlugin(async (app) => {
  for (const to of ARCHIVE_MOVES) {
    const action = to === 'archived' ? 'archive' : 'restore'
    app.post(`/clients/:id/${action}`, {
      schema: { params: IdParams, response: { 200: Client, ...problemResponses(404, 412) } }
    }, async (request, reply) => {
      const change = changeOf(request, CrmProblems.staleVersion)
      const client = await app.transact(change.origin, async (em, events) => await moveClient(em, events, request.params.id, to, change))
      return tagged(reply, client.version).send(clientPayload(client))
    })

    app.post(`/trips/:id/${action}`, {
      schema: { params: IdParams, response: { 200: Trip, ...problemResponses(404, 412) } }
    }, async (request, reply) => {
      const change = changeOf(request, CrmProblems.staleVersion)
      const trip = await app.transact(change.origin, async (em, events) => await moveTrip(em, events, request.params.id, to, change))
      return tagged(reply, trip.version).send(await tripView(app.orm.em.fork(), trip))
    })
  }
})
