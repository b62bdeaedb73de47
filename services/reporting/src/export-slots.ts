import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { problemBody, sendProblem } from '@travel-crm/service-kit/http'
import { ReportingProblems } from './problems.js'

// Sent here, not thrown: the error handler gives every 5xx the same opaque answer, and this one is the caller's to act on.
function problemOf (problem: Error & { code: string }, status: number, instance: string) {
  return problemBody(status, problem.code, problem.message, instance)
}

/**
 * The slots of one process, shared fairly: each user holds at most half of them (at least one), so one user's
 * downloads, or a script under one account, can never keep everyone else's exports out.
 */
export class ExportSlots {
  private streaming = 0
  private readonly byUser = new Map<number, number>()
  readonly perUser: number

  constructor (readonly size: number) {
    this.perUser = Math.max(1, Math.floor(size / 2))
  }

  /** Takes a slot for the user, or says why not: every slot is streaming, or the user's share is. */
  take (userId: number): 'taken' | 'busy' | 'share-used' {
    const held = this.byUser.get(userId) ?? 0
    if (held >= this.perUser) return 'share-used'
    if (this.streaming >= this.size) return 'busy'
    this.streaming += 1
    this.byUser.set(userId, held + 1)
    return 'taken'
  }

  release (userId: number): void {
    this.streaming -= 1
    const held = (this.byUser.get(userId) ?? 1) - 1
    if (held > 0) this.byUser.set(userId, held)
    else this.byUser.delete(userId)
  }
}

/**
 * At most `size` exports stream at once in one process: each holds a connection of the exports pool while
 * its client downloads. One more is refused at once, 503 with Retry-After, rather than queued for a
 * connection after its 200 and headers have gone out; one more than a user's share is a 429.
 */
export function exportSlots (size: number): preHandlerAsyncHookHandler {
  const slots = new ExportSlots(size)
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url?.endsWith('/export') !== true) return
    // Every export route needs a token, so there is an actor; 0 only keeps the types honest.
    const userId = request.actor?.id ?? 0
    const outcome = slots.take(userId)
    if (outcome !== 'taken') {
      void reply.header('retry-after', '5')
      return outcome === 'busy'
        ? sendProblem(reply, problemOf(new ReportingProblems.exportsBusy(size), 503, request.url))
        : sendProblem(reply, problemOf(new ReportingProblems.exportsShareUsed(slots.perUser, size), 429, request.url))
    }
    // 'close' comes once per response: after the last byte, or when the client goes away.
    reply.raw.once('close', () => { slots.release(userId) })
  }
}
