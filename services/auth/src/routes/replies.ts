import type { FastifyReply, FastifyRequest } from 'fastify'
import { Problem } from '@travel-crm/contracts'

/** Problem+json responses a route documents, by status. */
export function problems (...statuses: number[]): Record<number, typeof Problem> {
  return Object.fromEntries([400, ...statuses].map((status) => [status, Problem]))
}

/** Lists stay a JSON array; the total and the next page travel in headers. */
export function paged (request: FastifyRequest, reply: FastifyReply, page: { total: number, limit: number, offset: number }): FastifyReply {
  void reply.header('x-total-count', String(page.total))
  if (page.offset + page.limit < page.total) {
    const next = new URL(request.url, 'http://auth.invalid')
    next.searchParams.set('limit', String(page.limit))
    next.searchParams.set('offset', String(page.offset + page.limit))
    void reply.header('link', `<${next.pathname}${next.search}>; rel="next"`)
  }
  return reply
}

/** Tokens must not be kept by browsers or intermediaries. */
export function uncached (reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
}
