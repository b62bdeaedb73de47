import type { FastifyReply } from 'fastify'
import { Problem } from '@travel-crm/contracts'

/** Problem+json responses a route documents, by status. */
export function problems (...statuses: number[]): Record<number, typeof Problem> {
  return Object.fromEntries([400, ...statuses].map((status) => [status, Problem]))
}

/** Tokens must not be kept by browsers or intermediaries. */
export function uncached (reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
}
