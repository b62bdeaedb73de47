import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * The list conventions of every service: the total in `X-Total-Count`, the next page in a `Link` header
 * that keeps the caller's other query parameters.
 */
export function describePage (request: FastifyRequest, reply: FastifyReply, page: { limit: number, offset: number }, shown: number, total: number): void {
  void reply.header('x-total-count', String(total))
  if (page.offset + shown >= total) return
  const next = new URL(request.url, 'http://reporting')
  next.searchParams.set('limit', String(page.limit))
  next.searchParams.set('offset', String(page.offset + page.limit))
  void reply.header('link', `<${next.pathname}${next.search}>; rel="next"`)
}
