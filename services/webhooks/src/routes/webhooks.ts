import { Type } from 'typebox'
import {
  DeliveryAttempts, DeliveryListQuery, IdParams, Problem, ReplayQueued, ReplayRequest, SecretRotated, TestSent,
  Webhook, WebhookCreate, WebhookCreated, WebhookListQuery, WebhookPatch
} from '@travel-crm/contracts'
import { noContent, paged, problemResponses, tagged } from '@travel-crm/service-kit/http'
import { buildEnvelope, changeOf, servicePlugin } from '@travel-crm/service-kit/messaging'
import { RefusedTarget, type AddressPolicy } from '../address-policy.js'
import { listAttempts, queueDeliveries } from '../deliveries.js'
import { deleteEndpoint, endpointPayload, findEndpoint, insertEndpoint, listEndpoints, replaceSecret, updateEndpoint } from '../endpoints.js'
import { patternsMatchingNothing } from '../event-patterns.js'
import { WebhooksProblems } from '../problems.js'
import { replayStream } from '../replay.js'
import { newSigningSecret, type SecretBox } from '../signing-secrets.js'

export interface WebhookRouteOptions {
  policy: AddressPolicy
  secrets: SecretBox
  secretOverlapMs: number
  /** Most deliveries one replay queues; the answer's `next_sequence` says where the rest begins. */
  replayMaxDeliveries: number
  /** Tells the dispatcher that deliveries were queued. */
  queued: () => void
}

const problems = problemResponses(400, 404, 412, 503)

export const webhookRoutes = servicePlugin<WebhookRouteOptions>(async (app, webhooks) => {
  /** Refuses what could never be delivered: a URL the SSRF rule refuses, patterns no event matches. */
  async function checkEndpoint (fields: { url?: string, events?: string[] }): Promise<void> {
    if (fields.events !== undefined) {
      const unknown = patternsMatchingNothing(fields.events)
      if (unknown.length > 0) throw new WebhooksProblems.unknownEvents(unknown.join(', '))
    }
    if (fields.url !== undefined) {
      try {
        await webhooks.policy.validate(fields.url)
      } catch (error) {
        if (error instanceof RefusedTarget) throw new WebhooksProblems.urlRefused(error.message)
        throw error
      }
    }
  }

  app.post('/webhooks', {
    schema: { body: WebhookCreate, response: { 201: WebhookCreated, ...problems } }
  }, async (request, reply) => {
    const { body } = request
    await checkEndpoint(body)
    const change = changeOf(request, WebhooksProblems.staleVersion)
    // Not through respondOnce: a remembered answer would keep the signing secret in clear for two days.
    const secret = newSigningSecret()
    const endpoint = await app.transact(change.origin, async (em) => await insertEndpoint(em, {
      url: body.url,
      events: body.events,
      description: body.description ?? null,
      sealedSecret: webhooks.secrets.seal(secret),
      by: change.actorId
    }))
    return await tagged(reply.code(201).header('location', `/webhooks/${endpoint.id}`), endpoint.version).send({ ...endpointPayload(endpoint), secret })
  })

  app.get('/webhooks', {
    schema: { querystring: WebhookListQuery, response: { 200: Type.Array(Webhook), 400: Problem } }
  }, async (request, reply) => {
    const { endpoints, total } = await listEndpoints(app.orm.em.fork(), request.query)
    return await paged(request, reply, total, request.query).send(endpoints.map(endpointPayload))
  })

  app.get('/webhooks/:id', {
    schema: { params: IdParams, response: { 200: Webhook, ...problems } }
  }, async (request, reply) => {
    const endpoint = await findEndpoint(app.orm.em.fork(), request.params.id)
    return await tagged(reply, endpoint.version).send(endpointPayload(endpoint))
  })

  app.patch('/webhooks/:id', {
    schema: { params: IdParams, body: WebhookPatch, response: { 200: Webhook, ...problems } }
  }, async (request, reply) => {
    await checkEndpoint(request.body)
    const change = changeOf(request, WebhooksProblems.staleVersion)
    const endpoint = await app.transact(change.origin, async (em) => await updateEndpoint(em, request.params.id, request.body, change))
    if (request.body.enabled === true) webhooks.queued()
    return await tagged(reply, endpoint.version).send(endpointPayload(endpoint))
  })

  app.delete('/webhooks/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problems } }
  }, async (request, reply) => {
    const change = changeOf(request, WebhooksProblems.staleVersion)
    await app.transact(change.origin, async (em) => { await deleteEndpoint(em, request.params.id, change) })
    return noContent(reply)
  })

  app.post('/webhooks/:id/rotate-secret', {
    schema: { params: IdParams, response: { 200: SecretRotated, ...problems } }
  }, async (request, reply) => {
    const change = changeOf(request, WebhooksProblems.staleVersion)
    const secret = newSigningSecret()
    const overlapUntil = new Date(change.now.getTime() + webhooks.secretOverlapMs)
    const endpoint = await app.transact(change.origin, async (em) => await replaceSecret(em, request.params.id, webhooks.secrets.seal(secret), overlapUntil, change))
    return await tagged(reply, endpoint.version).send({ secret, previous_secret_expires_at: overlapUntil.toISOString() })
  })

  app.post('/webhooks/:id/test', {
    schema: { params: IdParams, response: { 202: TestSent, ...problems } }
  }, async (request, reply) => {
    const change = changeOf(request, WebhooksProblems.staleVersion)
    const ping = await app.transact(change.origin, async (em) => {
      const endpoint = await findEndpoint(em, request.params.id)
      const event = buildEnvelope('webhooks', { subject: 'webhooks.endpoint.ping', about: `endpoint/${endpoint.id}`, data: endpointPayload(endpoint) }, change.origin)
      await queueDeliveries(em, [{ id: event.id, type: event.type, body: JSON.stringify(event) }], endpoint)
      return event
    })
    webhooks.queued()
    return await reply.code(202).send({ event_id: ping.id })
  })

  app.get('/webhooks/:id/deliveries', {
    schema: { params: IdParams, querystring: DeliveryListQuery, response: { 200: DeliveryAttempts, ...problems } }
  }, async (request, reply) => {
    const em = app.orm.em.fork()
    await findEndpoint(em, request.params.id)
    const { attempts, total } = await listAttempts(em, request.params.id, request.query)
    return await paged(request, reply, total, request.query).send(attempts)
  })

  app.post('/webhooks/:id/replay', {
    schema: { params: IdParams, body: ReplayRequest, response: { 202: ReplayQueued, ...problems } }
  }, async (request, reply) => {
    const endpoint = await findEndpoint(app.orm.em.fork(), request.params.id)
    const replayed = await replayStream(app, endpoint, request.body.since, webhooks.replayMaxDeliveries)
    webhooks.queued()
    return await reply.code(202).send(replayed)
  })
})
