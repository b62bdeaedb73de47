import { Type } from 'typebox'
import {
  DeliveryAttempts, DeliveryListQuery, IdParams, Problem, ReplayQueued, ReplayRequest, SecretRotated, TestSent,
  Webhook, WebhookCreate, WebhookCreated, WebhookListQuery, WebhookPatch
} from '@travel-crm/contracts'
import type {
  DeliveryListQuery as DeliveryListQueryString, ReplayRequest as ReplayBody, WebhookCreate as WebhookCreateBody,
  WebhookListQuery as WebhookListQueryString, WebhookPatch as WebhookPatchBody
} from '@travel-crm/contracts'
import { buildEnvelope, originOf, paged, type ServiceApp } from '@travel-crm/service-kit'
import { RefusedTarget, type AddressPolicy } from '../address-policy.js'
import { listAttempts, queueDeliveries } from '../deliveries.js'
import { deleteEndpoint, endpointPayload, findEndpoint, insertEndpoint, listEndpoints, replaceSecret, updateEndpoint } from '../endpoints.js'
import { patternsMatchingNothing } from '../event-patterns.js'
import { WebhooksProblems } from '../problems.js'
import { replayStream } from '../replay.js'
import { newSigningSecret, type SecretBox } from '../signing-secrets.js'

export interface Webhooks {
  policy: AddressPolicy
  secrets: SecretBox
  secretOverlapMs: number
  /** Tells the dispatcher that deliveries were queued. */
  queued: () => void
}

interface ById { Params: { id: number } }

const problems = { 400: Problem, 404: Problem, 503: Problem }

export function registerWebhookRoutes (app: ServiceApp, webhooks: Webhooks): void {
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

  app.post<{ Body: WebhookCreateBody }>('/webhooks', {
    schema: { body: WebhookCreate, response: { 201: WebhookCreated, ...problems } }
  }, async (request, reply) => {
    const { body } = request
    await checkEndpoint(body)
    const secret = newSigningSecret()
    const endpoint = await app.transact(originOf(request), async (em) => await insertEndpoint(em, {
      url: body.url,
      events: body.events,
      description: body.description ?? null,
      sealedSecret: webhooks.secrets.seal(secret),
      by: request.actor?.id ?? null
    }))
    return await reply.code(201).header('location', `/webhooks/${endpoint.id}`).send({ ...endpointPayload(endpoint), secret })
  })

  app.get<{ Querystring: WebhookListQueryString }>('/webhooks', {
    schema: { querystring: WebhookListQuery, response: { 200: Type.Array(Webhook), 400: Problem } }
  }, async (request, reply) => {
    const { endpoints, total } = await listEndpoints(app.orm.em.fork(), request.query)
    return await paged(request, reply, total, request.query).send(endpoints.map(endpointPayload))
  })

  app.get<ById>('/webhooks/:id', {
    schema: { params: IdParams, response: { 200: Webhook, ...problems } }
  }, async (request) => endpointPayload(await findEndpoint(app.orm.em.fork(), request.params.id)))

  app.patch<ById & { Body: WebhookPatchBody }>('/webhooks/:id', {
    schema: { params: IdParams, body: WebhookPatch, response: { 200: Webhook, ...problems } }
  }, async (request) => {
    await checkEndpoint(request.body)
    const endpoint = await app.transact(originOf(request), async (em) => await updateEndpoint(em, request.params.id, request.body, request.actor?.id ?? null))
    if (request.body.enabled === true) webhooks.queued()
    return endpointPayload(endpoint)
  })

  app.delete<ById>('/webhooks/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problems } }
  }, async (request, reply) => {
    await app.transact(originOf(request), async (em) => { await deleteEndpoint(em, request.params.id) })
    return await reply.code(204).send()
  })

  app.post<ById>('/webhooks/:id/rotate-secret', {
    schema: { params: IdParams, response: { 200: SecretRotated, ...problems } }
  }, async (request) => {
    const secret = newSigningSecret()
    const overlapUntil = new Date(Date.now() + webhooks.secretOverlapMs)
    await app.transact(originOf(request), async (em) => await replaceSecret(em, request.params.id, webhooks.secrets.seal(secret), overlapUntil, request.actor?.id ?? null))
    return { secret, previous_secret_expires_at: overlapUntil.toISOString() }
  })

  app.post<ById>('/webhooks/:id/test', {
    schema: { params: IdParams, response: { 202: TestSent, ...problems } }
  }, async (request, reply) => {
    const ping = await app.transact(originOf(request), async (em) => {
      const endpoint = await findEndpoint(em, request.params.id)
      const event = buildEnvelope('webhooks', { subject: 'webhooks.endpoint.ping', about: `endpoint/${endpoint.id}`, data: endpointPayload(endpoint) }, originOf(request))
      await queueDeliveries(em, [{ id: event.id, type: event.type, body: JSON.stringify(event) }], endpoint)
      return event
    })
    webhooks.queued()
    return await reply.code(202).send({ event_id: ping.id })
  })

  app.get<ById & { Querystring: DeliveryListQueryString }>('/webhooks/:id/deliveries', {
    schema: { params: IdParams, querystring: DeliveryListQuery, response: { 200: DeliveryAttempts, ...problems } }
  }, async (request, reply) => {
    const em = app.orm.em.fork()
    await findEndpoint(em, request.params.id)
    const { attempts, total } = await listAttempts(em, request.params.id, request.query)
    return await paged(request, reply, total, request.query).send(attempts)
  })

  app.post<ById & { Body: ReplayBody }>('/webhooks/:id/replay', {
    schema: { params: IdParams, body: ReplayRequest, response: { 202: ReplayQueued, ...problems } }
  }, async (request, reply) => {
    const endpoint = await findEndpoint(app.orm.em.fork(), request.params.id)
    const replayed = await replayStream(app, endpoint, request.body.since)
    webhooks.queued()
    return await reply.code(202).send(replayed)
  })
}
