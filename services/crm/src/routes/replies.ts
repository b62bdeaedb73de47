import type { FastifyReply } from 'fastify'
import { etagOf } from '@travel-crm/service-kit'

/** The version is the entity tag: a client sends it back in `If-Match` to change what it has read. */
export function tagged (reply: FastifyReply, version: number): FastifyReply {
  return reply.header('etag', etagOf(version))
}
