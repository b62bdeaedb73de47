import { Type } from 'typebox'
import { Client, ClientCreate, ClientListQuery, ClientPatch, IdParams, MoneyHistoryProblem } from '@travel-crm/contracts'
import { paged, problemResponses, tagged, noContent } from '@travel-crm/service-kit/http'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import { createClient, deleteClient, listClients, readClient, updateClient } from '../clients.js'
import { clientPayload } from '../entities/client.js'
import { CrmProblems } from '../problems.js'

export const clientRoutes = servicePlugin(async (app) => {
  app.post('/clients', {
    schema: { body: ClientCreate, response: { 201: Client, ...problemResponses(409, 422) } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const client = await createClient(em, events, changeOf(request, CrmProblems.staleVersion), request.body)
    return createdResponse(`/clients/${client.id}`, client.version, clientPayload(client))
  }))

  app.get('/clients', {
    schema: { querystring: ClientListQuery, response: { 200: Type.Array(Client) } }
  }, async (request, reply) => {
    const { rows, total } = await listClients(app.orm.em.fork(), request.query)
    return paged(request, reply, total, request.query).send(rows.map(clientPayload))
  })

  app.get('/clients/:id', {
    schema: { params: IdParams, response: { 200: Client, ...problemResponses(404) } }
  }, async (request, reply) => {
    const client = await readClient(app.orm.em.fork(), request.params.id)
    return tagged(reply, client.version).send(clientPayload(client))
  })

  app.patch('/clients/:id', {
    schema: { params: IdParams, body: ClientPatch, response: { 200: Client, ...problemResponses(404, 409, 412) } }
  }, async (request, reply) => {
    const change = changeOf(request, CrmProblems.staleVersion)
    const client = await app.transact(change.origin, async (em, events) =>
      await updateClient(em, events, change, request.params.id, request.body))
    return tagged(reply, client.version).send(clientPayload(client))
  })

  app.delete('/clients/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problemResponses(404, 412), 409: MoneyHistoryProblem } }
  }, async (request, reply) => {
    const change = changeOf(request, CrmProblems.staleVersion)
    await app.transact(change.origin, async (em, events) => { await deleteClient(em, events, request.params.id, change) })
    return noContent(reply)
  })
})
