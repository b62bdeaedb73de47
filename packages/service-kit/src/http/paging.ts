import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * The list convention of every service: the body stays a plain JSON array (as the original API's), the total
 * travels in `X-Total-Count` and the next page, when there are rows past this one, in a `Link` header that
 * keeps the caller's other query parameters.
 */
export function paged (request: FastifyRequest, reply: FastifyReply, total: number, window: { limit: number, offset: number }): FastifyReply {
  void reply.header('x-total-count', String(total))
  if (window.offset + window.limit < total) {
    // Only the path and query of this URL are used; the origin is a placeholder the URL parser needs.
    const next = new URL(request.url, 'http://service.invalid')
    next.searchParams.set('limit', String(window.limit))
    next.searchParams.set('offset', String(window.offset + window.limit))
    void reply.header('link', `<${next.pathname}${next.search}>; rel="next"`)
  }
  return reply
}
