import type { EntityManager } from '@mikro-orm/postgresql'
import type { EndpointPayload, WebhookPatch } from '@travel-crm/contracts'
import type { Change } from '@travel-crm/service-kit/messaging'
import { WebhooksProblems } from './problems.js'

/** A timestamp as a query returns it: a Date or text, depending on the driver's type parsers. */
export type DbTime = Date | string

export function isoTime (value: DbTime): string {
  return new Date(value).toISOString()
}

/** An endpoint row as the database holds it (secrets sealed). */
export interface EndpointRow {
  id: number
  url: string
  events: string[]
  description: string | null
  enabled: boolean
  disabled_reason: string | null
  failing_since: DbTime | null
  secret: string
  previous_secret: string | null
  previous_secret_expires_at: DbTime | null
  created_at: DbTime
  updated_at: DbTime
  created_by: number | null
  updated_by: number | null
  version: number
}

export function endpointPayload (row: EndpointRow): EndpointPayload {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    failing_since: row.failing_since === null ? null : isoTime(row.failing_since),
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
    created_by: row.created_by,
    updated_by: row.updated_by,
    version: row.version
  }
}

export async function findEndpoint (em: EntityManager, id: number): Promise<EndpointRow> {
  const [row] = await em.execute<EndpointRow[]>('select * from endpoint where id = ?', [id])
  if (row === undefined) throw new WebhooksProblems.endpointNotFound(id)
  return row
}

export async function listEndpoints (em: EntityManager, window: { limit: number, offset: number }): Promise<{ endpoints: EndpointRow[], total: number }> {
  const endpoints = await em.execute<EndpointRow[]>('select * from endpoint order by id limit ? offset ?', [window.limit, window.offset])
  const [count] = await em.execute<Array<{ total: string }>>('select count(*) as total from endpoint')
  return { endpoints, total: Number(count?.total ?? 0) }
}

export interface NewEndpoint { url: string, events: string[], description: string | null, sealedSecret: string, by: number | null }

export async function insertEndpoint (em: EntityManager, endpoint: NewEndpoint): Promise<EndpointRow> {
  const [row] = await em.execute<EndpointRow[]>(
    `insert into endpoint (url, events, description, secret, created_by, updated_by)
     values (?, ?::jsonb, ?, ?, ?, ?) returning *`,
    [endpoint.url, JSON.stringify(endpoint.events), endpoint.description, endpoint.sealedSecret, endpoint.by, endpoint.by]
  )
  const created = row as EndpointRow
  await em.execute('insert into delivery_lane (endpoint_id) values (?)', [created.id])
  return created
}

/** Locks the endpoint for a change, after checking the caller's `If-Match` against its version. */
async function lockForChange (em: EntityManager, id: number, change: Change): Promise<void> {
  const [row] = await em.execute<Array<{ version: number }>>('select version from endpoint where id = ? for update', [id])
  if (row === undefined) throw new WebhooksProblems.endpointNotFound(id)
  change.precondition(`Webhook endpoint ${id}`, row.version)
}

export async function updateEndpoint (em: EntityManager, id: number, patch: WebhookPatch, change: Change): Promise<EndpointRow> {
  await lockForChange(em, id, change)
  const sets: string[] = []
  const values: unknown[] = []
  if (patch.url !== undefined) { sets.push('url = ?'); values.push(patch.url) }
  if (patch.events !== undefined) { sets.push('events = ?::jsonb'); values.push(JSON.stringify(patch.events)) }
  if (patch.description !== undefined) { sets.push('description = ?'); values.push(patch.description) }
  if (patch.enabled === true) sets.push('enabled = true', 'disabled_reason = null', 'failing_since = null')
  if (patch.enabled === false) sets.push('enabled = false', 'disabled_reason = \'disabled by an administrator\'')
  const [row] = await em.execute<EndpointRow[]>(
    `update endpoint set ${sets.join(', ')}, updated_at = ?, updated_by = ?, version = version + 1 where id = ? returning *`,
    [...values, change.now, change.actorId, id]
  )
  return row as EndpointRow
}

export async function deleteEndpoint (em: EntityManager, id: number, change: Change): Promise<void> {
  // The lane first: this waits for a dispatcher's turn at the endpoint to end. Locking the endpoint first would
  // hold its row while that dispatcher, still holding the lane, waits on it to record its attempt.
  await em.execute('delete from delivery_lane where endpoint_id = ?', [id])
  await lockForChange(em, id, change)
  await em.execute('delete from endpoint where id = ?', [id])
}

/** The new secret signs from now on; the one it replaces keeps signing alongside until `overlapUntil`. */
export async function replaceSecret (em: EntityManager, id: number, sealedSecret: string, overlapUntil: Date, change: Change): Promise<EndpointRow> {
  await lockForChange(em, id, change)
  const [row] = await em.execute<EndpointRow[]>(
    `update endpoint set previous_secret = secret, previous_secret_expires_at = ?, secret = ?,
       updated_at = ?, updated_by = ?, version = version + 1
     where id = ? returning *`,
    [overlapUntil, sealedSecret, change.now, change.actorId, id]
  )
  return row as EndpointRow
}
