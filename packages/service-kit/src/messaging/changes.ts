import type { FastifyRequest } from 'fastify'
import { actorOf } from '../http/authorization.js'
import type { CloudEvent } from '@travel-crm/contracts'
import { ifMatchPrecondition, noPrecondition, type Precondition, type StaleVersionProblem } from '../http/preconditions.js'
import type { EventOrigin } from './outbox.js'

/** The origin of the events a request causes: who, which request, which trace. */
export function originOf (request: FastifyRequest): EventOrigin {
  const traceparent = request.headers['traceparent']
  return {
    actorId: request.actor === undefined ? undefined : String(request.actor.id),
    requestId: request.id,
    traceparent: typeof traceparent === 'string' ? traceparent : undefined
  }
}

/**
 * A change to a record, as every service makes one: who makes it (the audit columns), when, the version the
 * caller expects (a strong `If-Match`, refused with the service's own stale-version code) and the origin its
 * events carry.
 */
export interface Change {
  /** The user; null for a change another service's event causes without naming one. */
  actorId: number | null
  now: Date
  precondition: Precondition
  origin: EventOrigin
}

/** The change a request makes; `stale` is the service's refusal of an `If-Match` that is no longer current. */
export function changeOf (request: FastifyRequest, stale: StaleVersionProblem): Change {
  return {
    actorId: actorOf(request).id,
    now: new Date(),
    precondition: ifMatchPrecondition(request.headers['if-match'], stale),
    origin: originOf(request)
  }
}

/**
 * The change another service's event causes: in the name of whoever made the change there, with no version to
 * expect, its own events carrying the event's origin.
 */
export function changeCausedBy (event: CloudEvent): Change {
  const actorId = Number(event.actorid)
  return {
    actorId: Number.isSafeInteger(actorId) && actorId > 0 ? actorId : null,
    now: new Date(),
    precondition: noPrecondition,
    origin: { actorId: event.actorid, requestId: event.requestid, traceparent: event.traceparent }
  }
}
