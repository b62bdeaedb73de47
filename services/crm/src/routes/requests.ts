import type { FastifyRequest } from 'fastify'
import { noPrecondition, type Precondition } from '../precondition.js'
import { StaleVersion } from '../problems.js'

/** The user acting. The policy table gives every crm route a token check, so a missing actor is a wiring bug. */
export function userOf (request: FastifyRequest): number {
  if (request.actor === undefined) throw new Error(`${request.method} ${request.url} ran without an authenticated actor`)
  return request.actor.id
}

const STRONG_TAG = /^"?(\d+)"?$/

/**
 * `If-Match` as RFC 9110 reads it: `*` or a list of entity tags, compared strongly (a weak `W/"3"` never
 * matches). The tag is the record's version; the quotes may be left out, as hand-written requests often do.
 */
export function ifMatch (request: FastifyRequest): Precondition {
  const header = request.headers['if-match']
  if (header === undefined) return noPrecondition
  const tags = header.split(',').map((tag) => tag.trim())
  if (tags.includes('*')) return noPrecondition
  const versions = new Set(tags.map((tag) => STRONG_TAG.exec(tag)?.[1]).filter((version) => version !== undefined))
  return (label, currentVersion) => {
    if (!versions.has(String(currentVersion))) throw new StaleVersion(label, currentVersion, header)
  }
}
