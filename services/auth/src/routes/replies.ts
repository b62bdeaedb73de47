import type { FastifyReply } from 'fastify'

/** Tokens must not be kept by browsers or intermediaries. */
export function uncached (reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
}
