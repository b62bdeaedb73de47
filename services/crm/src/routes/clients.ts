import { Type, type Static } from 'typebox'
import { Client, ClientCreate, ClientListQuery, ClientPatch, IdParams } from '@travel-crm/contracts'
import { createdResponse, originOf, paged, problemResponses, respondOnce, type ServiceApp } from '@travel-crm/service-kit'
import { createClient, deleteClient, listClients, readClient, updateClient } from '../clients.js'
import { clientPayload } from '../entities/client.js'
import { tagged } from './replies.js'
import { ifMatch, userOf } from './requests.js'

type IdParams = Static<typeof IdParams>

export async function clientRoutes (app: ServiceApp): Promise<void> {
  app.post<{ Body: ClientCreate }>('/clients', {
    schema: { body: ClientCreate, response: { 201: Client, ...problemResponses(409, 422) } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const client = await createClient(em, events, userOf(request), request.body)
    return createdResponse(`/clients/${client.id}`, client.version, clientPayload(client))
  }))

  app.get<{ Querystring: ClientListQuery }>('/clients', {
    schema: { querystring: ClientListQuery, response: { 200: Type.Array(Client) } }
  }, async (request, reply) => {
    const { rows, total } = await listClients(app.orm.em.fork(), request.query)
    return paged(request, reply, total, request.query).send(rows.map(clientPayload))
  })

  app.get<{ Params: IdParams }>('/clients/:id', {
    schema: { params: IdParams, response: { 200: Client, ...problemResponses(404) } }
  }, async (request, reply) => {
    const client = await readClient(app.orm.em.fork(), request.params.id)
    return tagged(reply, client.version).send(clientPayload(client))
  })

  app.patch<{ Params: IdParams, Body: ClientPatch }>('/clients/:id', {
    schema: { params: IdParams, body: ClientPatch, response: { 200: Client, ...problemResponses(404, 409, 412) } }
  }, async (request, reply) => {
    const client = await app.transact(originOf(request), async (em, events) =>
      await updateClient(em, events, userOf(request), request.params.id, request.body, ifMatch(request)))
    return tagged(reply, client.version).send(clientPayload(client))
  })

  app.delete<{ Params: IdParams }>('/clients/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    await app.transact(originOf(request), async (em, events) => { await deleteClient(em, events, request.params.id, ifMatch(request)) })
    return reply.code(204).send()
  })
}
