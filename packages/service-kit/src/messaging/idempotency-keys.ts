import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import type { FastifyBaseLogger as Logger } from 'fastify'
import type { Statement } from './outbox.js'
import { executePrepared } from '../data/prepared-statements.js'

/** Keys are kept two days: a client retrying within a day is always recognised. */
export const KEY_RETENTION = '48 hours'

/** A POST's answer as the `idempotency_key` table keeps it. */
export interface RememberedResponse {
  fingerprint: string
  status_code: number
  response_body: string
  response_headers: Record<string, string>
}

/** The answer given under a key, if the change it made has committed and the key has not expired. */
export async function recallResponse (em: EntityManager, key: string): Promise<RememberedResponse | undefined> {
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
export async function claimKey (em: EntityManager, key: string, fingerprint: string): Promise<boolean> {
  // Prepared: every POST with a key runs it.
  const claimed = await executePrepared(em,
    `insert into idempotency_key (key, fingerprint) values (?, ?)
     on conflict (key) do update set fingerprint = excluded.fingerprint, status_code = null, response_body = null,
       response_headers = '{}', created_at = now()
     where idempotency_key.created_at < now() - interval '${KEY_RETENTION}'
     returning key`,
    [key, fingerprint]
  )
  return claimed.length > 0
}

/**
 * Keeps the answer with the claimed key, in the same transaction as the change it describes: the statement, for
 * the unit of work to send with its outbox rows.
 */
export function rememberResponse (key: string, response: { statusCode: number, body: string, headers: Record<string, string> }): Statement {
  return {
    sql: 'update idempotency_key set status_code = ?, response_body = ?, response_headers = ?::jsonb where key = ?',
    params: [response.statusCode, response.body, JSON.stringify(response.headers), key]
  }
}

/** Forgets keys past retention; run now and then, the claim already ignores them. */
export async function purgeExpiredKeys (em: EntityManager): Promise<number> {
  const removed = await em.execute(`delete from idempotency_key where created_at < now() - interval '${KEY_RETENTION}' returning key`)
  return removed.length
}

const KEY_PURGE_INTERVAL_MS = 3600_000

/**
 * Removes expired keys at start and then hourly, in every replica (the delete is harmless when run twice);
 * returns the function that stops it.
 */
export async function purgeExpiredKeysHourly (orm: MikroORM, logger: Logger): Promise<() => void> {
  const purge = async (): Promise<void> => {
    try {
      const removed = await purgeExpiredKeys(orm.em.fork())
      if (removed > 0) logger.info({ removed }, 'expired idempotency keys removed')
    } catch (error) {
      logger.warn({ err: error }, 'expired idempotency keys could not be removed; trying again later')
    }
  }
  await purge()
  const timer = setInterval(() => { void purge() }, KEY_PURGE_INTERVAL_MS).unref()
  return () => { clearInterval(timer) }
}
