import { createHash } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { IDEMPOTENCY_KEY_HEADER } from '@travel-crm/contracts'
import { originOf, Problems, type EventSink, type ServiceApp } from '@travel-crm/service-kit'
import { BillingProblems } from './problems.js'

/** What a POST answered, kept so that a retry gets exactly the same answer. */
export interface PostResponse {
  statusCode: number
  body: unknown
  headers: Record<string, string>
}

export type PostChange = (em: EntityManager, events: EventSink) => Promise<PostResponse>

interface RememberedResponse {
  fingerprint: string
  status_code: number
  response_body: string
  response_headers: Record<string, string>
}

/** Keys are kept two days: a client retrying within a day is always recognised. */
export const KEY_RETENTION = '48 hours'

const VISIBLE_ASCII = /^[\x21-\x7e]{1,255}$/

function keyOf (request: FastifyRequest): string | undefined {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER]
  if (key === undefined) return undefined
  if (typeof key !== 'string' || !VISIBLE_ASCII.test(key)) throw new BillingProblems.idempotencyKeyInvalid()
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

async function recall (em: EntityManager, key: string): Promise<RememberedResponse | undefined> {
  const [row] = await em.execute<RememberedResponse[]>(
    `select fingerprint, status_code, response_body, response_headers from idempotency_key
     where key = ? and status_code is not null and created_at >= now() - interval '${KEY_RETENTION}'`,
    [key]
  )
  return row
}

/**
 * Inserts the key in the change's transaction. While another request holding the same key is running, the
 * insert waits on the primary key; when that one commits this returns false, when it rolls back the key is
 * ours. A key past retention is taken over.
 */
async function claim (em: EntityManager, key: string, fingerprint: string): Promise<boolean> {
  const claimed = await em.execute(
    `insert into idempotency_key (key, fingerprint) values (?, ?)
     on conflict (key) do update set fingerprint = excluded.fingerprint, status_code = null, response_body = null,
       response_headers = '{}', created_at = now()
     where idempotency_key.created_at < now() - interval '${KEY_RETENTION}'
     returning key`,
    [key, fingerprint]
  )
  return claimed.length > 0
}

function send (reply: FastifyReply, response: { statusCode: number, body: string, headers: Record<string, string> }): FastifyReply {
  return reply.code(response.statusCode).headers(response.headers).type('application/json; charset=utf-8').send(response.body)
}

function replay (reply: FastifyReply, key: string, fingerprint: string, remembered: RememberedResponse): FastifyReply {
  if (remembered.fingerprint !== fingerprint) throw new BillingProblems.idempotencyKeyReused(key)
  void reply.header('idempotent-replayed', 'true')
  return send(reply, { statusCode: remembered.status_code, body: remembered.response_body, headers: remembered.response_headers })
}

/**
 * Runs a POST's change at most once per `Idempotency-Key`. The key and the response are written in the
 * change's own transaction, so they exist exactly when the change does: a refused request (4xx) leaves no
 * key behind and a corrected retry may use it again. Without a key the change simply runs.
 */
export async function respondOnce (app: ServiceApp, request: FastifyRequest, reply: FastifyReply, change: PostChange): Promise<FastifyReply> {
  const key = keyOf(request)
  if (key === undefined) {
    const response = await app.transact(originOf(request), change)
    return send(reply, { ...response, body: JSON.stringify(response.body) })
  }
  const fingerprint = fingerprintOf(request)
  // The usual retry, after the first answer was lost on the way: no transaction, no locks.
  const remembered = await recall(app.orm.em.fork(), key)
  if (remembered !== undefined) return replay(reply, key, fingerprint, remembered)

  const outcome = await app.transact(originOf(request), async (em, events) => {
    if (!await claim(em, key, fingerprint)) return { response: undefined, remembered: await recall(em, key) }
    const response = await change(em, events)
    const body = JSON.stringify(response.body)
    await em.execute(
      'update idempotency_key set status_code = ?, response_body = ?, response_headers = ?::jsonb where key = ?',
      [response.statusCode, body, JSON.stringify(response.headers), key]
    )
    return { response: { ...response, body }, remembered: undefined }
  })
  if (outcome.response !== undefined) return send(reply, outcome.response)
  if (outcome.remembered === undefined) throw new Problems.conflict(`A request with Idempotency-Key "${key}" is still being processed; retry shortly`)
  return replay(reply, key, fingerprint, outcome.remembered)
}

/** Forgets keys past retention; run now and then, the claim already ignores them. */
export async function purgeExpiredKeys (em: EntityManager): Promise<number> {
  const removed = await em.execute(`delete from idempotency_key where created_at < now() - interval '${KEY_RETENTION}' returning key`)
  return removed.length
}
