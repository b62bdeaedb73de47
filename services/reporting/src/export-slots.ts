import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { problemBody, sendProblem } from '@travel-crm/service-kit/http'
import { ReportingProblems } from './problems.js'

/**
 * At most `size` exports stream at once in one process: each holds a connection of the exports pool while
 * its client downloads. One more is refused at once, 503 with Retry-After, rather than queued for a
 * connection after its 200 and headers have gone out.
 */
export function exportSlots (size: number): preHandlerAsyncHookHandler {
  let streaming = 0
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url?.endsWith('/export') !== true) return
    if (streaming >= size) {
      void reply.header('retry-after', '5')
      // Sent here, not thrown: the error handler gives every 5xx the same opaque answer, and this one is the caller's to act on.
      const busy = new ReportingProblems.exportsBusy(size)
      return sendProblem(reply, problemBody(503, busy.code, busy.message, request.url))
    }
    streaming += 1
    // 'close' comes once per response: after the last byte, or when the client goes away.
    reply.raw.once('close', () => { streaming -= 1 })
  }
}
