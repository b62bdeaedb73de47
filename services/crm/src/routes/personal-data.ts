import { ClientErase, ClientErasure, IdParams, PersonalData } from '@travel-crm/contracts'
import type { Keyring } from '@travel-crm/service-kit/data'
import { problemResponses } from '@travel-crm/service-kit/http'
import { changeOf, servicePlugin } from '@travel-crm/service-kit/messaging'
import { eraseClient } from '../erasure.js'
import { personalDataOf } from '../personal-data.js'
import { CrmProblems } from '../problems.js'

/** The client's rights under the GDPR: to see everything held about them, and to be forgotten. */
export const personalDataRoutes = servicePlugin<{ passportKeys: Keyring }>(async (app, { passportKeys }) => {
  app.get('/clients/:id/personal-data', {
    schema: { params: IdParams, response: { 200: PersonalData, ...problemResponses(404, 503) } }
  }, async (request) => await personalDataOf(app, app.orm.em.fork(), passportKeys, request.params.id))

  app.post('/clients/:id/erase', {
    schema: { params: IdParams, body: ClientErase, response: { 200: ClientErasure, ...problemResponses(404, 412) } }
  }, async (request) => {
    const change = changeOf(request, CrmProblems.staleVersion)
    return await app.transact(change.origin, async (em, events) =>
      await eraseClient(em, events, change, passportKeys, request.params.id, request.body.reason.trim()))
  })
})
