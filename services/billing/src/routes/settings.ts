import { AgencyPayload, AgencySettingsInput, Problem } from '@travel-crm/contracts'
import { tagged } from '@travel-crm/service-kit/http'
import { changeOf, servicePlugin } from '@travel-crm/service-kit/messaging'
import { agencySettings, setAgencySettings } from '../agency.js'
import { BillingProblems } from '../problems.js'

export const settingsRoutes = servicePlugin(async (app) => {
  app.get('/settings/agency', {
    schema: { response: { 200: AgencyPayload, 404: Problem } }
  }, async (_request, reply) => {
    const agency = await agencySettings(app.orm.em.fork())
    if (agency === undefined) throw new BillingProblems.agencyNotSet()
    return await tagged(reply, agency.version).send(agency)
  })

  app.put('/settings/agency', {
    schema: { body: AgencySettingsInput, response: { 200: AgencyPayload, 400: Problem, 412: Problem } }
  }, async (request, reply) => {
    const change = changeOf(request, BillingProblems.staleVersion)
    const agency = await app.transact(change.origin, async (em, events) => await setAgencySettings(em, events, request.body, change))
    return await tagged(reply, agency.version).send(agency)
  })
})
