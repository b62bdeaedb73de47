import type { FastifyRequest } from 'fastify'
import { ifMatchPrecondition, type Precondition } from '@travel-crm/service-kit'
import { StaleVersion } from '../problems.js'

/** The user acting. The policy table gives every crm route a token check, so a missing actor is a wiring bug. */
export function userOf (request: FastifyRequest): number {
  if (request.actor === undefined) throw new Error(`${request.method} ${request.url} ran without an authenticated actor`)
  return request.actor.id
}

/** The request's `If-Match`, refused with crm's own stable code `CRM_STALE_VERSION`. */
export function ifMatch (request: FastifyRequest): Precondition {
  return ifMatchPrecondition(request.headers['if-match'], StaleVersion)
}
