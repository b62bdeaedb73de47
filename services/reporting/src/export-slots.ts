import type { FastifyReply, FastifyRequest } from 'fastify'
import { problemBody, sendProblem } from '@travel-crm/service-kit/http'
import { ReportingProblems } from './problems.js'

// Sent here, not thrown: the error handler gives every 5xx the same opaque answer, and this one is the caller's to act on.
function problemOf (problem: Error & { code: string }, status: number, instance: string) {
  return problemBody(status, problem.code, problem.message, instance)
}

export interface ExportLimits {
  /** Exports streaming at once, each holding a connection of the exports pool. */
  streams: number
  /** Exports waiting for a stream at once; past it a 503. */
  queue: number
  /** How long one waits for its turn before it is a 503. */
  waitMs: number
}

/** `taken` holds a stream until `release`; the others are answers. `gone`: the client left while it waited. */
export type Admission = 'taken' | 'busy' | 'share-used' | 'gone'

interface Waiter { userId: number, admit: (admission: Admission) => void }

/**
 * The streams of one process and the queue in front of them, shared fairly: a user streams at most half of
 * them (at least one) and holds at most half of the queue, so one user's downloads, or a script under one
 * account, can never keep everyone else's exports out. A user over their stream share waits in the queue
 * even while a stream is free; the queue is served in arrival order, skipping those still over their share.
 */
export class ExportSlots {
  private streaming = 0
  private readonly streamsOf = new Map<number, number>()
  private readonly waiting: Waiter[] = []
  readonly perUser: number
  readonly queuePerUser: number

  constructor (readonly limits: ExportLimits) {
    this.perUser = Math.max(1, Math.floor(limits.streams / 2))
    this.queuePerUser = Math.max(1, Math.floor(limits.queue / 2))
  }

  /** How many stream and how many wait now. */
  get load (): { streaming: number, waiting: number } {
    return { streaming: this.streaming, waiting: this.waiting.length }
  }

  /**
   * A stream for the user now, or once one is free and their turn has come; `busy` when the queue is full or
   * the wait limit passed first, `share-used` when the user holds their share of the queue already.
   */
  async take (userId: number, gone?: AbortSignal): Promise<Admission> {
    if (this.mayStream(userId)) {
      this.grant(userId)
      return 'taken'
    }
    const queued = this.waiting.filter((waiter) => waiter.userId === userId).length
    if (queued >= this.queuePerUser) return 'share-used'
    if (this.waiting.length >= this.limits.queue) return 'busy'
    return await new Promise<Admission>((resolve) => {
      const waiter: Waiter = {
        userId,
        admit: (admission) => {
          clearTimeout(timer)
          gone?.removeEventListener('abort', leave)
          resolve(admission)
        }
      }
      const leaveWith = (admission: Admission) => {
        const index = this.waiting.indexOf(waiter)
        if (index >= 0) this.waiting.splice(index, 1)
        waiter.admit(admission)
      }
      const leave = () => { leaveWith('gone') }
      const timer = setTimeout(() => { leaveWith('busy') }, this.limits.waitMs)
      gone?.addEventListener('abort', leave, { once: true })
      this.waiting.push(waiter)
    })
  }

  release (userId: number): void {
    this.streaming -= 1
    const held = (this.streamsOf.get(userId) ?? 1) - 1
    if (held > 0) this.streamsOf.set(userId, held)
    else this.streamsOf.delete(userId)
    // The first in line whose user is under their share; a user over it keeps their place for later.
    const next = this.waiting.findIndex((waiter) => this.mayStream(waiter.userId))
    if (next < 0) return
    const [waiter] = this.waiting.splice(next, 1) as [Waiter]
    this.grant(waiter.userId)
    waiter.admit('taken')
  }

  private mayStream (userId: number): boolean {
    return this.streaming < this.limits.streams && (this.streamsOf.get(userId) ?? 0) < this.perUser
  }

  private grant (userId: number): void {
    this.streaming += 1
    this.streamsOf.set(userId, (this.streamsOf.get(userId) ?? 0) + 1)
  }
}

/**
 * Answers a request that got no stream: a full queue, a wait past the limit, or a client gone while it waited
 * (nobody reads that answer, but the request ends as every other) is a 503; a user holding their share of the
 * queue already gets a 429. Both with Retry-After.
 */
export function refuse (request: FastifyRequest, reply: FastifyReply, slots: ExportSlots, outcome: Exclude<Admission, 'taken'>): FastifyReply {
  void reply.header('retry-after', '5')
  const { streaming, waiting } = slots.load
  return outcome === 'share-used'
    ? sendProblem(reply, problemOf(new ReportingProblems.exportsShareUsed(slots.perUser + slots.queuePerUser), 429, request.url))
    : sendProblem(reply, problemOf(new ReportingProblems.exportsBusy(streaming, waiting), 503, request.url))
}

/** Calls `leave` if the response closes (the client went away) before `waiting` settles. */
export async function unlessGone<Value> (reply: FastifyReply, leave: () => void, waiting: Promise<Value>): Promise<Value> {
  reply.raw.once('close', leave)
  try {
    return await waiting
  } finally {
    reply.raw.off('close', leave)
  }
}
