import type { FastifyReply } from 'fastify'
import { Problem } from '@travel-crm/contracts'
import { etagOf } from '@travel-crm/service-kit'

/** Problem+json responses a route documents, by status. */
export function problems (...statuses: number[]): Record<number, typeof Problem> {
  return Object.fromEntries([400, 401, 403, ...statuses].map((status) => [status, Problem]))
}

/** The version is the entity tag: a client sends it back in `If-Match` to change what it has read. */
export function tagged (reply: FastifyReply, version: number): FastifyReply {
  return reply.header('etag', etagOf(version))
}
