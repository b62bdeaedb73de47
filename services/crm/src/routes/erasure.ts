import { ClientErase, ClientErasure, IdParams } from '@travel-crm/contracts'
import { problemResponses } from '@travel-crm/service-kit/http'
import { changeOf, servicePlugin } from '@travel-crm/service-kit/messaging'
import { eraseClient } from '../erasure.js'
import { CrmProblems } from '../problems.js'

export const erasureRoutes = servicePlugin(async (app) => {
  app.post('/clients/:id/erase', {
    schema: { params: IdParams, body: ClientErase, response: { 200: ClientErasure, ...problemResponses(404, 412) } }
  }, async (request) => {
    const change = changeOf(request, CrmProblems.staleVersion)
    return await app.transact(change.origin, async (em, events) =>
      await eraseClient(em, events, change, request.params.id, request.body.reason.trim()))
  })
})
