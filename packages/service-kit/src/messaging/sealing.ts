import { randomBytes } from 'node:crypto'
import { Compile } from 'typebox/compile'
import {
  CLIENT_KEY_ID, ClientKeyReply, PERSONAL_FIELDS, QUERY_SUBJECTS, erasedValues, kindOfSubject,
  type CloudEvent, type PersonalKind
} from '@travel-crm/contracts'
import { Keyring } from '../data/keyring.js'
import { Problems } from '../http/problem.js'
import type { Bus } from './nats.js'

/**
 * Crypto-shredding: the personal fields of an event (PERSONAL_FIELDS) go into the stream sealed with a key of
 * the client they belong to, which crm keeps; erasing the client destroys its keys, so every copy of those
 * events, in the stream and in any backup of it, can no longer be read, and a rebuild yields the erased record.
 */

/**
 * A new client key: its id (`c42-k3j9x0ab`) and the key. `clientId` may be `%s`, for a statement that inserts
 * the client and its key together to fill in with the id it assigns (`format(keyId, id)`).
 */
export function newClientKey (clientId: number | '%s'): { keyId: string, key: string } {
  const keyId = `c${clientId}-${randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 8)}`
  return { keyId, key: randomBytes(32).toString('base64') }
}

export function clientKeyring (keyId: string, key: string): Keyring {
  return Keyring.parse(`${keyId}:${key}`)
}

function personalFieldsOf (event: CloudEvent): readonly string[] {
  const kind = kindOfSubject(event.type)
  return kind in PERSONAL_FIELDS ? PERSONAL_FIELDS[kind as PersonalKind] : []
}

/** The event with the personal fields of its record sealed with the client's key (values as JSON, so a null stays one). */
export function sealEvent (event: CloudEvent, keyring: Keyring): CloudEvent {
  const fields = personalFieldsOf(event)
  const data = event.data as Record<string, unknown>
  const sealed = Object.fromEntries(fields.filter((field) => field in data).map((field) => [field, keyring.seal(JSON.stringify(data[field]))]))
  return { ...event, sealedwith: keyring.currentId, data: { ...data, ...sealed } }
}

/** Whether the event's record has personal fields that a client key seals. */
export function hasPersonalFields (event: CloudEvent): boolean {
  const data = event.data
  return data !== null && typeof data === 'object' && personalFieldsOf(event).some((field) => field in data)
}

/**
 * The event as it was before sealing, without `sealedwith`: with the key, the values; without it (the client
 * was erased), the erased values in their place.
 */
export function openEvent (event: CloudEvent, key: Keyring | 'erased'): CloudEvent {
  const { sealedwith, ...envelope } = event
  const data = event.data as Record<string, unknown>
  const kind = kindOfSubject(event.type) as PersonalKind
  if (key === 'erased') {
    const id = typeof data['id'] === 'number' ? data['id'] : 0
    const present = Object.entries(erasedValues(kind, id)).filter(([field]) => field in data)
    return { ...envelope, data: { ...data, ...Object.fromEntries(present) } }
  }
  const opened = personalFieldsOf(event).filter((field) => typeof data[field] === 'string' && Keyring.keyIdOf(data[field]) === sealedwith)
    .map((field) => [field, JSON.parse(key.open(data[field] as string)) as unknown])
  return { ...envelope, data: { ...data, ...Object.fromEntries(opened) } }
}

const CACHE_MS = 60_000
const CACHE_SIZE = 10_000
/** Every consumer of a sealed event asks for its key: checks compiled once, not interpreted per answer. */
const replyCheck = Compile(ClientKeyReply)
const keyIdPattern = new RegExp(CLIENT_KEY_ID)

/**
 * Opens sealed events for a consumer: asks crm for each client key it meets (request-reply, `crm.query.client-key`)
 * and keeps the answers a minute. When crm does not answer, opening fails as "unavailable": the consumer waits
 * and retries and never parks the event as a dead letter, since nothing is wrong with the event itself.
 */
export class ClientKeys {
  private readonly cache = new Map<string, { key: Keyring | 'erased', until: number }>()

  constructor (private readonly bus: Bus, private readonly timeoutMs = 2000, private readonly now = () => Date.now()) {}

  async open (event: CloudEvent): Promise<CloudEvent> {
    if (event.type === 'crm.client.erased') {
      const clientId = (event.data as { client_id?: unknown }).client_id
      if (typeof clientId === 'number') this.forget(clientId)
    }
    const keyId = event.sealedwith
    if (keyId === undefined) return event
    return openEvent(event, await this.key(keyId))
  }

  /** Forgets the keys of a client at once (its erasure), rather than at the end of their minute. */
  forget (clientId: number): void {
    for (const keyId of this.cache.keys()) if (keyId.startsWith(`c${clientId}-`)) this.cache.delete(keyId)
  }

  private async key (keyId: string): Promise<Keyring | 'erased'> {
    const cached = this.cache.get(keyId)
    if (cached !== undefined && cached.until > this.now()) return cached.key
    if (!keyIdPattern.test(keyId)) return 'erased'
    let body: unknown
    try {
      const reply = await this.bus.nc.request(this.bus.subject(QUERY_SUBJECTS.clientKey), JSON.stringify({ key_id: keyId }), { timeout: this.timeoutMs })
      body = reply.json()
    } catch {
      throw new Problems.unavailable(`crm cannot be asked for client key ${keyId} right now`)
    }
    if (!replyCheck.Check(body) || body.key_id !== keyId) throw new Problems.unavailable(`crm answered for client key ${keyId} in a form this service does not know`)
    const key = 'key' in body ? clientKeyring(keyId, body.key) : 'erased'
    if (this.cache.size >= CACHE_SIZE) this.cache.clear()
    this.cache.set(keyId, { key, until: this.now() + CACHE_MS })
    return key
  }
}
