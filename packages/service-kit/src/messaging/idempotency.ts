import { createHash } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { IDEMPOTENCY_KEY_HEADER } from '@travel-crm/contracts'
import { claimKey, recallResponse, rememberResponse, type RememberedResponse } from './idempotency-keys.js'
import { etagOf } from '../http/preconditions.js'
import { defineProblem, Problems } from '../http/problem.js'
import { originOf } from './changes.js'
import type { ServiceApp } from './layer.js'
import type { EventSink } from './unit-of-work.js'

/** What a POST answered, kept so that a retry gets exactly the same answer. */
export interface PostResponse {
  statusCode: number
  body: unknown
  headers: Record<string, string>
}

/** The change a POST makes, in the transaction that also keeps its key and answer. */
export type PostChange = (em: EntityManager, events: EventSink) => Promise<PostResponse>

export const IdempotencyKeyReused = defineProblem('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key "%s" was already used for a different request', 422)
export const IdempotencyKeyInvalid = defineProblem('IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters', 400)

/** The answer to a create: 201, the whole resource, where it lives and its entity tag. */
export function createdResponse (location: string, version: number, body: unknown): PostResponse {
  return { statusCode: 201, body, headers: { location, etag: etagOf(version) } }
}

const VISIBLE_ASCII = /^[\x21-\x7e]{1,255}$/

function keyOf (request: FastifyRequest): string | undefined {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER]
  if (key === undefined) return undefined
  if (typeof key !== 'string' || !VISIBLE_ASCII.test(key)) throw new IdempotencyKeyInvalid()
  return key
}

/** JSON with object keys sorted, so that the same body sent with its fields in another order is the same. */
function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** The same key means the same request only from the same user, to the same route, with the same body. */
function fingerprintOf (request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? request.url
  return createHash('sha256')
    .update(`${request.method} ${path}\n${request.actor?.id ?? ''}\n${canonicalJson(request.body)}`)
    .digest('hex')
}

function send (reply: FastifyReply, response: { statusCode: number, body: string, headers: Record<string, string> }): FastifyReply {
  return reply.code(response.statusCode).headers(response.headers).type('application/json; charset=utf-8').send(response.body)
}

/**
 * How a route whose answer holds something kept encrypted at rest (a passport number) keeps that answer: the
 * remembered body is sealed as the record is, and opened for a replay.
 */
export interface AnswerSealing {
  seal: (body: string) => string
  open: (sealed: string) => string
}

function replay (reply: FastifyReply, key: string, fingerprint: string, remembered: RememberedResponse, sealing?: AnswerSealing): FastifyReply {
  if (remembered.fingerprint !== fingerprint) throw new IdempotencyKeyReused(key)
  void reply.header('idempotent-replayed', 'true')
  const body = sealing === undefined ? remembered.response_body : sealing.open(remembered.response_body)
  return send(reply, { statusCode: remembered.status_code, body, headers: remembered.response_headers })
}

/**
 * Runs a POST's change at most once per `Idempotency-Key`. The key and the response are written in the
 * change's own transaction, so they exist exactly when the change does: a refused request (4xx) leaves no
 * key behind and a corrected retry may use it again. Without a key the change simply runs.
 */
export async function respondOnce (
  app: ServiceApp, request: FastifyRequest, reply: FastifyReply, change: PostChange, options: { sealing?: AnswerSealing } = {}
): Promise<FastifyReply> {
  const key = keyOf(request)
  if (key === undefined) {
    const response = await app.transact(originOf(request), change)
    return send(reply, { ...response, body: JSON.stringify(response.body) })
  }
  const fingerprint = fingerprintOf(request)
  // A retry is rare: the claim itself finds an answered key, instead of every POST asking first.
  const outcome = await app.transact(originOf(request), async (em, events) => {
    if (!await claimKey(em, key, fingerprint)) return { response: undefined, remembered: await recallResponse(em, key) }
    const response = await change(em, events)
    return { response: { ...response, body: JSON.stringify(response.body) }, remembered: undefined }
  }, {
    // The answer is kept by the statement that writes the change's events, just before the commit.
    lastWrite: ({ response: answer }) => answer === undefined
      ? undefined
      : rememberResponse(key, options.sealing === undefined ? answer : { ...answer, body: options.sealing.seal(answer.body) })
  })
  if (outcome.response !== undefined) return send(reply, outcome.response)
  if (outcome.remembered === undefined) throw new Problems.conflict(`A request with Idempotency-Key "${key}" is still being processed; retry shortly`)
  return replay(reply, key, fingerprint, outcome.remembered, options.sealing)
}
