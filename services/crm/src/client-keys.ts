import type { EntityManager } from '@mikro-orm/postgresql'
import type { EntityData, EntityMetadata } from '@mikro-orm/core'
import { kindOfSubject, type ClientKeyReply, type CloudEvent } from '@travel-crm/contracts'
import { executePrepared, findRow, type Audited, type Keyring } from '@travel-crm/service-kit/data'
import { clientKeyring, hasPersonalFields, newClientKey, perTransaction, sealEvent, type EnvelopeSealer } from '@travel-crm/service-kit/messaging'
import { Client } from './entities/client.js'
import { ClientKey } from './entities/client-key.js'

/** The keys a transaction made or read, by client: its sealer seals every event of a client with one key. */
const keysOf = perTransaction((): Map<number, Keyring> => new Map())

export type NewClient = Pick<Client, 'name' | 'email' | 'phone' | 'company'> & Audited

/**
 * Inserts a client and its first key in one statement: the key's id names the client's id, which only the
 * insert assigns, so made apart they cost a round trip each on every create; prepared, Postgres plans it once per
 * connection instead of on every create. The key is kept for the transaction's sealer, which seals the created
 * event with it. The row comes back as plain data, as a read does.
 */
export async function insertClientWithKey (em: EntityManager, client: NewClient): Promise<Client> {
  const { keyId, key } = newClientKey('%s')
  const [row] = await executePrepared<EntityData<Client> & { key_id: string }>(em,
    `with made as (
       insert into client (name, email, phone, company, created_at, updated_at, created_by, updated_by, version)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning *
     ), keyed as (
       insert into client_key (key_id, client_id, key) select format(?, id), id, ? from made returning key_id
     )
     select made.*, keyed.key_id from made, keyed`,
    [client.name, client.email, client.phone, client.company ?? null, client.createdAt, client.updatedAt, client.createdBy ?? null, client.updatedBy ?? null, client.version, keyId, key]
  )
  if (row === undefined) throw new Error('the client insert returned no row')
  const { key_id: madeKeyId, ...columns } = row
  const made = em.getDriver().mapResult(columns as EntityData<Client>, em.getMetadata().find(Client) as EntityMetadata<Client>) as Client
  keysOf(em).set(made.id, clientKeyring(madeKeyId, key))
  return made
}

/** The client whose key seals an event's record: a traveller's is its trip's client, like everything on the trip. */
async function clientOf (em: EntityManager, event: CloudEvent): Promise<number | undefined> {
  const data = event.data as { id: number, client_id?: number, trip_id?: number }
  switch (kindOfSubject(event.type)) {
    case 'client': return data.id
    case 'traveller': {
      const [trip] = await em.execute<Array<{ client_id: number }>>('select client_id from trip where id = ?', [data.trip_id])
      return trip?.client_id
    }
    default: return data.client_id
  }
}

/** The client's current key, made in this transaction when it has none (erased since). */
async function keyOf (em: EntityManager, clientId: number): Promise<Keyring> {
  const [row] = await em.execute<Array<{ key_id: string, key: string }>>(
    'select key_id, key from client_key where client_id = ? order by created_at desc limit 1', [clientId]
  )
  if (row !== undefined) return clientKeyring(row.key_id, row.key)
  const { keyId, key } = newClientKey(clientId)
  await em.execute('insert into client_key (key_id, client_id, key) values (?, ?, ?)', [keyId, clientId, key])
  return clientKeyring(keyId, key)
}

/** Seals the personal fields of crm's events with their client's key (the kit's sealing.ts says why). */
export const sealWithClientKeys: EnvelopeSealer = (em) => {
  const keys = keysOf(em)
  return async (event) => {
    if (!hasPersonalFields(event)) return event
    const clientId = await clientOf(em, event)
    // A traveller whose trip is already gone in this very change: nothing to tie it to but the key of nobody.
    if (clientId === undefined) throw new Error(`${event.type} ${event.subject}: no client to seal its personal fields for`)
    let keyring = keys.get(clientId)
    if (keyring === undefined) {
      keyring = await keyOf(em, clientId)
      keys.set(clientId, keyring)
    }
    return sealEvent(event, keyring)
  }
}

/** Destroys the client's keys: every event sealed with them can no longer be opened, anywhere. */
export async function destroyClientKeys (em: EntityManager, clientId: number): Promise<void> {
  await em.execute('delete from client_key where client_id = ?', [clientId])
}

/**
 * Asked by each consumer of a sealed event, so three times for every client created: read as a prepared
 * statement (`findRow`), which Postgres parses and plans once per connection.
 */
export async function clientKeyReply (em: EntityManager, keyId: string): Promise<ClientKeyReply> {
  const row = await findRow(em, ClientKey, { keyId })
  // Keys are made in the transaction of the first event they seal, so a key id that a published event names
  // and that is not here was destroyed by an erasure.
  return row === undefined ? { key_id: keyId, erased: true } : { key_id: keyId, key: row.key }
}
