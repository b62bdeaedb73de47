import type { FastifyReply, FastifyRequest } from 'fastify'
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

export function created (reply: FastifyReply, location: string, version: number): FastifyReply {
  return tagged(reply.code(201).header('location', location), version)
}

/** The body stays a plain array (as the original API's); the total and the next page travel in headers. */
export function paged (request: FastifyRequest, reply: FastifyReply, page: { total: number, limit: number, offset: number }): FastifyReply {
  void reply.header('x-total-count', String(page.total))
  if (page.offset + page.limit < page.total) {
    const next = new URL(request.url, 'http://crm.invalid')
    next.searchParams.set('limit', String(page.limit))
    next.searchParams.set('offset', String(page.offset + page.limit))
    void reply.header('link', `<${next.pathname}${next.search}>; rel="next"`)
  }
  return reply
}
