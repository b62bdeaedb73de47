import type { EntityManager } from '@mikro-orm/postgresql'
import { kindOfSubject, type ClientKeyReply, type CloudEvent } from '@travel-crm/contracts'
import type { Keyring } from '@travel-crm/service-kit/data'
import { clientKeyring, hasPersonalFields, newClientKey, sealEvent, type EnvelopeSealer } from '@travel-crm/service-kit/messaging'

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

/**
 * The client's current key, made in this transaction when it has none (new, or erased since). A client created
 * in this very transaction has none to look for: its id was never used before.
 */
async function keyOf (em: EntityManager, clientId: number, created: boolean): Promise<Keyring> {
  if (!created) {
    const [row] = await em.execute<Array<{ key_id: string, key: string }>>(
      'select key_id, key from client_key where client_id = ? order by created_at desc limit 1', [clientId]
    )
    if (row !== undefined) return clientKeyring(row.key_id, row.key)
  }
  const { keyId, key } = newClientKey(clientId)
  await em.execute('insert into client_key (key_id, client_id, key) values (?, ?, ?)', [keyId, clientId, key])
  return clientKeyring(keyId, key)
}

/** Seals the personal fields of crm's events with their client's key (the kit's sealing.ts says why). */
export const sealWithClientKeys: EnvelopeSealer = (em) => {
  const keys = new Map<number, Keyring>()
  return async (event) => {
    if (!hasPersonalFields(event)) return event
    const clientId = await clientOf(em, event)
    // A traveller whose trip is already gone in this very change: nothing to tie it to but the key of nobody.
    if (clientId === undefined) throw new Error(`${event.type} ${event.subject}: no client to seal its personal fields for`)
    let keyring = keys.get(clientId)
    if (keyring === undefined) {
      keyring = await keyOf(em, clientId, event.type === 'crm.client.created')
      keys.set(clientId, keyring)
    }
    return sealEvent(event, keyring)
  }
}

/** Destroys the client's keys: every event sealed with them can no longer be opened, anywhere. */
export async function destroyClientKeys (em: EntityManager, clientId: number): Promise<void> {
  await em.execute('delete from client_key where client_id = ?', [clientId])
}

export async function clientKeyReply (em: EntityManager, keyId: string): Promise<ClientKeyReply> {
  const [row] = await em.execute<Array<{ key: string }>>('select key from client_key where key_id = ?', [keyId])
  // Keys are made in the transaction of the first event they seal, so a key id that a published event names
  // and that is not here was destroyed by an erasure.
  return row === undefined ? { key_id: keyId, erased: true } : { key_id: keyId, key: row.key }
}
