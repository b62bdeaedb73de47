import type { EntityManager } from '@mikro-orm/postgresql'
import { erasedValues, type ClientPayload } from '@travel-crm/contracts'
import type { Statement } from '@travel-crm/service-kit/messaging'

/** A client as billing's documents address it. */
export interface KnownClient {
  id: number
  name: string
  email: string
  phone: string
  company: string | null
}

/**
 * Applies crm.client.created/updated/archived/restored unless billing already holds this version or a later one (or a
 * tombstone): the consumer's statement (an `EventStatement`), sent with the event's inbox row, whose `fresh` it reads.
 */
export function rememberClient (client: ClientPayload): Statement {
  return {
    sql: `insert into client (id, name, email, phone, company, version, archived)
      select ?::int, ?::text, ?::text, ?::text, ?::text, ?::int, ?::boolean from fresh
      on conflict (id) do update set name = excluded.name, email = excluded.email, phone = excluded.phone,
        company = excluded.company, version = excluded.version, archived = excluded.archived
      where not client.deleted and client.version < excluded.version`,
    params: [client.id, client.name, client.email, client.phone, client.company, client.version, client.archived_at != null]
  }
}

/** Applies crm.client.deleted: the client becomes a tombstone (its trips' events remove its invoices). As rememberClient, a statement. */
export function forgetClient (client: ClientPayload): Statement {
  return {
    sql: `insert into client (id, name, email, phone, company, version, deleted)
      select ?::int, ?::text, ?::text, ?::text, ?::text, ?::int, true from fresh
      on conflict (id) do update set deleted = true, version = greatest(client.version, excluded.version)`,
    params: [client.id, client.name, client.email, client.phone, client.company, client.version]
  }
}

/** Whether crm archived this client (as far as billing has heard). */
export async function clientIsArchived (em: EntityManager, clientId: number): Promise<boolean> {
  const [row] = await em.execute<Array<{ archived: boolean }>>('select archived from client where id = ?', [clientId])
  return row?.archived === true
}

/**
 * Applies crm.client.erased whatever version the replica holds: a replica that missed the erased values
 * (a tombstone, an update still on its way) forgets the personal ones all the same.
 */
export async function eraseClient (em: EntityManager, id: number): Promise<void> {
  const erased = erasedValues('client', id)
  await em.execute('update client set name = ?, email = ?, phone = ?, company = ? where id = ?', [erased['name'], erased['email'], erased['phone'], erased['company'], id])
}

export async function knownClients (em: EntityManager, ids: number[]): Promise<Map<number, KnownClient>> {
  const rows = await em.execute<KnownClient[]>('select id, name, email, phone, company from client where id in (?) and not deleted', [ids])
  return new Map(rows.map((row) => [row.id, row]))
}
