import type { FastifyReply, FastifyRequest } from 'fastify'
import { KeptByTag } from './kept-by-tag.js'
import { readModelTag } from './read-model-changes.js'
import type { Reporting } from './report-database.js'

/** Bodies kept: one per report and query, the oldest used forgotten first (about a megabyte each at full size). */
const KEPT = 8

/** Whether an `If-None-Match` header names the tag (weakly compared, as RFC 9110 asks of it). */
export function noneMatchNames (header: string | undefined, tag: string): boolean {
  if (header === undefined) return false
  return header.split(',').some((entry) => {
    const candidate = entry.trim()
    return candidate === '*' || candidate.replace(/^W\//, '') === tag
  })
}

/**
 * The way every JSON report is answered. Its ETag is the read models' change count and the day the report is
 * judged on: while neither moved, the same request gives the same body, so a client that has it gets 304, and
 * others get the body built for the first asker instead of a new query. The count is read before the body is
 * built, so a body is never older than its tag; one built a moment later is simply replaced at the next change.
 */
export class ReportBodies {
  private readonly bodies = new KeptByTag<Promise<string>>(KEPT)

  constructor (private readonly reading: Reporting) {}

  async send (request: FastifyRequest, reply: FastifyReply, build: (today: string) => Promise<string>): Promise<FastifyReply> {
    const { tag: version, today } = await readModelTag(this.reading)
    const tag = `"${version}"`
    // no-cache: a client may keep the body but asks each time whether it still holds.
    reply.header('etag', tag).header('cache-control', 'private, no-cache')
    if (noneMatchNames(request.headers['if-none-match'], tag)) return reply.code(304).send()
    // Askers at the same time share one build; a build that failed is not kept.
    return sendJson(reply, await this.bodies.at(request.url, tag, () => {
      const body = build(today)
      body.catch(() => { this.bodies.forget(request.url, body) })
      return body
    }))
  }
}

/**
 * Sends a body that Postgres wrote as JSON. Fastify sends a string with a JSON content type as it is: the
 * route's 200 schema documents the body but is not used to serialise it.
 */
export function sendJson (reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body)
}
